/**
 * sRGB ↔ CIELAB lives in the domain (src/domain/lab.ts) because storage and services need it too (colour filters
 * on asset lists); re-exported here so that the colour enricher keeps its local imports.
 */
export { hexToLab, labToHex, labToRgb, parseHex, rgbToHex, rgbToLab } from '../../domain/lab.ts';
export type { Lab } from '../../domain/lab.ts';
