/** Colour enrichment: dominant palette with names, CIEDE2000 and on-palette shares for brand checks. */
export { colourFamilyOf } from '../../domain/colour-family.ts';
export { colourFamilies, namedColours, nearestNamedColour } from './colour-names.ts';
export type { ColourFamily, NamedColour } from './colour-names.ts';
export { deltaE2000 } from './delta-e.ts';
export { hexToLab, labToHex, labToRgb, parseHex, rgbToHex, rgbToLab } from './lab.ts';
export type { Lab } from './lab.ts';
export {
  colourHistogram,
  defaultMaxSamples,
  extractPalette,
  measureShareWithin,
  onPaletteShare,
  paletteProducer,
} from './palette.ts';
export type { ColourHistogram, ColourInput, PaletteOptions } from './palette.ts';
