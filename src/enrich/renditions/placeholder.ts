/**
 * ThumbHash placeholder: ~25 bytes that a client renders into a blurred preview before the thumbnail arrives.
 * Chosen over blurhash because it keeps alpha and the aspect ratio, and needs no component-count tuning.
 */
import { rgbaToThumbHash, thumbHashToApproximateAspectRatio, thumbHashToRGBA } from 'thumbhash';
import { fitRgba, type Raster, type RgbaRaster } from '../decode/raster.ts';

/** ThumbHash's encoder accepts at most 100 × 100 pixels. */
const MAX_EDGE = 100;

/** Base64 ThumbHash of a raster (scaled to ≤ 100 × 100 first when larger). */
export const thumbhashOf = async (raster: Raster): Promise<string> => {
  const small = await fitRgba(raster, MAX_EDGE);
  return Buffer.from(rgbaToThumbHash(small.width, small.height, small.pixels)).toString('base64');
};

/** Decodes a placeholder back to pixels (for tests and for servers that prefer to send a tiny PNG). */
export const thumbhashToRaster = (value: string): RgbaRaster & { aspectRatio: number } => {
  const hash = Buffer.from(value, 'base64');
  const { w, h, rgba } = thumbHashToRGBA(hash);
  return {
    width: w,
    height: h,
    channels: 4,
    pixels: Buffer.from(rgba.buffer, rgba.byteOffset, rgba.length),
    aspectRatio: thumbHashToApproximateAspectRatio(hash),
  };
};
