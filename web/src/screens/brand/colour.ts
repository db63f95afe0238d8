/**
 * The server's own colour maths (src/domain/lab.ts: sRGB → CIELAB D50; src/domain/delta-e.ts: CIEDE2000), bundled
 * into the page rather than copied, so that the palette preview classifies a sample's pixels exactly as the brand
 * check classifies a picture's palette, without a round trip per pixel. The domain imports nothing, so it bundles
 * as it is. Only the brand editor's hex handling is its own: six digits, as the guideline's palette takes them.
 */
import { rgbToLab, type Lab } from '../../../../src/domain/lab.ts';

export { deltaE2000 } from '../../../../src/domain/delta-e.ts';
export { rgbToLab, type Lab };

const HEX = /^#([0-9a-f]{6})$/i;

export const isHex = (value: string): boolean => HEX.test(value);

/** The 0..255 channels of '#rrggbb', or undefined for anything else. */
export function hexToRgb(hex: string): [number, number, number] | undefined {
  const match = HEX.exec(hex.trim());
  if (!match?.[1]) return undefined;
  const n = parseInt(match[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function hexToLab(hex: string): Lab | undefined {
  const rgb = hexToRgb(hex);
  return rgb && rgbToLab(...rgb);
}
