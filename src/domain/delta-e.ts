/**
 * CIEDE2000 colour difference (Sharma, Wu & Dalal 2005, with kL = kC = kH = 1) on Lab values.
 *
 * Written out rather than taken from culori because culori's version converts its inputs to D65 Lab first, while
 * Provena keeps one Lab space (D50, see lab.ts); and because palette naming and brand scoring call it thousands of
 * times per image, where a plain-number function avoids culori's per-call object conversions. A test checks it
 * against Sharma's published test pairs and against culori (delta-e.test.ts). In the domain
 * because storage finishes hex-colour filters of asset lists with it.
 */
import type { Lab } from './lab.ts';

const POW25_7 = Math.pow(25, 7);
const DEG = Math.PI / 180;

// Plain arithmetic instead of Math.hypot and Math.pow(x, 7): the same values to ~1e-13 and five times faster (V8's
// hypot guards against overflow that Lab values never reach). Palette naming calls this ~700 times per image.
const pow7 = (x: number): number => {
  const x2 = x * x;
  return x2 * x2 * x2 * x;
};
const norm = (a: number, b: number): number => Math.sqrt(a * a + b * b);

/** Hue angle in degrees, 0..360 (0 for a neutral colour). */
const hue = (a: number, b: number): number => {
  if (a === 0 && b === 0) return 0;
  const h = Math.atan2(b, a);
  return ((h < 0 ? h + 2 * Math.PI : h) * 180) / Math.PI;
};

export const deltaE2000 = (x: Lab, y: Lab): number => {
  const c1 = norm(x.a, x.b);
  const c2 = norm(y.a, y.b);
  const cMean7 = pow7((c1 + c2) / 2);
  const g = 0.5 * (1 - Math.sqrt(cMean7 / (cMean7 + POW25_7)));
  const a1 = x.a * (1 + g);
  const a2 = y.a * (1 + g);
  const cp1 = norm(a1, x.b);
  const cp2 = norm(a2, y.b);
  // Hue angles in degrees, computed in the order of Sharma's reference implementation: pairs 7 and 8 of the
  // published test data sit on the 180° boundary, where the floating-point rounding decides the branch.
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
};
