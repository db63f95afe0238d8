/**
 * Thumbnail and preview (WebP), the ThumbHash placeholder and the visual signals of an image, all cut from the one
 * decoded raster (see decode/decode-image.ts). Returns bytes with their metadata; the caller stores the bytes in
 * the content-addressed blob store. The original file is not touched.
 *
 * Encoder settings (libwebp through sharp 0.35, measured on 1024² PNGs on the 2-core box):
 * - preview: quality 80, effort 1. A 1024² WebP encode costs ~30 ms at effort 0, ~40 ms at 1, ~55 ms at 2 and
 *   ~110 ms at 4 (sharp's default) — the preview is the dearest step of the whole enrichment, and effort buys
 *   little: on 21 photographic 1024² images the average file is 203 KiB at effort 0, 198 at 1, 189 at 2, 184 at 4.
 *   The enrichment pipeline therefore does not make it eagerly (docs/decisions/0006-lazy-preview-rendition.md):
 *   it is rendered on first request (makePreview over decodeBase) and cached.
 * - thumbnail: quality 80, effort 2. On 256² rasters effort 2 costs ~2.4 ms against ~4.5 ms at 3 or 4, for files
 *   2–3 % larger (fixture photographs: 4.2 KiB against 4.1); below 2 they grow by 10–15 % for little gain.
 * Opaque images are encoded without an alpha plane. See the speed figures in pixel-pipeline.bench.ts.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { DecodedImage, Producer, Rendition, VisualSignals } from '../../domain/enrichment.ts';
import { decodeBase, type DecodedAsset } from '../decode/decode-image.ts';
import { fitRaster, type Raster } from '../decode/raster.ts';
import { thumbhashOf } from './placeholder.ts';

export interface RenditionOptions {
  /** Long edge of the thumbnail (default 256). */
  thumbnailSize?: number;
  /** Long edge of the preview (default 1024); never more than the decoded base, never upscaled. */
  previewSize?: number;
  thumbnailQuality?: number;
  previewQuality?: number;
  /** libwebp effort 0–6 for the preview (default 1). */
  previewEffort?: number;
  /** libwebp effort 0–6 for the thumbnail (default 2). */
  thumbnailEffort?: number;
  /**
   * Make the preview now (default true). It is the dearest step by far (libwebp on a 1024² image); a caller that
   * must keep enrichment fast passes false and makes it later with makePreview (the pipeline does so on first
   * request).
   */
  preview?: boolean;
}

export interface RenditionFile {
  rendition: Rendition;
  bytes: Buffer;
}

export interface ImageRenditions {
  thumbnail: RenditionFile;
  /** Absent only when asked for with `preview: false`. */
  preview?: RenditionFile;
  signals: VisualSignals;
  producer: Producer;
}

export const renditionsProducer: Producer = {
  enricher: 'renditions',
  model: 'sharp-webp',
  modelVersion: `sharp ${sharp.versions.sharp ?? '?'} libvips ${sharp.versions.vips} libwebp ${sharp.versions.webp ?? '?'}`,
};

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const encodeWebp = async (
  raster: Raster,
  role: Rendition['role'],
  options: { quality: number; effort: number; alpha: boolean },
): Promise<RenditionFile> => {
  let pipeline = sharp(raster.pixels, {
    raw: { width: raster.width, height: raster.height, channels: raster.channels },
  });
  if (raster.channels === 4 && !options.alpha) pipeline = pipeline.removeAlpha();
  const { data, info } = await pipeline
    .webp({ quality: options.quality, effort: options.effort })
    .toBuffer({ resolveWithObject: true });
  return {
    bytes: data,
    rendition: {
      role,
      mediaType: 'image/webp',
      width: info.width,
      height: info.height,
      sha256: sha256Hex(data),
      size: data.length,
    },
  };
};

/** Share (0..1) of fully transparent pixels. */
export const transparentShareOf = (image: Pick<DecodedImage, 'rgba'>): number => {
  const { rgba } = image;
  const pixels = rgba.length >> 2;
  if (pixels === 0) return 0;
  let transparent = 0;
  for (let p = 3; p < rgba.length; p += 4) if (rgba[p] === 0) transparent++;
  return transparent / pixels;
};

/** True when any pixel is less than fully opaque: only then does a rendition need an alpha plane. */
const hasTransparency = (raster: Raster): boolean => {
  if (raster.channels !== 4) return false;
  const { pixels } = raster;
  for (let p = 3; p < pixels.length; p += 4) if (pixels[p] !== 255) return true;
  return false;
};

const defaults = {
  thumbnailSize: 256,
  previewSize: 1024,
  thumbnailQuality: 80,
  previewQuality: 80,
  previewEffort: 1,
  thumbnailEffort: 2,
};

/** The preview alone, when makeRenditions ran with `preview: false`; only needs the base raster (decodeBase). */
export const makePreview = async (
  decoded: Pick<DecodedAsset, 'base'>,
  options: RenditionOptions = {},
): Promise<RenditionFile> => {
  const { previewSize, previewQuality, previewEffort } = { ...defaults, ...options };
  const raster = await fitRaster(decoded.base, previewSize);
  return encodeWebp(raster, 'preview', {
    quality: previewQuality,
    effort: previewEffort,
    alpha: hasTransparency(raster),
  });
};

/**
 * The preview of an image file or of encoded bytes (a video poster), made on its own: decode straight to the preview
 * size (no working image), then encode with the same settings as makePreview, so the same bytes.
 */
export const renderPreview = async (
  input: string | Uint8Array,
  options: RenditionOptions & { limitInputPixels: number },
): Promise<RenditionFile> =>
  makePreview(
    await decodeBase(input, {
      limitInputPixels: options.limitInputPixels,
      baseSize: options.previewSize ?? defaults.previewSize,
    }),
    options,
  );

export const makeRenditions = async (
  decoded: DecodedAsset,
  options: RenditionOptions = {},
): Promise<ImageRenditions> => {
  const { thumbnailSize, thumbnailQuality, thumbnailEffort } = { ...defaults, ...options };
  const { base, scaled, source, image } = decoded;
  // Cut from the working-size raster when it is large enough: a quarter of the pixels to scale (for a 1024² base).
  const fitsScaled =
    Math.max(scaled.width, scaled.height) >= Math.min(thumbnailSize, Math.max(base.width, base.height));
  const thumbnailRaster = await fitRaster(fitsScaled ? scaled : base, thumbnailSize);
  const [thumbnail, placeholder, preview] = await Promise.all([
    encodeWebp(thumbnailRaster, 'thumbnail', {
      quality: thumbnailQuality,
      effort: thumbnailEffort,
      alpha: hasTransparency(thumbnailRaster),
    }),
    thumbhashOf(thumbnailRaster),
    options.preview === false ? undefined : makePreview(decoded, options),
  ]);
  return {
    thumbnail,
    ...(preview ? { preview } : {}),
    producer: renditionsProducer,
    signals: {
      width: source.width,
      height: source.height,
      hasAlpha: source.hasAlpha,
      transparentShare: Math.round(transparentShareOf(image) * 10_000) / 10_000,
      placeholder: { kind: 'thumbhash', value: placeholder },
    },
  };
};
