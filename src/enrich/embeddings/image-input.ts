/**
 * Turns a DecodedImage (RGBA, straight alpha) into what the vision models eat. Transparent pixels are composited over
 * white, the way viewers show stickers and cut-outs, so that two copies of a cut-out with different hidden colour
 * under alpha 0 embed the same. Downscaling averages every source pixel (a box filter with fractional coverage)
 * rather than sampling a few of them as a bilinear resize does, so a 4× reduction does not alias.
 */
import { isWellFormedDecodedImage, type DecodedImage } from '../../domain/enrichment.ts';
import { ProvenaError } from '../../domain/errors.ts';

export function assertDecodedImage(image: DecodedImage): void {
  const { width, height, rgba } = image;
  if (!isWellFormedDecodedImage(image)) {
    throw new ProvenaError('INTERNAL', 'The decoded image handed to the embedder is malformed.', {
      width,
      height,
      bytes: rgba instanceof Uint8Array ? rgba.length : null,
      expectedBytes: Number.isInteger(width) && Number.isInteger(height) ? width * height * 4 : null,
    });
  }
}

interface Tap {
  index: number;
  weight: number;
}

/** For each destination index, the source indices and weights (summing to 1) that make it. */
export function axisTaps(sourceLength: number, targetLength: number): Tap[][] {
  const scale = sourceLength / targetLength;
  const taps: Tap[][] = [];
  for (let i = 0; i < targetLength; i++) {
    if (scale >= 1) {
      // Box filter: every source pixel overlapping [lo, hi) counts by the length of the overlap.
      const lo = i * scale;
      const hi = (i + 1) * scale;
      const row: Tap[] = [];
      for (let j = Math.floor(lo); j < Math.min(Math.ceil(hi), sourceLength); j++) {
        const weight = Math.min(hi, j + 1) - Math.max(lo, j);
        if (weight > 1e-9) row.push({ index: j, weight: weight / scale });
      }
      taps.push(row);
    } else {
      // Upscaling: linear interpolation between the two nearest source centres.
      const centre = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), sourceLength - 1);
      const j = Math.floor(centre);
      const f = centre - j;
      const next = Math.min(j + 1, sourceLength - 1);
      taps.push(
        f === 0
          ? [{ index: j, weight: 1 }]
          : [
              { index: j, weight: 1 - f },
              { index: next, weight: f },
            ],
      );
    }
  }
  return taps;
}

/**
 * Resamples to `width`×`height` (aspect ratio not kept: the whole picture is seen, as nsfwjs was trained) and
 * returns RGB floats in 0..1, row-major HWC, composited over white.
 */
export function resampleToRgbFloats(image: DecodedImage, width: number, height: number): Float32Array {
  assertDecodedImage(image);
  const src = image.rgba;
  const sw = image.width;
  const sh = image.height;
  const xTaps = axisTaps(sw, width);
  const yTaps = axisTaps(sh, height);

  // Horizontal pass on alpha-premultiplied values: sh rows × width columns × (r, g, b, a).
  const mid = new Float32Array(sh * width * 4);
  for (let y = 0; y < sh; y++) {
    const rowBase = y * sw * 4;
    const outBase = y * width * 4;
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (const { index, weight } of xTaps[x]!) {
        const p = rowBase + index * 4;
        const alpha = src[p + 3]! * weight;
        r += src[p]! * alpha;
        g += src[p + 1]! * alpha;
        b += src[p + 2]! * alpha;
        a += alpha;
      }
      const o = outBase + x * 4;
      mid[o] = r;
      mid[o + 1] = g;
      mid[o + 2] = b;
      mid[o + 3] = a;
    }
  }

  // Vertical pass, then composite over white: c = premultiplied + (1 − α) · 1.
  const out = new Float32Array(width * height * 3);
  const inv = 1 / (255 * 255);
  for (let y = 0; y < height; y++) {
    const taps = yTaps[y]!;
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (const { index, weight } of taps) {
        const p = (index * width + x) * 4;
        r += mid[p]! * weight;
        g += mid[p + 1]! * weight;
        b += mid[p + 2]! * weight;
        a += mid[p + 3]! * weight;
      }
      const alpha = a / 255;
      const o = (y * width + x) * 3;
      out[o] = Math.min(1, r * inv + (1 - alpha));
      out[o + 1] = Math.min(1, g * inv + (1 - alpha));
      out[o + 2] = Math.min(1, b * inv + (1 - alpha));
    }
  }
  return out;
}

/** Full-size RGB bytes composited over white, for processors that do their own resizing (CLIP). */
export function flattenToRgb(image: DecodedImage): Uint8ClampedArray {
  assertDecodedImage(image);
  const src = image.rgba;
  const pixels = image.width * image.height;
  const out = new Uint8ClampedArray(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    const alpha = src[i * 4 + 3]!;
    const keep = alpha / 255;
    const white = 255 - alpha;
    out[i * 3] = src[i * 4]! * keep + white;
    out[i * 3 + 1] = src[i * 4 + 1]! * keep + white;
    out[i * 3 + 2] = src[i * 4 + 2]! * keep + white;
  }
  return out;
}
