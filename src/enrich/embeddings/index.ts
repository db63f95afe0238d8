/**
 * Builds the vision models the enrichment worker uses, loaded and checked up front so that a missing or corrupt model
 * fails at startup (or when an operator enables it), never at the first job.
 *
 * Default: MobileNetV2 from nsfwjs (offline, in the npm package) gives the image embedding and moderation scores.
 * CLIP (operator-supplied ONNX weights) can replace the embedder (adding text→image search) and add zero-shot tags.
 * COCO object detection (@vladmandic/human) is deliberately not offered: ~0.55 s per image for rough tags would cost
 * more than everything else in the pipeline together (MobileNet ≈ 70 ms) and miss the ≥ 8 images/s target; CLIP's
 * zero-shot object tags cover the need better where the operator supplies weights.
 */
import type { Embedder, VisualTagger } from '../../domain/enrichment.ts';
import { ProvenaError } from '../../domain/errors.ts';
import { ClipEmbedder } from './clip.ts';
import type { ClipDtype } from './clip.ts';
import { MobileNetEmbedder } from './mobilenet.ts';
import { MobileNetThread } from './mobilenet-thread.ts';

export { ClipEmbedder, readVocabulary, defaultClipVocabularyPath } from './clip.ts';
export type { ClipDtype, ClipOptions, ClipVocabulary } from './clip.ts';
export { MobileNetEmbedder, moderationClasses } from './mobilenet.ts';
export { MobileNetThread } from './mobilenet-thread.ts';
export type { ImageAnalysis, MobileNetOptions } from './mobilenet.ts';
export { cosine, l2Normalise } from './vector-math.ts';

export type EmbedderKind = 'mobilenet' | 'clip' | 'none';

export interface VisionConfig {
  /** Which model makes the stored image vector. */
  embedder: EmbedderKind;
  /** nsfwjs moderation scores and tags (MobileNet). Default true. */
  moderation?: boolean;
  /** CLIP zero-shot tags against the vocabulary. Default: on when the embedder is CLIP. */
  clipTags?: boolean;
  clipModelDir?: string;
  clipDtype?: ClipDtype;
  /** Path of a vocabulary JSON file replacing vocab/clip-vocabulary.json. */
  clipVocabularyPath?: string;
  clipThreads?: number;
  /** A tfjs layers model directory replacing the weights bundled in nsfwjs. */
  mobilenetModelDir?: string;
  /**
   * Run MobileNet in its own worker thread (default true): its synchronous WebAssembly inference then no longer
   * blocks the event loop that every other enricher and the job system share (mobilenet-thread.ts).
   */
  mobilenetThread?: boolean;
}

export interface VisionModels {
  embedder: Embedder | undefined;
  taggers: VisualTagger[];
  dispose(): Promise<void>;
}

/** Creates and initialises every configured model; one instance serves as both embedder and tagger where it can. */
export async function createVisionModels(config: VisionConfig): Promise<VisionModels> {
  const wantsClip = config.embedder === 'clip' || config.clipTags === true;
  const wantsClipTags = config.clipTags ?? config.embedder === 'clip';
  const wantsMobileNet = config.embedder === 'mobilenet' || (config.moderation ?? true);
  if (!['mobilenet', 'clip', 'none'].includes(config.embedder)) {
    throw new ProvenaError('CONFIG_INVALID', `Unknown embedder ${JSON.stringify(config.embedder)}.`, {
      field: 'embedder',
      allowed: ['mobilenet', 'clip', 'none'],
    });
  }
  if (wantsClip && !config.clipModelDir) {
    throw new ProvenaError(
      'CONFIG_INVALID',
      'CLIP is enabled but no model directory is configured. CLIP weights do not ship with Provena: download an ' +
        'ONNX export (Hugging Face layout) and point the CLIP model directory setting at it.',
      { field: 'clipModelDir' },
    );
  }

  const mobilenetOptions = config.mobilenetModelDir ? { modelDir: config.mobilenetModelDir } : {};
  const mobilenet = !wantsMobileNet
    ? undefined
    : (config.mobilenetThread ?? true)
      ? new MobileNetThread(mobilenetOptions)
      : new MobileNetEmbedder(mobilenetOptions);
  const clip =
    wantsClip && config.clipModelDir
      ? new ClipEmbedder({
          modelDir: config.clipModelDir,
          ...(config.clipDtype ? { dtype: config.clipDtype } : {}),
          ...(config.clipVocabularyPath ? { vocabulary: config.clipVocabularyPath } : {}),
          ...(config.clipThreads ? { threads: config.clipThreads } : {}),
        })
      : undefined;

  const dispose = async (): Promise<void> => {
    await mobilenet?.dispose();
    await clip?.dispose();
  };
  try {
    // One after the other: both loads are CPU-bound and the second's errors should not hide the first's.
    await mobilenet?.init();
    await clip?.init();
  } catch (error) {
    await dispose();
    throw error;
  }

  const taggers: VisualTagger[] = [];
  if (mobilenet && (config.moderation ?? true)) taggers.push(mobilenet);
  if (clip && wantsClipTags) taggers.push(clip);
  const embedder = config.embedder === 'mobilenet' ? mobilenet : config.embedder === 'clip' ? clip : undefined;
  return { embedder, taggers, dispose };
}

/** The embedder alone (moderation off), initialised; undefined for 'none'. */
export async function createEmbedder(config: {
  kind: EmbedderKind;
  clipModelDir?: string;
}): Promise<Embedder | undefined> {
  const models = await createVisionModels({
    embedder: config.kind,
    moderation: false,
    clipTags: false,
    ...(config.clipModelDir ? { clipModelDir: config.clipModelDir } : {}),
  });
  return models.embedder;
}

/** The visual taggers alone, initialised: moderation (MobileNet) and/or CLIP zero-shot tags. */
export async function createVisualTaggers(config: {
  moderation: boolean;
  clipModelDir?: string;
}): Promise<VisualTagger[]> {
  const models = await createVisionModels({
    embedder: 'none',
    moderation: config.moderation,
    clipTags: config.clipModelDir !== undefined,
    ...(config.clipModelDir ? { clipModelDir: config.clipModelDir } : {}),
  });
  return models.taggers;
}
