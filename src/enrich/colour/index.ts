/**
 * Colour enrichment: dominant palette with names and on-palette shares for brand checks. Lab, CIEDE2000 and the
 * colour families are domain rules (src/domain/lab.ts, delta-e.ts, colour-family.ts): import them from there.
 */
export { namedColours, nearestNamedColour } from './colour-names.ts';
export type { NamedColour } from './colour-names.ts';
export {
  colourHistogram,
  defaultMaxSamples,
  extractPalette,
  measureShareWithin,
  onPaletteShare,
  paletteProducer,
} from './palette.ts';
export type { ColourHistogram, ColourInput, PaletteOptions } from './palette.ts';
