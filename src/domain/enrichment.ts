/**
 * Enrichment results (renditions, palette, tags, hashes, embeddings), stored per asset version with the producing model
 * and its version so that a result can be recomputed when the model changes.
 */

/** Who produced a result: an enricher name plus model id and version ('sharp-webp@0.35', 'mobilenet-v2@nsfwjs-4.3'). */
export interface Producer {
  enricher: string;
  model: string;
  modelVersion: string;
}

export interface Rendition {
  role: 'thumbnail' | 'preview' | 'poster' | 'keyframe';
  mediaType: string;
  width: number;
  height: number;
  sha256: string;
  size: number;
  /** For video keyframes: position in seconds. */
  atSeconds?: number;
}

/**
 * Basic colour terms (Berlin & Kay's eleven, plus teal for the blue-greens people name apart) that colour filters
 * use: a user asks for "red", not for one of the eighty fine names. Derived from Lab by colourFamilyOf
 * (colour-family.ts).
 */
export const colourFamilies = [
  'red',
  'orange',
  'yellow',
  'green',
  'teal',
  'blue',
  'purple',
  'pink',
  'brown',
  'black',
  'grey',
  'white',
] as const;
export type ColourFamily = (typeof colourFamilies)[number];

export interface PaletteColour {
  hex: string;
  lab: { l: number; a: number; b: number };
  /** Share of (opaque) pixels closest to this colour, 0..1. */
  share: number;
  name: string;
  /** Basic colour term of `lab`, what colour filters match on. */
  family: ColourFamily;
}

export interface VisualSignals {
  width: number;
  height: number;
  hasAlpha: boolean;
  /** Share of fully transparent pixels (0..1). */
  transparentShare: number;
  placeholder?: { kind: 'thumbhash' | 'blurhash'; value: string };
}

export interface PerceptualHashes {
  /** 64-bit hashes as 16-char lowercase hex. */
  dHash: string;
  pHash: string;
}

/**
 * Where a tag's evidence came from: the prompt; only the file name (weaker: names are often abbreviations or
 * unrelated); a vision model; a person; the connector the asset came from; the object detector (COCO classes).
 */
export const tagSources = ['prompt', 'file-name', 'visual', 'manual', 'connector', 'objects'] as const;
export type TagSource = (typeof tagSources)[number];
/** The sources the concept tagger writes; its run replaces the tags of both. */
export const conceptTagSources = ['prompt', 'file-name'] as const satisfies readonly TagSource[];
export type ConceptTagSource = (typeof conceptTagSources)[number];
export const tagCategories = [
  'subject',
  'style',
  'medium',
  'artist',
  'brand',
  'person',
  'place',
  'object',
  'scene',
  'moderation',
  'other',
] as const;
export type TagCategory = (typeof tagCategories)[number];

export interface Tag {
  label: string;
  category: TagCategory;
  source: TagSource;
  confidence: number;
  model: string;
}

export interface ModerationScores {
  /** Category → probability 0..1 (e.g. nsfwjs: Drawing, Hentai, Neutral, Porn, Sexy). */
  scores: Record<string, number>;
  model: string;
}

export interface Embedding {
  model: string;
  modelVersion: string;
  vector: Float32Array;
}

export interface VideoFacts {
  durationSeconds: number;
  codec: string;
  width: number;
  height: number;
  frameRate?: number;
  audioCodec?: string;
}

/** A decoded image shared by every pixel enricher: decode once, read many. */
export interface DecodedImage {
  width: number;
  height: number;
  /** Original dimensions before the working downscale. */
  originalWidth: number;
  originalHeight: number;
  channels: 4;
  /** RGBA, 8-bit, sRGB, at most workingSize on the long edge. */
  rgba: Uint8Array;
}

/** Sides beyond this are not a working-size image: refused before anyone allocates planes for it. */
const maxDecodedSide = 16_384;

/** Whether a DecodedImage's size and buffer agree, so that readers never index out of bounds. */
export function isWellFormedDecodedImage(image: DecodedImage): boolean {
  const { width, height, rgba } = image;
  return (
    Number.isInteger(width) &&
    Number.isInteger(height) &&
    width > 0 &&
    height > 0 &&
    width <= maxDecodedSide &&
    height <= maxDecodedSide &&
    rgba instanceof Uint8Array &&
    rgba.length === width * height * 4
  );
}

/** Port: image → vector (and optionally tags), model id and version stated. */
export interface Embedder {
  readonly model: string;
  readonly modelVersion: string;
  readonly dimensions: number;
  embedImage(image: DecodedImage): Promise<Float32Array>;
  /** Text → vector in the same space, when the model has a text tower (CLIP); undefined otherwise. */
  embedText?(text: string): Promise<Float32Array>;
}

export interface VisualTagger {
  readonly model: string;
  readonly modelVersion: string;
  tag(image: DecodedImage): Promise<{ tags: Tag[]; moderation?: ModerationScores }>;
}
