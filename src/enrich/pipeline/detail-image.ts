/**
 * The detail-size decode the detectors read (DetailImage, domain/image-content.ts): far larger than the 256 px working
 * image (text and faces need pixels), at most `longEdge` on its long side and never enlarged, oriented, 8-bit sRGB RGB
 * with transparency flattened onto white (text drawn on a transparent background stays readable). One libvips
 * pipeline, so JPEG and WebP shrink while decoding. The same header checks as every decode (format, pixel limit).
 */
import sharp from 'sharp';
import { ProvenaError } from '../../domain/errors.ts';
import type { DetailImage } from '../../domain/image-content.ts';
import { readSourceFacts, translateDecodeError } from '../decode/index.ts';

export async function decodeDetail(
  input: string | Uint8Array,
  longEdge: number,
  options: { limitInputPixels: number; timeoutSeconds?: number },
): Promise<DetailImage> {
  if (!(Number.isInteger(longEdge) && longEdge >= 1))
    throw new RangeError(`decodeDetail: need an integer longEdge ≥ 1 (got ${longEdge})`);
  const source = await readSourceFacts(input, options);
  const scale = Math.min(1, longEdge / Math.max(source.width, source.height));
  // Worked out here rather than by sharp's fit, so that an extreme aspect ratio keeps ≥ 1 px on its short side.
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  try {
    const { data, info } = await sharp(input, {
      limitInputPixels: options.limitInputPixels,
      failOn: 'error',
      autoOrient: true,
      pages: 1,
      sequentialRead: true,
    })
      .timeout({ seconds: options.timeoutSeconds ?? 60 })
      .resize({ width, height, fit: 'fill' })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 || data.length !== info.width * info.height * 3)
      throw new ProvenaError('INTERNAL', `Decoder returned ${info.channels} channels, expected 3.`, { info });
    return {
      width: info.width,
      height: info.height,
      channels: 3,
      rgb: new Uint8Array(data.buffer, data.byteOffset, data.length),
      originalWidth: source.width,
      originalHeight: source.height,
    };
  } catch (error) {
    throw translateDecodeError(error);
  }
}
