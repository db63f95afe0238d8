/**
 * The Enrichers port (src/domain/enrichers.ts) over the enricher modules: one shared decode, renditions, palette,
 * perceptual hashes with crop probes, concept tags, video frames and the configured vision models. Also the
 * similarity index adapter over the MIH near-duplicate index. The preview is not made here but on first request
 * (renditions/renderPreview; docs/decisions/0006-lazy-preview-rendition.md). Only src/main/ builds these.
 */
import type { Embedder, Producer, VisualTagger } from '../../domain/enrichment.ts';
import type {
  DecodedPicture,
  Enrichers,
  SimilarityCandidate,
  SimilarityIndex,
  SimilarityProbe,
  VideoAnalysis,
} from '../../domain/enrichers.ts';
import { ProvenaError } from '../../domain/errors.ts';
import type { PeopleAndObjectDetector, TextRecogniser } from '../../domain/image-content.ts';
import { hashesCarryInformation, type StoredPerceptualHashes } from '../../domain/sameness.ts';
import { decodeImage, type DecodedAsset } from '../decode/index.ts';
import { paletteProducer } from '../colour/index.ts';
import { cosine } from '../embeddings/vector-math.ts';
import type { QueryHashes, StoredHashes } from '../hashes/crop-probes.ts';
import { hash64FromHex, hash64ToHex } from '../hashes/hash64.ts';
import { makeRenditions, renditionsProducer } from '../renditions/index.ts';
import { NearDuplicateIndex } from '../similarity/near-duplicate-index.ts';
import { conceptTaggerModel, conceptTagRulesVersion, extractConceptTags, loadVocabulary } from '../tags/index.ts';
import { extractFrames, ffmpegVersion } from '../video/index.ts';
import { decodeDetail } from './detail-image.ts';
import { analysePixels, type PixelResult, type PixelTask } from './pixel-analysis.ts';
import { PixelThreads } from './pixel-thread.ts';

export interface PipelineOptions {
  /** Decompression-bomb guard (Config.maxPixels). */
  maxPixels: number;
  /** Representative video frames besides the poster (default 4). */
  keyframes?: number;
  ffmpegPath?: string;
  ffprobePath?: string;
  embedder?: Embedder;
  taggers?: readonly VisualTagger[];
  /** OCR (the 'text' step); absent: not applicable. */
  textRecogniser?: TextRecogniser;
  /** The detectors whose faces and whose objects are recorded: one instance for both, or either absent (off). */
  faceDetector?: PeopleAndObjectDetector;
  objectDetector?: PeopleAndObjectDetector;
  /**
   * Worker threads for palette, hashes, placeholder and concept tags (default 1; a second one measured no faster on
   * two cores, where libvips and the main thread already share them); 0 computes them inline on the calling thread.
   * Same results either way (tested).
   */
  pixelThreads?: number;
  /**
   * Start the pixel threads before returning (default false: on the first request). A long-running service wants
   * them ready before its first job; a test or a one-off command that may never ask does not pay ~1 s of CPU for them.
   */
  startThreads?: boolean;
}

/**
 * Bumped when hashing (grid, DCT, inset margin) or the working image it reads changes, so that stored hashes are
 * recomputed. 2: hashed on the 256 px working image decoded in one step, instead of 512 px scaled from a 1024 base
 * (bench:dupes scores the same; a picture's old and new hashes stay within the near-duplicate thresholds).
 */
const hashesProducer: Producer = { enricher: 'hashes', model: 'dhash-phash-64-inset', modelVersion: '2' };

const pictureOf = (decoded: DecodedAsset): DecodedPicture => ({
  image: decoded.image,
  facts: {
    format: decoded.source.format,
    width: decoded.source.width,
    height: decoded.source.height,
    hasAlpha: decoded.source.hasAlpha,
    frames: decoded.source.frames,
    bitDepth: decoded.source.bitDepth,
    colourSpace: decoded.source.colourSpace,
    isPalette: decoded.source.isPalette,
  },
  handle: decoded,
});

const handleOf = (picture: DecodedPicture): DecodedAsset => {
  const decoded = picture.handle as DecodedAsset | undefined;
  if (!decoded?.scaled) throw new ProvenaError('INTERNAL', 'The picture was not decoded by this pipeline.');
  return decoded;
};

export async function createEnrichers(options: PipelineOptions): Promise<Enrichers> {
  const vocabulary = loadVocabulary();
  const ffmpeg = options.ffmpegPath ?? 'ffmpeg';
  const ffmpegAt = await ffmpegVersion(ffmpeg);
  const keyframes = options.keyframes ?? 4;
  const decodeOptions = { limitInputPixels: options.maxPixels };
  const videoProducer: Producer = {
    enricher: 'video',
    model: 'ffmpeg',
    modelVersion: `ffmpeg ${ffmpegAt ?? 'absent'}; keyframes ${keyframes}`,
  };
  const threadCount = options.pixelThreads ?? 1;
  const threads = threadCount > 0 ? new PixelThreads(threadCount) : undefined;
  if (options.startThreads) await threads?.start();
  const pixels = (task: PixelTask, picture: DecodedPicture): Promise<PixelResult> =>
    threads ? threads.run(task, picture.image) : Promise.resolve().then(() => analysePixels(task, picture.image));
  return {
    producers: {
      renditions: renditionsProducer,
      palette: paletteProducer,
      hashes: hashesProducer,
      conceptTags: {
        enricher: 'concept-tags',
        model: 'provena-concept-tags',
        modelVersion: `${conceptTaggerModel(vocabulary)}+rules@${conceptTagRulesVersion}`,
      },
      video: videoProducer,
    },
    decode: async (path) => pictureOf(await decodeImage(path, decodeOptions)),
    decodeBytes: async (bytes) => pictureOf(await decodeImage(bytes, decodeOptions)),
    decodeDetail: async (input, longEdge) => decodeDetail(input, longEdge, decodeOptions),
    renditions: async (picture, store) => {
      // Thumbnail and placeholder only: the preview costs more than the rest of the pixel work together and is made
      // when first asked for (renderPreview).
      const made = await makeRenditions(handleOf(picture), {
        store,
        placeholderOf: async () => {
          const result = await pixels('placeholder', picture);
          if (result.task !== 'placeholder')
            throw new ProvenaError('INTERNAL', 'A pixel thread answered another task.');
          return result.thumbhash;
        },
      });
      return { files: [made.thumbnail], signals: made.signals };
    },
    palette: async (picture) => {
      const result = await pixels('palette', picture);
      if (result.task !== 'palette') throw new ProvenaError('INTERNAL', 'A pixel thread answered another task.');
      return result.palette;
    },
    hashes: async (picture) => {
      const result = await pixels('hashes', picture);
      if (result.task !== 'hashes') throw new ProvenaError('INTERNAL', 'A pixel thread answered another task.');
      return { stored: toStored(result.hashes, picture), probe: result.hashes };
    },
    conceptTags: async (input) => {
      if (!threads) return extractConceptTags(input, vocabulary);
      const result = await threads.runText(input);
      if (result.task !== 'concept-tags') throw new ProvenaError('INTERNAL', 'A pixel thread answered another task.');
      return result.tags;
    },
    video: async (path): Promise<VideoAnalysis> => {
      if (!ffmpegAt) {
        throw new ProvenaError(
          'CONFIG_INVALID',
          `Video enrichment needs ffmpeg and ffprobe, and "${ffmpeg}" could not be run.`,
          {
            ffmpegPath: ffmpeg,
          },
        );
      }
      const frames = await extractFrames(path, {
        keyframes,
        ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}),
        ...(options.ffprobePath ? { ffprobePath: options.ffprobePath } : {}),
      });
      return { facts: frames.facts, poster: frames.poster, keyframes: frames.keyframes, producer: videoProducer };
    },
    cosine,
    embedder: options.embedder,
    taggers: options.taggers ?? [],
    textRecogniser: options.textRecogniser,
    faceDetector: options.faceDetector,
    objectDetector: options.objectDetector,
    dispose: async () => {
      await threads?.dispose();
      await Promise.all(
        [...new Set([options.textRecogniser, options.faceDetector, options.objectDetector])].map(async (detector) =>
          detector?.dispose(),
        ),
      );
    },
  };
}

const toStored = (hashes: StoredHashes, picture: DecodedPicture): StoredPerceptualHashes => ({
  full: { dHash: hash64ToHex(hashes.full.dHash), pHash: hash64ToHex(hashes.full.pHash) },
  inset: { dHash: hash64ToHex(hashes.inset.dHash), pHash: hash64ToHex(hashes.inset.pHash) },
  // The source's size, not the working image's: the rule is about how much picture there was to hash.
  picture: { width: picture.facts.width, height: picture.facts.height },
});

/** The SimilarityIndex port over the MIH near-duplicate index (whole-image and inset hashes, crop probes). */
export class MihSimilarityIndex implements SimilarityIndex {
  private readonly index = new NearDuplicateIndex();

  get size(): number {
    return this.index.size;
  }

  set(assetId: string, hashes: StoredPerceptualHashes): void {
    // Removed rather than skipped: the asset's previous current version may have been large enough to be indexed.
    if (!hashesCarryInformation(hashes)) {
      this.index.remove(assetId);
      return;
    }
    this.index.add(assetId, {
      full: { dHash: hash64FromHex(hashes.full.dHash), pHash: hash64FromHex(hashes.full.pHash) },
      inset: { dHash: hash64FromHex(hashes.inset.dHash), pHash: hash64FromHex(hashes.inset.pHash) },
    });
  }

  remove(assetId: string): void {
    this.index.remove(assetId);
  }

  find(
    probe: SimilarityProbe,
    options: { excludeId?: string; embeddingCosine?: (assetId: string) => number | undefined } = {},
  ): SimilarityCandidate[] {
    const query = probe.probe as QueryHashes | undefined;
    if (!query?.forwardProbes)
      throw new ProvenaError('INTERNAL', 'The similarity probe was not made by this pipeline.');
    if (!hashesCarryInformation(probe.stored)) return [];
    return this.index
      .find(query, {
        // Variant candidates too: the looser visual band feeds variant-family suggestions.
        variants: true,
        ...(options.excludeId ? { excludeId: options.excludeId } : {}),
        ...(options.embeddingCosine ? { embeddingCosine: options.embeddingCosine } : {}),
      })
      .filter((m) => m.verdict !== 'distinct')
      .map((m) => ({
        assetId: m.id,
        verdict: m.verdict as SimilarityCandidate['verdict'],
        reason: m.reason,
        distances: {
          dHash: m.distances.dHash,
          pHash: m.distances.pHash,
          via: m.distances.via,
          ...(m.distances.embeddingCosine !== undefined ? { embeddingCosine: m.distances.embeddingCosine } : {}),
        },
      }));
  }
}
