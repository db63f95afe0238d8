/**
 * sRGB ↔ CIELAB conversion, fast enough to run per histogram bin.
 *
 * Lab here is CIELAB relative to D50 (Bradford-adapted sRGB), the same space as CSS Color 4 `lab()`, the ICC
 * profile connection space and the Lab values printed in Pantone/print brand books, so a brand palette given in Lab
 * can be compared with ours without conversion. The constants are culori's (`converter('lab')`), and a test keeps
 * the two in step (lab.test.ts). Every Lab in Provena (palette, brand colours, ΔE2000, colour
 * filters) uses this one space. In the domain because the colour enricher, storage and services all need it.
 */

export interface Lab {
  l: number;
  a: number;
  b: number;
}

const D50_X = 0.3457 / 0.3585;
const D50_Z = (1 - 0.3457 - 0.3585) / 0.3585;
const EPSILON = 216 / 24389;
const KAPPA = 24389 / 27;

const linearise = (c: number): number => (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
const gammaEncode = (c: number): number => (c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055);

/** Linear-light value of each 8-bit sRGB code, precomputed once: the pow() is the costly part of the conversion. */
const LINEAR_8BIT = Float64Array.from({ length: 256 }, (_, i) => linearise(i / 255));

const f = (t: number): number => (t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116);
const fInverse = (t: number): number => (t * t * t > EPSILON ? t * t * t : (116 * t - 16) / KAPPA);

/** Lab of linear-light RGB (0..1). */
const labOfLinear = (r: number, g: number, b: number): Lab => {
  const x = 0.436065742824811 * r + 0.3851514688337912 * g + 0.14307845442264197 * b;
  const y = 0.22249319175623702 * r + 0.7168870538238823 * g + 0.06061979053616537 * b;
  const z = 0.013923904500943465 * r + 0.09708128566574634 * g + 0.7140993584005155 * b;
  const fx = f(x / D50_X);
  const fy = f(y);
  const fz = f(z / D50_Z);
  return { l: 116 * fy - 16, a: 500 * (fx - fy), b: 200 * (fy - fz) };
};

/**
 * Lab of an sRGB colour with channels 0..255 (fractions allowed: histogram bins carry mean values).
 * Greys come out with a = b = 0 exactly, so that they never pick up a hue from rounding.
 */
export const rgbToLab = (r: number, g: number, b: number): Lab => {
  const lab =
    Number.isInteger(r) && Number.isInteger(g) && Number.isInteger(b)
      ? labOfLinear(LINEAR_8BIT[r] ?? 0, LINEAR_8BIT[g] ?? 0, LINEAR_8BIT[b] ?? 0)
      : labOfLinear(linearise(r / 255), linearise(g / 255), linearise(b / 255));
  if (r === g && g === b) {
    lab.a = 0;
    lab.b = 0;
  }
  return lab;
};

/** sRGB 0..255 (rounded, clamped into gamut) of a Lab colour. */
export const labToRgb = (lab: Lab): [number, number, number] => {
  const fy = (lab.l + 16) / 116;
  const fx = lab.a / 500 + fy;
  const fz = fy - lab.b / 200;
  const x = fInverse(fx) * D50_X;
  const y = fInverse(fy);
  const z = fInverse(fz) * D50_Z;
  const r = 3.1341359569958707 * x - 1.6173863321612538 * y - 0.4906619460083532 * z;
  const g = -0.978795502912089 * x + 1.916254567259524 * y + 0.03344273116131949 * z;
  const b = 0.07195537988411677 * x - 0.2289768264158322 * y + 1.405386058324125 * z;
  const to8 = (c: number): number => Math.round(Math.min(1, Math.max(0, gammaEncode(c))) * 255);
  return [to8(r), to8(g), to8(b)];
};

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** '#rrggbb' (lowercase) of 0..255 channels. */
export const rgbToHex = (r: number, g: number, b: number): string =>
  '#' + [r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('');

export const labToHex = (lab: Lab): string => rgbToHex(...labToRgb(lab));

/** Parses '#rgb' or '#rrggbb' (the '#' optional); undefined when the text is not a hex colour. */
export const parseHex = (hex: string): [number, number, number] | undefined => {
  const match = HEX.exec(hex.trim());
  if (!match?.[1]) return undefined;
  const digits = match[1].length === 3 ? [...match[1]].map((d) => d + d).join('') : match[1];
  const value = Number.parseInt(digits, 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
};

/** Lab of a hex colour; throws a RangeError for text that is not one (callers validate user input first). */
export const hexToLab = (hex: string): Lab => {
  const rgb = parseHex(hex);
  if (!rgb) throw new RangeError(`Not a hex colour: ${JSON.stringify(hex)}`);
  return rgbToLab(...rgb);
};
