/**
 * Ports of the enrichers: what the enrichment service asks of src/enrich/ (decode once, renditions, palette,
 * hashes, concept tags, video frames, the similarity index). src/main/ wires the implementations; the service never
 * imports src/enrich/ directly.
 */
import type {
  DecodedImage,
  Embedder,
  PaletteColour,
  Producer,
  Rendition,
  Tag,
  VideoFacts,
  VisualSignals,
  VisualTagger,
} from './enrichment.ts';
import type { DetailImage, PeopleAndObjectDetector, TextRecogniser } from './image-content.ts';
import type { SimilarityDistances, SimilarityVerdict, StoredPerceptualHashes } from './sameness.ts';

/** Header facts of a decoded source image (degenerate inputs are described here, not refused). */
export interface PictureFacts {
  format: string;
  width: number;
  height: number;
  hasAlpha: boolean;
  frames: number;
  bitDepth: number;
  colourSpace: string;
  isPalette: boolean;
}

/** One decode of an image, shared by every pixel enricher. `handle` is the implementation's own raster. */
export interface DecodedPicture {
  image: DecodedImage;
  facts: PictureFacts;
  readonly handle: unknown;
}

export interface RenditionBytes {
  rendition: Rendition;
  bytes: Uint8Array;
}

/** Opaque query form of an image's hashes (whole image plus crop probes), understood by the SimilarityIndex. */
export interface SimilarityProbe {
  readonly stored: StoredPerceptualHashes;
  readonly probe: unknown;
}

export interface SimilarityCandidate {
  assetId: string;
  verdict: SimilarityVerdict;
  reason: string;
  distances: SimilarityDistances;
}

/**
 * The in-memory Hamming index over every asset's current hashes (loaded from the database at startup). Hashes that
 * carry no information (hashesCarryInformation in sameness.ts: a picture with a side under 32 px) are never matched:
 * `set` leaves them out and a probe made of them finds nothing.
 */
export interface SimilarityIndex {
  readonly size: number;
  /** Adds or replaces the asset's hashes; hashes that carry no information remove the asset instead. */
  set(assetId: string, hashes: StoredPerceptualHashes): void;
  remove(assetId: string): void;
  find(
    probe: SimilarityProbe,
    options?: { excludeId?: string; embeddingCosine?: (assetId: string) => number | undefined },
  ): SimilarityCandidate[];
}

export interface VideoAnalysis {
  facts: VideoFacts;
  poster: RenditionBytes;
  keyframes: RenditionBytes[];
  producer: Producer;
}

/** The enrichers behind the service, each stating the producer (model and version) of its results. */
export interface Enrichers {
  readonly producers: {
    renditions: Producer;
    palette: Producer;
    hashes: Producer;
    conceptTags: Producer;
    video: Producer;
  };
  decode(path: string): Promise<DecodedPicture>;
  /** Decodes rendition bytes already in memory (a video poster frame). */
  decodeBytes(bytes: Uint8Array): Promise<DecodedPicture>;
  /**
   * The detail-size decode for the detectors (OCR, faces, objects): RGB at most `longEdge` px on its long side (never
   * enlarged), oriented, transparency flattened onto white. A file path, or bytes in memory (a video poster frame).
   */
  decodeDetail(input: string | Uint8Array, longEdge: number): Promise<DetailImage>;
  /**
   * Thumbnail, placeholder and visual signals. Each file is handed to `store` as soon as it is encoded (the thumbnail
   * does not wait for the placeholder), and the result waits for it: the files' writes overlap the rest of the pixel
   * work.
   */
  renditions(
    picture: DecodedPicture,
    store: (file: RenditionBytes) => Promise<void>,
  ): Promise<{ files: RenditionBytes[]; signals: VisualSignals }>;
  /** Asynchronous so that an implementation can compute off the main thread (0007-enrichment-throughput.md). */
  palette(picture: DecodedPicture): Promise<PaletteColour[]>;
  hashes(picture: DecodedPicture): Promise<SimilarityProbe>;
  /** Asynchronous too: the default adapter works them out in a pixel thread while the image decodes. */
  conceptTags(input: { prompt?: string; fileName?: string }): Promise<Tag[]>;
  video(path: string): Promise<VideoAnalysis>;
  /** Cosine similarity of two vectors of the same model. */
  cosine(a: Float32Array, b: Float32Array): number;
  readonly embedder: Embedder | undefined;
  readonly taggers: readonly VisualTagger[];
  /** OCR; absent when turned off (PROVENA_OCR=off) or not configured. */
  readonly textRecogniser?: TextRecogniser | undefined;
  /**
   * The detector whose faces are recorded, and the one whose objects are: usually one and the same (one detection
   * serves both steps of a run), each absent when turned off (PROVENA_FACES, PROVENA_OBJECTS) or not configured.
   */
  readonly faceDetector?: PeopleAndObjectDetector | undefined;
  readonly objectDetector?: PeopleAndObjectDetector | undefined;
  /** Releases what the enrichers hold (worker threads); the enrichers are not used afterwards. */
  dispose?(): Promise<void>;
}
