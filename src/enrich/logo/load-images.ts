/**
 * The two pictures a logo match needs, decoded by sharp: the brand's reference logo as uploaded (PNG, JPEG, WebP or
 * SVG, transparency kept) and the asset at detail size. Anything else fails here with an error that names the
 * problem, so that the matcher's thread only ever sees well-formed rasters.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { DetailImage, ReferenceImage } from '../../domain/image-content.ts';
import { ProvenaError } from '../../domain/errors.ts';
import { translateDecodeError } from '../decode/index.ts';

/** Formats a reference logo may come in (sharp's format ids). */
export const referenceLogoFormats: readonly string[] = ['png', 'jpeg', 'webp', 'svg', 'gif', 'tiff'];

/** The long edge a reference logo is kept at: more detail than any search uses, a bounded size for a huge upload. */
export const referenceLogoMaxEdge = 1024;

/** Decompression-bomb guard for both decodes. */
const limitInputPixels = 100_000_000;

async function formatOf(bytes: Uint8Array, what: string): Promise<string> {
  if (bytes.length === 0) throw new ProvenaError('EMPTY_FILE', `The ${what} is empty (0 bytes).`);
  try {
    const { format } = await sharp(bytes, { limitInputPixels }).metadata();
    return format ?? 'unknown';
  } catch (error) {
    const translated = translateDecodeError(error);
    throw translated.code === 'UNSUPPORTED_MEDIA_TYPE'
      ? new ProvenaError('UNSUPPORTED_MEDIA_TYPE', `The ${what} is not an image (PNG, JPEG, WebP or SVG).`)
      : translated;
  }
}

/**
 * A reference logo from its file's bytes: RGBA, transparency kept (an opaque JPEG gets alpha 255), the long edge at
 * most referenceLogoMaxEdge. SVG is rasterised at its own size (or scaled to that edge when larger).
 */
export async function referenceImageFromBytes(bytes: Uint8Array): Promise<ReferenceImage> {
  const format = await formatOf(bytes, 'logo file');
  if (!referenceLogoFormats.includes(format))
    throw new ProvenaError(
      'UNSUPPORTED_MEDIA_TYPE',
      `The logo file is a ${format} image; upload it as PNG, JPEG, WebP or SVG.`,
      { format },
    );
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels })
      .rotate()
      .resize({ width: referenceLogoMaxEdge, height: referenceLogoMaxEdge, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, channels: 4, rgba: new Uint8Array(data) };
  } catch (error) {
    throw translateDecodeError(error);
  }
}

/**
 * An asset's picture at detail size: RGB (transparency flattened onto white), oriented, at most `maxEdge` on the long
 * edge (never enlarged); the original size is kept so that boxes are reported in it.
 */
export async function detailImageFromBytes(bytes: Uint8Array, maxEdge = 1024): Promise<DetailImage> {
  if (!Number.isInteger(maxEdge) || maxEdge < 16)
    throw new ProvenaError('VALIDATION_FAILED', 'The detail size must be an integer of at least 16 pixels.', {
      maxEdge,
    });
  await formatOf(bytes, 'file');
  try {
    const source = sharp(bytes, { limitInputPixels }).rotate();
    const meta = await sharp(bytes, { limitInputPixels }).metadata();
    // EXIF orientations 5–8 swap the displayed width and height.
    const swapped = (meta.orientation ?? 1) >= 5;
    const originalWidth = (swapped ? meta.height : meta.width) ?? 0;
    const originalHeight = (swapped ? meta.width : meta.height) ?? 0;
    const { data, info } = await source
      .resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      width: info.width,
      height: info.height,
      channels: 3,
      rgb: new Uint8Array(data),
      originalWidth: originalWidth || info.width,
      originalHeight: originalHeight || info.height,
    };
  } catch (error) {
    throw translateDecodeError(error);
  }
}

/** detailImageFromBytes for a file on disk; a missing file fails with NOT_FOUND. */
export async function detailImageFromFile(path: string, maxEdge = 1024): Promise<DetailImage> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ProvenaError(
      'NOT_FOUND',
      `The file ${path} cannot be read.`,
      { what: 'file', id: path },
      { cause: error },
    );
  }
  return detailImageFromBytes(bytes, maxEdge);
}
