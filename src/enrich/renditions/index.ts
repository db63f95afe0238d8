/** Thumbnail, preview, placeholder and visual signals of a decoded image. */
export { makeRenditions, renderPreview, renditionsProducer, sha256Hex, transparentShareOf } from './renditions.ts';
export type { ImageRenditions, RenditionFile, RenditionOptions } from './renditions.ts';
export { thumbhashOf, thumbhashToRaster } from './placeholder.ts';
