/**
 * 8-bit sRGB pixel buffers and the one operation every enricher needs on them: a bounded downscale.
 *
 * A raster is RGB when the source has no alpha channel and RGBA otherwise. Keeping opaque images at three channels
 * is a measured choice, not tidiness: libvips premultiplies and resizes four-channel input in floating point, so
 * scaling a 1024² RGBA raster to 512² costs ~12 ms of CPU against ~4 ms for the same pixels as RGB.
 */
import sharp from 'sharp';

export interface Raster {
  width: number;
  height: number;
  channels: 3 | 4;
  /** width × height × channels bytes, 8-bit sRGB, alpha (when present) not premultiplied. */
  pixels: Buffer;
}

export type RgbaRaster = Raster & { channels: 4 };

const fitSize = (raster: Raster, maxEdge: number): { width: number; height: number } => {
  const scale = Math.min(1, maxEdge / Math.max(raster.width, raster.height));
  // Both sides stay ≥ 1 px however extreme the aspect ratio (100,000 × 1 → 256 × 1).
  return {
    width: Math.max(1, Math.round(raster.width * scale)),
    height: Math.max(1, Math.round(raster.height * scale)),
  };
};

/** The raster scaled to fit inside maxEdge × maxEdge, never enlarged; the same object when it already fits. */
export const fitRaster = async (raster: Raster, maxEdge: number): Promise<Raster> => {
  if (raster.width <= maxEdge && raster.height <= maxEdge) return raster;
  const { width, height } = fitSize(raster, maxEdge);
  const { data, info } = await sharp(raster.pixels, {
    raw: { width: raster.width, height: raster.height, channels: raster.channels },
  })
    .resize({ width, height, fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: raster.channels, pixels: data };
};

/** Like fitRaster, and always RGBA (an opaque alpha channel is added to RGB) — the form models and hashes take. */
export const fitRgba = async (raster: Raster, maxEdge: number): Promise<RgbaRaster> => {
  if (raster.channels === 4 && raster.width <= maxEdge && raster.height <= maxEdge) return raster as RgbaRaster;
  const { width, height } = fitSize(raster, maxEdge);
  let pipeline = sharp(raster.pixels, {
    raw: { width: raster.width, height: raster.height, channels: raster.channels },
  });
  if (width !== raster.width || height !== raster.height) pipeline = pipeline.resize({ width, height, fit: 'fill' });
  const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 4, pixels: data };
};

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
