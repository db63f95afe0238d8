/**
 * Thumbnail and preview (WebP), the ThumbHash placeholder and the visual signals of an image. Thumbnail, placeholder
 * and signals are cut from the working image of the one decode (see decode/decode-image.ts); the preview, larger
 * than that, is made on its own when first asked for. Returns bytes with their metadata; the caller stores the
 * bytes in the content-addressed blob store. The original file is not touched.
 *
 * Encoder settings (libwebp through sharp 0.35, measured on 1024² PNGs on the 2-core box):
 * - preview: quality 80, effort 1. A 1024² WebP encode costs ~30 ms at effort 0, ~40 ms at 1, ~55 ms at 2 and
 *   ~110 ms at 4 (sharp's default) — the preview is the dearest step of the whole enrichment, and effort buys
 *   little: on 21 photographic 1024² images the average file is 203 KiB at effort 0, 198 at 1, 189 at 2, 184 at 4.
 *   The enrichment pipeline therefore does not make it eagerly (docs/decisions/0006-lazy-preview-rendition.md):
 *   it is rendered on first request (renderPreview) and cached.
 * - thumbnail: quality 80, effort 2. On 256² rasters effort 2 costs ~2.4 ms against ~4.5 ms at 3 or 4, for files
 *   2–3 % larger (fixture photographs: 4.2 KiB against 4.1); below 2 they grow by 10–15 % for little gain.
 * Opaque images are encoded without an alpha plane. Per-step CPU figures: `npm run bench:enrich-steps`.
 */
import { createHash } from 'node:crypto';
import sharp, { type Sharp } from 'sharp';
import type { DecodedImage, Producer, Rendition, VisualSignals } from '../../domain/enrichment.ts';
import { decodeBase, type DecodedAsset } from '../decode/decode-image.ts';
import type { Raster } from '../decode/raster.ts';
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
}

export interface RenditionFile {
  rendition: Rendition;
  bytes: Buffer;
}

export interface ImageRenditions {
  thumbnail: RenditionFile;
  signals: VisualSignals;
  producer: Producer;
}

export const renditionsProducer: Producer = {
  enricher: 'renditions',
  model: 'sharp-webp',
  modelVersion: `sharp ${sharp.versions.sharp ?? '?'} libvips ${sharp.versions.vips} libwebp ${sharp.versions.webp ?? '?'}`,
};

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const sharpOf = (raster: Raster): Sharp =>
  sharp(raster.pixels, { raw: { width: raster.width, height: raster.height, channels: raster.channels } });

/** The size that fits inside maxEdge × maxEdge, never enlarged, each side ≥ 1 px however extreme the aspect ratio. */
const fitInside = (raster: Raster, maxEdge: number): { width: number; height: number; fit: 'fill' } => {
  const scale = Math.min(1, maxEdge / Math.max(raster.width, raster.height));
  return {
    width: Math.max(1, Math.round(raster.width * scale)),
    height: Math.max(1, Math.round(raster.height * scale)),
    fit: 'fill',
  };
};

/** The raster as a sharp pipeline fitted inside maxEdge × maxEdge; no resampling when it fits already. */
const scaledTo = (raster: Raster, maxEdge: number): Sharp => {
  const size = fitInside(raster, maxEdge);
  return size.width === raster.width && size.height === raster.height ? sharpOf(raster) : sharpOf(raster).resize(size);
};

const encodeWebp = async (
  pipeline: Sharp,
  role: Rendition['role'],
  options: { quality: number; effort: number; alpha: boolean },
): Promise<RenditionFile> => {
  const { data, info } = await (options.alpha ? pipeline : pipeline.removeAlpha())
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

const defaults = {
  thumbnailSize: 256,
  previewSize: 1024,
  thumbnailQuality: 80,
  previewQuality: 80,
  previewEffort: 1,
  thumbnailEffort: 2,
};

/**
 * The preview of an image file or of encoded bytes (a video poster), made on its own when first asked for: decode
 * straight to the preview size, then encode.
 */
export const renderPreview = async (
  input: string | Uint8Array,
  options: Pick<RenditionOptions, 'previewSize' | 'previewQuality' | 'previewEffort'> & { limitInputPixels: number },
): Promise<RenditionFile> => {
  const { previewSize, previewQuality, previewEffort } = { ...defaults, ...options };
  const { base } = await decodeBase(input, { limitInputPixels: options.limitInputPixels, baseSize: previewSize });
  return encodeWebp(sharpOf(base), 'preview', {
    quality: previewQuality,
    effort: previewEffort,
    // decodeBase drops an alpha channel that is 255 everywhere.
    alpha: base.channels === 4,
  });
};

/** Thumbnail, placeholder and visual signals, all cut from the working image of the one decode. */
export const makeRenditions = async (
  decoded: DecodedAsset,
  options: Pick<RenditionOptions, 'thumbnailSize' | 'thumbnailQuality' | 'thumbnailEffort'> & {
    /** Works out the placeholder (default: thumbhashOf on this thread; the pipeline passes its pixel threads). */
    placeholderOf?: (image: DecodedImage) => Promise<string>;
    /** Handed the thumbnail as soon as it is encoded, while the placeholder may still be worked out; awaited. */
    store?: (file: RenditionFile) => Promise<void>;
  } = {},
): Promise<ImageRenditions> => {
  const { thumbnailSize, thumbnailQuality, thumbnailEffort } = { ...defaults, ...options };
  const placeholderOf =
    options.placeholderOf ?? ((image: DecodedImage) => Promise.resolve().then(() => thumbhashOf(image)));
  const { scaled, source, image } = decoded;
  const [thumbnail, placeholder] = await Promise.all([
    // One libvips pipeline: scale (unless the working image has the thumbnail's size already, as it has by default)
    // and encode without handing the raster back to JavaScript.
    encodeWebp(scaledTo(scaled, thumbnailSize), 'thumbnail', {
      quality: thumbnailQuality,
      effort: thumbnailEffort,
      // `scaled` is RGB unless some pixel is not opaque.
      alpha: scaled.channels === 4,
    }).then(async (file) => {
      await options.store?.(file);
      return file;
    }),
    placeholderOf(image),
  ]);
  return {
    thumbnail,
    producer: renditionsProducer,
    signals: {
      width: source.width,
      height: source.height,
      hasAlpha: source.hasAlpha,
      // `scaled` keeps an alpha channel only when some pixel is not opaque.
      transparentShare: scaled.channels === 4 ? Math.round(transparentShareOf(image) * 10_000) / 10_000 : 0,
      placeholder: { kind: 'thumbhash', value: placeholder },
    },
  };
};
