/**
 * One decode per image, shared by every pixel enricher.
 *
 * The file is read once, by one sharp pipeline that orients it (EXIF), converts it to 8-bit sRGB (CMYK, 16-bit,
 * greyscale and palette images included; the first frame of an animation; RGBA when the source has alpha, RGB
 * otherwise) and scales it straight to the working size (defaultWorkingSize, 256 on the long edge). For JPEG, WebP and HEIF libvips
 * shrinks while decoding. The thumbnail and placeholder are cut from that raster; palette, hashes and the models read
 * it. The preview, the one rendition larger than the working image, is made on first request by its own decode
 * (decodeBase; docs/decisions/0006-lazy-preview-rendition.md). Decoding once to the working size instead of to a 1024
 * base and scaling that down saves ~5 ms of CPU for a 1024² PNG (docs/decisions/0008-working-image-and-palette-cost.md).
 *
 * The input is only ever read: nothing here writes to it.
 */
import { stat } from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';
import type { DecodedImage } from '../../domain/enrichment.ts';
import type { PictureFacts } from '../../domain/enrichers.ts';
import { ProvenaError } from '../../domain/errors.ts';
import { dropOpaqueAlpha, type Raster } from './raster.ts';

/**
 * Long edge of the working image (256): the thumbnail's size, so the thumbnail is the working image encoded, and
 * above the 224² the vision models take. Palette, hashes and placeholder work on its 65,536 pixels. Hashing at 256
 * instead of 512 scored the same in bench:dupes (precision 99.59 %, recall 99.08 % against 99.10 %) for a quarter
 * of the pixel work (docs/decisions/0008-working-image-and-palette-cost.md).
 */
export const defaultWorkingSize = 256;

/** Raster formats decoded by default (sharp's format ids; AVIF and HEIC are both 'heif'). */
export const defaultImageFormats: readonly string[] = ['jpeg', 'png', 'webp', 'gif', 'heif', 'tiff'];

export interface DecodeOptions {
  /** Decompression-bomb guard: the most pixels (width × height) a source may have. */
  limitInputPixels: number;
  /** Long edge of the working image handed to pixel enrichers (default defaultWorkingSize). */
  workingSize?: number;
  /** decodeBase only: long edge of its raster, i.e. the preview size (default 1024). */
  baseSize?: number;
  /** Formats accepted; others give UNSUPPORTED_MEDIA_TYPE. SVG and PDF are left out by default on purpose. */
  formats?: readonly string[];
  /** libvips gives up after this long (default 60 s): a bounded worst case for a pathological file. */
  timeoutSeconds?: number;
}

/**
 * What the source file is, as read from its header: the domain's PictureFacts (format, displayed size after EXIF
 * orientation, alpha, frames of which only the first is decoded, stored bit depth, libvips colour space such as
 * 'srgb', 'cmyk', 'b-w', 'rgb16', palette) plus what only decoding needs.
 */
export interface SourceFacts extends PictureFacts {
  hasIccProfile: boolean;
  /** EXIF orientation 1–8 when present. */
  orientation?: number;
}

export interface DecodedAsset {
  source: SourceFacts;
  /** The working image, at most `workingSize` on the long edge. Shared by every enricher: treat it as read-only. */
  image: DecodedImage;
  /** The same pixels as `image`, RGB when opaque (also when the file has an alpha channel that is 255 everywhere):
   * what the thumbnail is cut from, since libvips scales three channels far cheaper than four. */
  scaled: Raster;
}

const bitsOf: Record<string, number> = {
  uchar: 8,
  char: 8,
  ushort: 16,
  short: 16,
  uint: 32,
  int: 32,
  float: 32,
  double: 64,
};

/** sharp reports failures only as message text; these are the messages of sharp 0.35 / libvips 8.18. */
export const translateDecodeError = (error: unknown): ProvenaError => {
  if (error instanceof ProvenaError) return error;
  const message = error instanceof Error ? error.message : String(error);
  // The decoder's own first line helps the user; server paths in it (staging files) are none of their business.
  const firstLine = (message.split('\n')[0]?.trim() ?? '').replace(/\/[^\s:"']+/g, '<file>');
  if (/unsupported image format/i.test(message)) {
    return new ProvenaError(
      'UNSUPPORTED_MEDIA_TYPE',
      'The file is not an image format Provena can decode.',
      {},
      {
        cause: error,
      },
    );
  }
  // libheif in sharp's prebuilt libvips decodes AVIF but not HEVC-coded HEIC: a valid file we cannot read.
  if (/unsupported (codec|feature)|not been built in|no decoding plugin/i.test(message)) {
    return new ProvenaError(
      'UNSUPPORTED_MEDIA_TYPE',
      `The image uses a compression Provena cannot decode (${firstLine}).`,
      { decoder: firstLine },
      { cause: error },
    );
  }
  if (/exceeds pixel limit/i.test(message)) {
    return new ProvenaError(
      'IMAGE_TOO_LARGE',
      'The image has more pixels than the configured limit.',
      {},
      {
        cause: error,
      },
    );
  }
  if (/^timeout/i.test(message)) {
    return new ProvenaError(
      'JOB_FAILED',
      'Decoding the image took longer than the time limit.',
      { reason: 'timeout' },
      {
        cause: error,
      },
    );
  }
  return new ProvenaError(
    'CORRUPT_FILE',
    `The image is damaged or truncated and could not be decoded (${firstLine}).`,
    {
      decoder: firstLine,
    },
    { cause: error },
  );
};

const checkSize = async (input: string | Uint8Array): Promise<void> => {
  if (typeof input !== 'string') {
    if (input.length === 0) throw new ProvenaError('EMPTY_FILE', 'The image file has zero bytes.');
    return;
  }
  const info = await stat(input).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      throw new ProvenaError(
        'NOT_FOUND',
        'The image file to decode does not exist.',
        { path: input },
        { cause: error },
      );
    }
    throw new ProvenaError(
      'STORAGE_UNAVAILABLE',
      `The image file could not be read (${error.code ?? error.message}).`,
      {
        path: input,
      },
      { cause: error },
    );
  });
  if (!info.isFile())
    throw new ProvenaError('UNSUPPORTED_MEDIA_TYPE', 'The path is not a regular file.', { path: input });
  if (info.size === 0) throw new ProvenaError('EMPTY_FILE', 'The image file has zero bytes.', { path: input });
};

/** Reads the header only (no pixel decode) and checks format and size before any pixel is touched. */
export const readSourceFacts = async (
  input: string | Uint8Array,
  options: Pick<DecodeOptions, 'limitInputPixels' | 'formats'>,
): Promise<SourceFacts> => {
  const formats = options.formats ?? defaultImageFormats;
  // The file check and the header read at once (one round trip less); the check's clearer error wins when both fail.
  const [checked, read] = await Promise.allSettled([
    checkSize(input),
    // In a promise: sharp's constructor throws synchronously on an empty buffer.
    Promise.resolve().then(() => sharp(input, { limitInputPixels: false }).metadata()),
  ]);
  if (checked.status === 'rejected') throw checked.reason;
  if (read.status === 'rejected') throw translateDecodeError(read.reason);
  const meta: Metadata = read.value;
  if (!formats.includes(meta.format)) {
    throw new ProvenaError('UNSUPPORTED_MEDIA_TYPE', `Images in ${meta.format} format are not decoded.`, {
      format: meta.format,
      accepted: formats,
    });
  }
  const storedWidth = meta.width;
  const storedHeight = meta.pageHeight ?? meta.height;
  if (!(storedWidth > 0 && storedHeight > 0)) {
    throw new ProvenaError('CORRUPT_FILE', 'The image header gives no usable width and height.', {
      width: storedWidth,
      height: storedHeight,
    });
  }
  if (storedWidth * storedHeight > options.limitInputPixels) {
    throw new ProvenaError(
      'IMAGE_TOO_LARGE',
      `The image is ${storedWidth} × ${storedHeight} pixels, more than the limit of ${options.limitInputPixels}.`,
      { width: storedWidth, height: storedHeight, limit: options.limitInputPixels },
    );
  }
  const swap = (meta.orientation ?? 1) >= 5;
  return {
    format: meta.format,
    width: swap ? storedHeight : storedWidth,
    height: swap ? storedWidth : storedHeight,
    hasAlpha: meta.hasAlpha,
    frames: meta.pages ?? 1,
    bitDepth: meta.bitsPerSample ?? bitsOf[meta.depth] ?? 8,
    colourSpace: meta.space,
    isPalette: meta.isPalette,
    hasIccProfile: meta.hasProfile,
    ...(meta.orientation === undefined ? {} : { orientation: meta.orientation }),
  };
};

/**
 * Decodes the file once, straight to at most `maxEdge` on the long edge: oriented, 8-bit sRGB, the first frame, RGBA
 * when the source has alpha and RGB otherwise. One libvips pipeline, so JPEG, WebP and HEIF shrink while decoding.
 */
const decodeToSize = async (
  input: string | Uint8Array,
  source: SourceFacts,
  maxEdge: number,
  options: DecodeOptions,
): Promise<Raster> => {
  const { timeoutSeconds = 60 } = options;
  // Target size worked out here rather than by sharp's fit: 'inside', so that an extreme aspect ratio keeps ≥ 1 px
  // on its short side.
  const scale = Math.min(1, maxEdge / Math.max(source.width, source.height));
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const channels = source.hasAlpha ? 4 : 3;
  try {
    const pipeline = sharp(input, {
      limitInputPixels: options.limitInputPixels,
      // 'error' refuses truncated and broken files but tolerates warnings (an odd iCCP chunk, extra bytes after
      // the end), which many generator outputs carry and which do not harm the pixels.
      failOn: 'error',
      autoOrient: true,
      pages: 1,
      sequentialRead: true,
    })
      .timeout({ seconds: timeoutSeconds })
      .resize({ width, height, fit: 'fill' })
      .toColourspace('srgb');
    const { data, info } = await (channels === 4 ? pipeline.ensureAlpha() : pipeline.removeAlpha())
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== channels || data.length !== info.width * info.height * channels) {
      throw new ProvenaError('INTERNAL', `Decoder returned ${info.channels} channels, expected ${channels}.`, { info });
    }
    return { width: info.width, height: info.height, channels, pixels: data };
  } catch (error) {
    throw translateDecodeError(error);
  }
};

/**
 * The source facts and a raster of at most `baseSize` (the preview edge), RGB when opaque: what the preview, made
 * on its own on first request, is cut from.
 */
export const decodeBase = async (
  input: string | Uint8Array,
  options: DecodeOptions,
): Promise<{ source: SourceFacts; base: Raster }> => {
  const { baseSize = 1024 } = options;
  if (!(baseSize >= 1)) throw new RangeError(`decodeBase: need baseSize ≥ 1 (got ${baseSize})`);
  const source = await readSourceFacts(input, options);
  return { source, base: dropOpaqueAlpha(await decodeToSize(input, source, baseSize, options)) };
};

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * RGB → RGBA with alpha 255 in a plain loop, cheaper than another libvips pipeline. On little-endian machines (all
 * that Node ships for) one 32-bit store per pixel, about three times faster than byte by byte.
 */
const withOpaqueAlpha = (rgb: Buffer): Buffer => {
  const pixels = rgb.length / 3;
  // allocUnsafeSlow: a buffer of its own, so offset 0 and 4-byte aligned for the Uint32Array view.
  const rgba = Buffer.allocUnsafeSlow(pixels * 4);
  if (littleEndian) {
    const words = new Uint32Array(rgba.buffer, rgba.byteOffset, pixels);
    for (let i = 0, p = 0; i < pixels; i++, p += 3) {
      words[i] =
        ((rgb[p] as number) | ((rgb[p + 1] as number) << 8) | ((rgb[p + 2] as number) << 16) | 0xff000000) >>> 0;
    }
    return rgba;
  }
  for (let p = 0, q = 0; p < rgb.length; p += 3, q += 4) {
    rgba[q] = rgb[p] as number;
    rgba[q + 1] = rgb[p + 1] as number;
    rgba[q + 2] = rgb[p + 2] as number;
    rgba[q + 3] = 255;
  }
  return rgba;
};

/** The working image (and its RGB twin for the thumbnail) from one decode straight to `workingSize`. */
export const decodeImage = async (input: string | Uint8Array, options: DecodeOptions): Promise<DecodedAsset> => {
  const { workingSize = defaultWorkingSize } = options;
  if (!(workingSize >= 1)) throw new RangeError(`decodeImage: need workingSize ≥ 1 (got ${workingSize})`);
  const source = await readSourceFacts(input, options);
  const decoded = await decodeToSize(input, source, workingSize, options);
  return {
    source,
    scaled: dropOpaqueAlpha(decoded),
    image: {
      width: decoded.width,
      height: decoded.height,
      originalWidth: source.width,
      originalHeight: source.height,
      channels: 4,
      rgba: decoded.channels === 4 ? decoded.pixels : withOpaqueAlpha(decoded.pixels),
    },
  };
};
