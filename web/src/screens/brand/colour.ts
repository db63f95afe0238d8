/**
 * sRGB → CIELAB (D50, Bradford-adapted: the server's space, src/domain/lab.ts) and CIEDE2000 (Sharma, Wu & Dalal
 * 2005, kL = kC = kH = 1), the formulas of src/domain/delta-e.ts copied here so the palette preview classifies a
 * sample's pixels exactly as the brand check classifies a picture's palette, without a round trip per pixel.
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
const LINEAR_8BIT = Float64Array.from({ length: 256 }, (_, i) => linearise(i / 255));
const f = (t: number): number => (t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116);

/** Lab of an 8-bit sRGB colour; greys come out with a = b = 0 exactly. */
export function rgbToLab(r: number, g: number, b: number): Lab {
  const lr = LINEAR_8BIT[r] ?? linearise(r / 255);
  const lg = LINEAR_8BIT[g] ?? linearise(g / 255);
  const lb = LINEAR_8BIT[b] ?? linearise(b / 255);
  const x = 0.436065742824811 * lr + 0.3851514688337912 * lg + 0.14307845442264197 * lb;
  const y = 0.22249319175623702 * lr + 0.7168870538238823 * lg + 0.06061979053616537 * lb;
  const z = 0.013923904500943465 * lr + 0.09708128566574634 * lg + 0.7140993584005155 * lb;
  const fx = f(x / D50_X);
  const fy = f(y);
  const fz = f(z / D50_Z);
  const lab = { l: 116 * fy - 16, a: 500 * (fx - fy), b: 200 * (fy - fz) };
  if (r === g && g === b) {
    lab.a = 0;
    lab.b = 0;
  }
  return lab;
}

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

const POW25_7 = Math.pow(25, 7);
const DEG = Math.PI / 180;
const pow7 = (x: number): number => {
  const x2 = x * x;
  return x2 * x2 * x2 * x;
};
const norm = (a: number, b: number): number => Math.sqrt(a * a + b * b);
const hue = (a: number, b: number): number => {
  if (a === 0 && b === 0) return 0;
  const h = Math.atan2(b, a);
  return ((h < 0 ? h + 2 * Math.PI : h) * 180) / Math.PI;
};

/** CIEDE2000 between two Lab colours. */
export function deltaE2000(x: Lab, y: Lab): number {
  const c1 = norm(x.a, x.b);
  const c2 = norm(y.a, y.b);
  const cMean7 = pow7((c1 + c2) / 2);
  const g = 0.5 * (1 - Math.sqrt(cMean7 / (cMean7 + POW25_7)));
  const a1 = x.a * (1 + g);
  const a2 = y.a * (1 + g);
  const cp1 = norm(a1, x.b);
  const cp2 = norm(a2, y.b);
  const h1 = hue(a1, x.b);
  const h2 = hue(a2, y.b);

  const dL = y.l - x.l;
  const dC = cp2 - cp1;
  let dh = 0;
  if (cp1 * cp2 !== 0) {
    dh = h2 - h1;
    if (dh > 180) dh -= 360;
    else if (dh < -180) dh += 360;
  }
  const dH = 2 * Math.sqrt(cp1 * cp2) * Math.sin((dh * DEG) / 2);

  const lMean = (x.l + y.l) / 2;
  const cpMean = (cp1 + cp2) / 2;
  let hMeanDeg = h1 + h2;
  if (cp1 * cp2 !== 0) {
    hMeanDeg = (h1 + h2) / 2;
    if (Math.abs(h1 - h2) > 180) hMeanDeg += hMeanDeg < 180 ? 180 : -180;
  }
  const hMean = hMeanDeg * DEG;
  const t =
    1 -
    0.17 * Math.cos(hMean - 30 * DEG) +
    0.24 * Math.cos(2 * hMean) +
    0.32 * Math.cos(3 * hMean + 6 * DEG) -
    0.2 * Math.cos(4 * hMean - 63 * DEG);
  const lMean50 = (lMean - 50) * (lMean - 50);
  const sL = 1 + (0.015 * lMean50) / Math.sqrt(20 + lMean50);
  const sC = 1 + 0.045 * cpMean;
  const sH = 1 + 0.015 * cpMean * t;
  const hueOffset = (hMeanDeg - 275) / 25;
  const dTheta = 30 * DEG * Math.exp(-(hueOffset * hueOffset));
  const cpMean7 = pow7(cpMean);
  const rT = -2 * Math.sqrt(cpMean7 / (cpMean7 + POW25_7)) * Math.sin(2 * dTheta);
  const tl = dL / sL;
  const tc = dC / sC;
  const th = dH / sH;
  return Math.sqrt(tl * tl + tc * tc + th * th + rT * tc * th);
}
