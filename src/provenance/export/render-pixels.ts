/**
 * The pixels of an export: the preset's box, fit, format, quality and colour space applied with sharp, the EXIF
 * orientation baked in, and an optional visible watermark. Everything the original carried as metadata is dropped
 * here (sharp writes none but the ICC profile); the exporter writes what the preset's policy asks for afterwards.
 * `format: 'original'` with no box and no watermark is the one case that keeps the original's bytes as they are.
 */
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { ProvenaError, validationFailed } from '../../domain/errors.ts';
import { presetFormats, type PresetFormat, type RenditionPreset } from '../../domain/export.ts';
import { watermarkOverlay } from './watermark.ts';

export type RenderedMediaType = 'image/jpeg' | 'image/png' | 'image/webp';

/** What was done to the pixels: the C2PA actions of a re-signed manifest are derived from it. */
export interface PixelOperations {
  resized: boolean;
  cropped: boolean;
  /** Re-encoded in another format, or in the same format with other settings (quality, colour space). */
  transcoded: boolean;
  watermarked: boolean;
}

export type RenderedPixels =
  | { kind: 'identical'; bytes: Uint8Array }
  | {
      kind: 'rendered';
      bytes: Uint8Array;
      mediaType: RenderedMediaType;
      width: number;
      height: number;
      operations: PixelOperations;
    };

const mediaTypeOfFormat: Record<Exclude<PresetFormat, 'original'>, RenderedMediaType> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/** sharp's name of a decoded input → the output format that keeps it, when Provena can write and sign that format. */
const keepableFormats: Partial<Record<string, Exclude<PresetFormat, 'original'>>> = {
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
};

/** A copy of the original's bytes: no box, no watermark, the original's format. */
export const isIdenticalCopy = (preset: RenditionPreset): boolean =>
  preset.format === 'original' && preset.width === undefined && preset.height === undefined && !preset.watermark;

export interface RenderOptions {
  /** The largest original sharp will decode (the configured maxPixels); a larger one is refused, not decoded. */
  maxPixels: number;
  /** Re-encode even an identical copy (its metadata must go: the 'strip' policy). */
  forceRender?: boolean;
}

interface Size {
  width: number;
  height: number;
}

/**
 * The output size for the box and fit, or a VALIDATION_FAILED when the preset would have to enlarge the original:
 * `inside` only ever shrinks (a smaller original passes through at its own size); `cover` and `contain` promise the
 * exact box, which a smaller original can only fill by being upscaled.
 */
function targetSize(preset: RenditionPreset, original: Size): { size: Size; cropped: boolean } {
  const { width: boxWidth, height: boxHeight } = preset;
  if (boxWidth === undefined && boxHeight === undefined) return { size: original, cropped: false };
  const scales = [
    ...(boxWidth !== undefined ? [boxWidth / original.width] : []),
    ...(boxHeight !== undefined ? [boxHeight / original.height] : []),
  ];
  if (preset.fit === 'inside' || boxWidth === undefined || boxHeight === undefined) {
    const scale = Math.min(...scales);
    if (scale >= 1) return { size: original, cropped: false };
    return {
      size: {
        width: Math.max(1, Math.round(original.width * scale)),
        height: Math.max(1, Math.round(original.height * scale)),
      },
      cropped: false,
    };
  }
  const scale = preset.fit === 'cover' ? Math.max(...scales) : Math.min(...scales);
  if (scale > 1) {
    throw validationFailed([
      {
        field: 'preset',
        problem: `preset "${preset.name}" asks for ${boxWidth}×${boxHeight} (${preset.fit}), which would upscale the ${original.width}×${original.height} original; use fit "inside" or a smaller box`,
      },
    ]);
  }
  const box = { width: boxWidth, height: boxHeight };
  // Cover scales the original until it fills the box: a side that then overhangs by a pixel or more is cut.
  const cropped =
    preset.fit === 'cover' && (original.width * scale - box.width >= 1 || original.height * scale - box.height >= 1);
  return { size: box, cropped };
}

/**
 * Decodes the original and writes the rendition. Throws VALIDATION_FAILED for a preset this original cannot be
 * made with (it would upscale; it keeps a format Provena cannot write; the original is not an image), CORRUPT_FILE
 * for an original that does not decode.
 */
export async function renderPixels(
  source: Uint8Array,
  mediaType: string,
  preset: RenditionPreset,
  options: RenderOptions,
): Promise<RenderedPixels> {
  if (!presetFormats.includes(preset.format)) {
    throw validationFailed([
      {
        field: 'preset.format',
        problem: `preset "${preset.name}" names the format ${JSON.stringify(preset.format)}; use one of ${presetFormats.join(', ')}`,
      },
    ]);
  }
  if (isIdenticalCopy(preset) && !options.forceRender) return { kind: 'identical', bytes: source };

  let metadata: Metadata;
  try {
    // The header only (no pixels decoded): the limit is checked just below, where the size can be named.
    metadata = await sharp(source, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw undecodable(error, source, mediaType, preset, options);
  }
  if ((metadata.width ?? 0) * (metadata.height ?? 0) > options.maxPixels) {
    throw tooLarge(options.maxPixels, metadata.width, metadata.height);
  }
  const decodedFormat = metadata.format;
  const outputFormat = preset.format === 'original' ? keepableFormats[decodedFormat] : preset.format;
  if (outputFormat === undefined) {
    throw validationFailed([
      {
        field: 'preset',
        problem: `preset "${preset.name}" keeps the original's format, ${decodedFormat}, which Provena does not write; give the preset format jpeg, png or webp`,
      },
    ]);
  }
  const { width: storedWidth, height: storedHeight } = metadata;
  if (!storedWidth || !storedHeight) {
    throw new ProvenaError('CORRUPT_FILE', 'The original image has no width or height.', { mediaType });
  }
  // EXIF orientations 5–8 turn the image a quarter: the size the viewer sees is the stored one transposed.
  const turned = (metadata.orientation ?? 1) >= 5;
  const original = turned ? { width: storedHeight, height: storedWidth } : { width: storedWidth, height: storedHeight };
  const { size, cropped } = targetSize(preset, original);
  const resized = size.width !== original.width || size.height !== original.height;

  let image = sharp(source, { limitInputPixels: options.maxPixels }).autoOrient();
  if (resized) {
    image = image.resize({
      width: size.width,
      height: size.height,
      fit: preset.fit === 'contain' ? 'contain' : preset.fit === 'cover' ? 'cover' : 'fill',
      position: 'attention',
      background: { r: 255, g: 255, b: 255, alpha: outputFormat === 'jpeg' ? 1 : 0 },
      withoutEnlargement: false,
    });
  }
  if (preset.watermark) {
    image = image.composite([{ input: watermarkOverlay(preset.watermark, size), gravity: 'southeast' }]);
  }
  // sRGB pixels with the sRGB profile attached, or Display P3 pixels with the P3 profile: the profile always says
  // what the numbers mean, whatever the original's profile was. An 8-bit RGB original without a profile is sRGB
  // already, and libvips' sRGB-to-sRGB transform leaves every value as it is: a WebP of it gets the profile's chunk
  // written in instead of a transform of every pixel (the same bytes, for less CPU).
  const profileAttached =
    outputFormat === 'webp' &&
    preset.colourSpace !== 'display-p3' &&
    !preset.watermark &&
    metadata.icc === undefined &&
    metadata.space === 'srgb' &&
    metadata.depth === 'uchar' &&
    metadata.channels === 3 &&
    metadata.hasAlpha !== true;
  if (!profileAttached) image = image.withIccProfile(preset.colourSpace === 'display-p3' ? 'p3' : 'srgb');
  const quality = preset.quality;
  const encoded =
    outputFormat === 'jpeg'
      ? image.flatten({ background: '#ffffff' }).jpeg({ quality: quality ?? 85, mozjpeg: false })
      : outputFormat === 'webp'
        ? // Effort 2 of 6: half the CPU of the default 4 for files within 1 % of its size (bench/export).
          image.webp({ quality: quality ?? 82, effort: 2 })
        : image.png();
  let rendered: { data: Buffer; info: OutputInfo };
  let bytes: Buffer | undefined;
  try {
    rendered = await encoded.toBuffer({ resolveWithObject: true });
    const iccp = profileAttached ? await srgbProfileChunk() : undefined;
    if (profileAttached) {
      bytes = iccp && withSrgbProfile(rendered.data, rendered.info.width, rendered.info.height, iccp);
      // No profile chunk to write, or not the simple lossy WebP expected: made again the usual way.
      if (!bytes) rendered = await encoded.withIccProfile('srgb').toBuffer({ resolveWithObject: true });
    }
  } catch (error) {
    throw undecodable(error, source, mediaType, preset, options);
  }
  bytes ??= rendered.data;
  return {
    kind: 'rendered',
    bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    mediaType: mediaTypeOfFormat[outputFormat],
    width: rendered.info.width,
    height: rendered.info.height,
    operations: {
      resized,
      cropped,
      transcoded: keepableFormats[decodedFormat] !== outputFormat || (!resized && !cropped && !preset.watermark),
      watermarked: Boolean(preset.watermark),
    },
  };
}

/** The ICCP chunk libvips writes for its sRGB profile, taken once from its own output so that the bytes agree. */
let srgbChunk: Promise<Buffer | undefined> | undefined;
function srgbProfileChunk(): Promise<Buffer | undefined> {
  srgbChunk ??= sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
    .withIccProfile('srgb')
    .webp()
    .toBuffer()
    .then((webp) => {
      const chunk = riffChunks(webp).find((c) => c.type === 'ICCP');
      // Without one, every WebP is made the usual way (the profile transformed in).
      return chunk && webp.subarray(chunk.start, chunk.end);
    });
  return srgbChunk;
}

function riffChunks(webp: Buffer): { type: string; start: number; end: number }[] {
  const chunks: { type: string; start: number; end: number }[] = [];
  for (let at = 12; at + 8 <= webp.length;) {
    const size = webp.readUInt32LE(at + 4);
    const end = at + 8 + size + (size & 1);
    chunks.push({ type: webp.toString('latin1', at, at + 4), start: at, end });
    at = end;
  }
  return chunks;
}

/**
 * A simple lossy WebP (RIFF, VP8) as the extended format libvips writes when it attaches a profile: VP8X with the
 * ICC flag and the canvas size, then the ICCP chunk, then the same VP8 chunk.
 */
function withSrgbProfile(webp: Buffer, width: number, height: number, iccp: Buffer): Buffer | undefined {
  if (webp.toString('latin1', 0, 4) !== 'RIFF' || webp.toString('latin1', 12, 16) !== 'VP8 ') return undefined;
  const vp8x = Buffer.alloc(18);
  vp8x.write('VP8X', 0, 'latin1');
  vp8x.writeUInt32LE(10, 4);
  vp8x[8] = 0x20; // ICC profile present
  vp8x.writeUIntLE(width - 1, 12, 3);
  vp8x.writeUIntLE(height - 1, 15, 3);
  const body = webp.subarray(12);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(4 + vp8x.length + iccp.length + body.length, 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, vp8x, iccp, body]);
}

/** The size a viewer sees (EXIF orientation applied), from the header; undefined when sharp cannot read one. */
export async function displayedSize(
  source: Uint8Array,
  maxPixels: number,
): Promise<{ width: number; height: number } | undefined> {
  try {
    const { width, height, orientation } = await sharp(source, { limitInputPixels: maxPixels }).metadata();
    if (!width || !height) return undefined;
    return (orientation ?? 1) >= 5 ? { width: height, height: width } : { width, height };
  } catch {
    return undefined;
  }
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const tooLarge = (maxPixels: number, width?: number, height?: number): ProvenaError =>
  new ProvenaError(
    'IMAGE_TOO_LARGE',
    `The original${width && height ? ` is ${width}×${height} pixels,` : ' has'} more than the configured limit of ${maxPixels} pixels (PROVENA_MAX_PIXELS).`,
    { maxPixels, ...(width && height ? { width, height } : {}) },
  );

/**
 * Why sharp could not read the original, said for what it is: over the pixel limit; an image type Provena knows but
 * whose bytes are damaged (CORRUPT_FILE); or not an image that can be converted at all (the preset must copy it).
 */
function undecodable(
  error: unknown,
  source: Uint8Array,
  mediaType: string,
  preset: RenditionPreset,
  options: RenderOptions,
): ProvenaError {
  const message = errorText(error);
  if (/pixel limit/i.test(message)) return tooLarge(options.maxPixels);
  if (/^image\/(png|jpeg|webp|gif|tiff|avif|heic|heif)$/.test(mediaType)) {
    return new ProvenaError('CORRUPT_FILE', `The original ${mediaType} cannot be decoded: ${message}`, {
      mediaType,
      size: source.length,
    });
  }
  return validationFailed([
    {
      field: 'preset',
      problem: `preset "${preset.name}" converts the file, but ${mediaType} is not an image Provena can convert; use a preset with format "original", no size and no watermark`,
    },
  ]);
}
