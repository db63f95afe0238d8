/** One decode per image, shared by every pixel enricher. */
export {
  decodeBase,
  decodeImage,
  defaultImageFormats,
  defaultWorkingSize,
  readSourceFacts,
  translateDecodeError,
} from './decode-image.ts';
export type { DecodeOptions, DecodedAsset, SourceFacts } from './decode-image.ts';
export { dropOpaqueAlpha } from './raster.ts';
export type { Raster, RgbaRaster } from './raster.ts';
