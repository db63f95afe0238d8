/**
 * A minimal sharp decode to a DecodedImage, for the hash tests and bench:dupes only. Production code uses the shared
 * decode in src/enrich/decode/ (one decode per asset for every pixel enricher); this one exists so that the hashes
 * can be tested and benchmarked on their own. Same contract: RGBA, sRGB, long edge ≤ workingSize, EXIF-rotated.
 */
import sharp from 'sharp';
import type { DecodedImage } from '../../domain/enrichment.ts';

export async function decodeForHashing(input: Buffer | string, workingSize = 512): Promise<DecodedImage> {
  const image = sharp(input, { limitInputPixels: 100_000_000 }).rotate();
  const meta = await image.metadata();
  const { data, info } = await image
    .resize({ width: workingSize, height: workingSize, fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const swapped = (meta.orientation ?? 1) >= 5;
  return {
    width: info.width,
    height: info.height,
    originalWidth: (swapped ? meta.height : meta.width) ?? info.width,
    originalHeight: (swapped ? meta.width : meta.height) ?? info.height,
    channels: 4,
    rgba: new Uint8Array(data.buffer, data.byteOffset, data.length),
  };
}
