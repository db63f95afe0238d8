/**
 * What is in a picture beyond its colours and hashes: words (OCR), faces and people, objects, and where a reference
 * logo appears. The enrichers of src/enrich/ (ocr/, vision/, logo/) implement the ports below; the enrichment run
 * stores the facts, and the brand check reads them (and matches logos at check time).
 */
import type { Producer } from './enrichment.ts';

/** A rectangle in the pixel coordinates of the original picture (after EXIF orientation), top-left origin. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A picture decoded at detail size for the detectors: far larger than the 256 px working image of the other pixel
 * enrichers (text and faces need pixels), at most a configured long edge. RGB, 8-bit, sRGB, row-major.
 */
export interface DetailImage {
  width: number;
  height: number;
  channels: 3;
  rgb: Uint8Array;
  /** The original picture's size: boxes are reported in it (scale = originalWidth / width). */
  originalWidth: number;
  originalHeight: number;
}

export interface RecognisedWord {
  text: string;
  /** 0..1 */
  confidence: number;
  box: Box;
}

export interface TextInImage {
  words: RecognisedWord[];
  /** The recognised text, lines joined with newlines: what search indexes. */
  text: string;
}

export interface DetectedFace {
  box: Box;
  /** 0..1 */
  score: number;
}

export interface DetectedObject {
  /** COCO class name, e.g. "person", "car". */
  label: string;
  /** 0..1 */
  score: number;
  box: Box;
}

export interface PeopleAndObjects {
  faces: DetectedFace[];
  objects: DetectedObject[];
  /** Faces that passed the detector's own check (mesh), or a person object: realistic people are depicted. */
  containsPeople: boolean;
}

/** Port: OCR. Words with boxes and confidence; a picture without text gives no words (not an error). */
export interface TextRecogniser {
  readonly producer: Producer;
  recognise(image: DetailImage, options?: { signal?: AbortSignal }): Promise<TextInImage>;
  dispose(): Promise<void>;
}

/** Port: faces and objects from one model package, each result with its own producer. */
export interface PeopleAndObjectDetector {
  readonly producers: { faces: Producer; objects: Producer };
  detect(image: DetailImage, options?: { signal?: AbortSignal }): Promise<PeopleAndObjects>;
  dispose(): Promise<void>;
}

/** A reference image (a brand's logo) as uploaded, transparency kept: the matcher ignores transparent pixels. */
export interface ReferenceImage {
  width: number;
  height: number;
  channels: 4;
  rgba: Uint8Array;
}

export interface LogoMatch {
  box: Box;
  /** The logo's width in the picture over its reference width. */
  scale: number;
  /** Normalised correlation, 0..1; a match is reported at or above the matcher's threshold only. */
  score: number;
}

/** Port: finds a reference logo at unknown scale and position. */
export interface LogoMatcher {
  readonly producer: Producer;
  /** The best matches (non-overlapping, best first), at most `limit` (default 3). */
  find(
    image: DetailImage,
    logo: ReferenceImage,
    options?: { minScore?: number; limit?: number; signal?: AbortSignal },
  ): Promise<LogoMatch[]>;
  dispose(): Promise<void>;
}
