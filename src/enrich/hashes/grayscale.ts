/**
 * Pixel preparation shared by the perceptual hashes: RGBA → luma plane (then see integral-image.ts).
 */
import { ProvenaError } from '../../domain/errors.ts';
import { isWellFormedDecodedImage, type DecodedImage } from '../../domain/enrichment.ts';

export interface GrayPlane {
  width: number;
  height: number;
  /** Row-major luma, 0..255. */
  data: Float64Array;
}

/** Throws VALIDATION_FAILED for a DecodedImage whose dimensions and buffer disagree (never reads out of bounds). */
export function assertDecodedImage(image: DecodedImage): void {
  const { width, height, rgba } = image;
  if (!isWellFormedDecodedImage(image)) {
    throw new ProvenaError('VALIDATION_FAILED', 'The decoded image has inconsistent dimensions or pixel data.', {
      width,
      height,
      bytes: rgba instanceof Uint8Array ? rgba.length : undefined,
    });
  }
}

/**
 * Rec. 601 luma (the weights PIL's 'L' mode and most dHash/pHash implementations use) of the pixel at byte offset
 * `p`. Transparent pixels are composited over white, so a logo on a transparent canvas hashes like the same logo
 * flattened onto white paper, its most common re-encoding. Opaque pixels (nearly all of them) skip the blend:
 * luma × 1 + 255 × 0 is luma exactly, so the value is bit-for-bit the general formula's.
 */
export function grayAt(rgba: Uint8Array, p: number): number {
  const luma = 0.299 * rgba[p]! + 0.587 * rgba[p + 1]! + 0.114 * rgba[p + 2]!;
  const a = rgba[p + 3]!;
  if (a === 255) return luma;
  const alpha = a / 255;
  return luma * alpha + 255 * (1 - alpha);
}

/** The luma plane of an image (see grayAt). */
export function toGray(image: DecodedImage): GrayPlane {
  assertDecodedImage(image);
  const { width, height, rgba } = image;
  const data = new Float64Array(width * height);
  for (let i = 0, p = 0; i < data.length; i++, p += 4) data[i] = grayAt(rgba, p);
  return { width, height, data };
}
