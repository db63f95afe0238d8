/** Logo matching: finds a brand's reference logo in a picture at unknown scale and position (issue 13, Logo rules). */
export { createLogoMatcher } from './logo-matcher.ts';
export type { LogoMatcherOptions } from './logo-matcher.ts';
export {
  detailImageFromBytes,
  detailImageFromFile,
  referenceImageFromBytes,
  referenceLogoFormats,
} from './load-images.ts';
export { defaultLogoSearchOptions, minimumLogoSide } from './template-search.ts';
