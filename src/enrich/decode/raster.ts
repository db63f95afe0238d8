/**
 * 8-bit sRGB pixel buffers as the decoder hands them over.
 *
 * A raster is RGB when the source has no alpha channel (or one that is 255 everywhere) and RGBA otherwise. Keeping
 * opaque images at three channels is a measured choice, not tidiness: libvips premultiplies and resizes four-channel
 * input in floating point, so scaling a 1024² RGBA raster to 512² costs ~12 ms of CPU against ~4 ms as RGB.
 */

export interface Raster {
  width: number;
  height: number;
  channels: 3 | 4;
  /** width × height × channels bytes, 8-bit sRGB, alpha (when present) not premultiplied. */
  pixels: Buffer;
}

export type RgbaRaster = Raster & { channels: 4 };

/**
 * The same pixels as RGB when an RGBA raster is fully opaque (many generators save RGBA PNGs with alpha 255
 * everywhere); otherwise the raster itself. Checking and repacking a 1024² raster costs ~2 ms and saves more than
 * that on every later resize (see the header).
 */
export const dropOpaqueAlpha = (raster: Raster): Raster => {
  if (raster.channels !== 4) return raster;
  const { pixels } = raster;
  for (let p = 3; p < pixels.length; p += 4) if (pixels[p] !== 255) return raster;
  const rgb = Buffer.allocUnsafe((pixels.length / 4) * 3);
  for (let p = 0, q = 0; p < pixels.length; p += 4, q += 3) {
    rgb[q] = pixels[p] as number;
    rgb[q + 1] = pixels[p + 1] as number;
    rgb[q + 2] = pixels[p + 2] as number;
  }
  return { width: raster.width, height: raster.height, channels: 3, pixels: rgb };
};
