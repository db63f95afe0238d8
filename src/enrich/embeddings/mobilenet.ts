/**
 * The offline default: the MobileNetV2 NSFW classifier that ships inside the nsfwjs package, run on TensorFlow.js
 * (wasm backend). One forward pass yields both
 *   (a) moderation scores for nsfwjs's five classes (the softmax head), and
 *   (b) the 1280-d output of the global-average-pooling + flatten layer just before the classifier head, L2-normalised,
 *       used as the image embedding (image-to-image similarity only: there is no text tower).
 * The weights can also come from an operator directory holding a tfjs layers model (model.json + shards) of the same
 * shape, e.g. one of nsfwjs's hosted models.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import type { DecodedImage, Embedder, ModerationScores, Tag, VisualTagger } from '../../domain/enrichment.ts';
import { ProvenaError } from '../../domain/errors.ts';
import { resampleToRgbFloats } from './image-input.ts';
import { tensorflow } from './tf-runtime.ts';
import { l2Normalise } from './vector-math.ts';

type Tf = typeof tfTypes;

/** nsfwjs's class order (its NSFW_CLASSES table, which the package does not export). */
export const moderationClasses = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'] as const;

const inputSize = 224;
/** Limits for operator-supplied model files: far above MobileNet/Inception sizes, far below memory trouble. */
const maxModelJsonBytes = 20 * 1024 * 1024;
const maxWeightBytes = 256 * 1024 * 1024;

export interface MobileNetOptions {
  /** A directory with a tfjs layers model (model.json + weight shards); default: the weights bundled in nsfwjs. */
  modelDir?: string;
  /** Moderation classes scoring at least this become 'moderation' tags (all scores are returned regardless). */
  minTagConfidence?: number;
}

export interface ImageAnalysis {
  embedding: Float32Array;
  moderation: ModerationScores;
}

interface LoadedModel {
  /** Inputs → [features, class probabilities]. */
  model: tfTypes.LayersModel;
  dimensions: number;
  modelVersion: string;
}

export interface Artifacts {
  modelJson: tfTypes.io.ModelJSON;
  weightData: ArrayBuffer;
  version: string;
}

/**
 * What running the model inline (MobileNetEmbedder) and in a worker thread (MobileNetThread) share: the identity,
 * the version rule, and one inference serving both embedImage and tag for the same decoded image.
 */
export abstract class MobileNetFacade implements Embedder, VisualTagger {
  readonly model = 'mobilenet-v2-nsfw';
  readonly dimensions = 1280;
  /** One forward pass serves both embedImage and tag on the same decoded image. */
  readonly #recent = new WeakMap<DecodedImage, Promise<ImageAnalysis>>();

  constructor(protected readonly options: MobileNetOptions = {}) {}

  /** Loads and checks the model; call at startup so that missing or corrupt files fail there, not at the first job. */
  abstract init(): Promise<void>;
  /** The version of the loaded weights, once known. */
  protected abstract loadedVersion(): string | undefined;
  protected abstract infer(image: DecodedImage): Promise<ImageAnalysis>;

  /** The nsfwjs package version for the bundled weights, or a digest of operator-supplied weights (after init). */
  get modelVersion(): string {
    const loaded = this.loadedVersion();
    if (loaded) return loaded;
    if (this.options.modelDir === undefined) return `nsfwjs-${nsfwjsVersion()}`;
    throw new ProvenaError('INTERNAL', 'The model version of a custom MobileNet is known only after init().');
  }

  async embedImage(image: DecodedImage): Promise<Float32Array> {
    return (await this.analyse(image)).embedding;
  }

  async tag(image: DecodedImage): Promise<{ tags: Tag[]; moderation: ModerationScores }> {
    const { moderation } = await this.analyse(image);
    return { tags: moderationTags(moderation, this.options.minTagConfidence), moderation };
  }

  analyse(image: DecodedImage): Promise<ImageAnalysis> {
    let pending = this.#recent.get(image);
    if (!pending) {
      pending = this.infer(image);
      this.#recent.set(image, pending);
      // A failed analysis must not be served again from the cache.
      pending.catch(() => this.#recent.delete(image));
    }
    return pending;
  }
}

export class MobileNetEmbedder extends MobileNetFacade {
  #loading: Promise<LoadedModel> | undefined;
  #loaded: LoadedModel | undefined;

  async init(): Promise<void> {
    await this.#ready();
  }

  protected loadedVersion(): string | undefined {
    return this.#loaded?.modelVersion;
  }

  dispose(): void {
    this.#loaded?.model.dispose();
    this.#loaded = undefined;
    this.#loading = undefined;
  }

  protected async infer(image: DecodedImage): Promise<ImageAnalysis> {
    const pixels = resampleToRgbFloats(image, inputSize, inputSize);
    const loaded = await this.#ready();
    const tf = await tensorflow();
    const [features, probabilities] = tf.tidy(() => {
      const input = tf.tensor4d(pixels, [1, inputSize, inputSize, 3]);
      return loaded.model.predict(input) as tfTypes.Tensor[];
    });
    try {
      const [featureData, probabilityData] = await Promise.all([features!.data(), probabilities!.data()]);
      const embedding = l2Normalise(Float32Array.from(featureData));
      const scores: Record<string, number> = {};
      moderationClasses.forEach((name, i) => (scores[name] = probabilityData[i]!));
      return { embedding, moderation: { scores, model: `${this.model}@${loaded.modelVersion}` } };
    } finally {
      tf.dispose([features!, probabilities!]);
    }
  }

  #ready(): Promise<LoadedModel> {
    if (this.#loaded) return Promise.resolve(this.#loaded);
    this.#loading ??= this.#load().then(
      (loaded) => (this.#loaded = loaded),
      (error: unknown) => {
        this.#loading = undefined;
        throw error;
      },
    );
    return this.#loading;
  }

  async #load(): Promise<LoadedModel> {
    const tf = await tensorflow();
    const where = this.options.modelDir ?? 'the nsfwjs package (bundled MobileNetV2)';
    const fail = (problem: string, cause?: unknown): ProvenaError =>
      new ProvenaError(
        'CONFIG_INVALID',
        `The MobileNet model in ${where} cannot be used: ${problem}`,
        { modelDir: this.options.modelDir ?? null },
        { cause },
      );

    let artifacts: Artifacts;
    try {
      artifacts =
        this.options.modelDir === undefined
          ? await bundledArtifacts()
          : await directoryArtifacts(this.options.modelDir);
    } catch (cause) {
      throw fail(cause instanceof Error ? cause.message : String(cause), cause);
    }

    let base: tfTypes.LayersModel;
    try {
      const weightSpecs = artifacts.modelJson.weightsManifest.flatMap((group) => group.weights);
      const expected = weightSpecs.reduce((sum, spec) => sum + weightSpecBytes(spec), 0);
      if (expected !== artifacts.weightData.byteLength) {
        throw new Error(`weights hold ${artifacts.weightData.byteLength} bytes, model.json describes ${expected}`);
      }
      base = await tf.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: artifacts.modelJson.modelTopology,
          weightSpecs,
          weightData: artifacts.weightData,
        }),
      );
    } catch (cause) {
      throw fail(`the model does not load (${cause instanceof Error ? cause.message : String(cause)})`, cause);
    }

    try {
      return assemble(tf, base, artifacts.version, this.dimensions);
    } catch (cause) {
      base.dispose();
      throw fail(cause instanceof Error ? cause.message : String(cause), cause);
    }
  }
}

/** Moderation classes scoring at least `threshold` (default 0.25) as 'moderation' tags, strongest first. */
export function moderationTags(moderation: ModerationScores, threshold = 0.25): Tag[] {
  return Object.entries(moderation.scores)
    .filter(([, score]) => score >= threshold)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([label, confidence]) => ({
      label: label.toLowerCase(),
      category: 'moderation',
      source: 'visual',
      confidence,
      model: moderation.model,
    }));
}

/** Builds the two-output model and proves it runs: shapes, a finite probability vector that sums to 1. */
function assemble(tf: Tf, base: tfTypes.LayersModel, version: string, dimensions: number): LoadedModel {
  const head = base.outputs[0];
  if (base.outputs.length !== 1 || head?.shape.length !== 2 || head.shape[1] !== moderationClasses.length) {
    throw new Error(
      `expected one output of ${moderationClasses.length} classes, got ${JSON.stringify(base.outputs.map((o) => o.shape))}`,
    );
  }
  const input = base.inputs[0];
  if (base.inputs.length !== 1 || JSON.stringify(input?.shape) !== JSON.stringify([null, inputSize, inputSize, 3])) {
    throw new Error(
      `expected one [null, ${inputSize}, ${inputSize}, 3] input, got ${JSON.stringify(base.inputs.map((i) => i.shape))}`,
    );
  }
  // The feature layer is the flattened pooling output that feeds the first dense layer of the classifier head.
  const firstDense = base.layers.findIndex((layer) => layer.getClassName() === 'Dense');
  const feature = base.layers
    .slice(0, firstDense < 0 ? 0 : firstDense)
    .reverse()
    .find((layer) => {
      const shape = layer.outputShape;
      return Array.isArray(shape) && shape.length === 2 && !Array.isArray(shape[0]);
    });
  const featureShape = feature?.outputShape as (number | null)[] | undefined;
  if (!feature || featureShape?.[1] !== dimensions) {
    throw new Error(`no ${dimensions}-d pooled feature layer before the classifier head`);
  }
  const model = tf.model({ inputs: base.inputs, outputs: [feature.output as tfTypes.SymbolicTensor, head] });

  const [features, probabilities] = tf.tidy(
    () => model.predict(tf.fill([1, inputSize, inputSize, 3], 0.5)) as tfTypes.Tensor[],
  );
  const featureValues = features!.dataSync();
  const probabilityValues = Array.from(probabilities!.dataSync());
  tf.dispose([features!, probabilities!]);
  const sum = probabilityValues.reduce((a, b) => a + b, 0);
  if (!featureValues.every(Number.isFinite) || !probabilityValues.every(Number.isFinite) || Math.abs(sum - 1) > 1e-3) {
    throw new Error('a test inference gave non-finite values or probabilities that do not sum to 1 (damaged weights)');
  }
  return { model, dimensions, modelVersion: version };
}

function weightSpecBytes(spec: tfTypes.io.WeightsManifestEntry): number {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  const quantised = spec.quantization?.dtype;
  const bytesPer = quantised === 'uint8' ? 1 : quantised === 'uint16' || quantised === 'float16' ? 2 : 4;
  return count * bytesPer;
}

function nsfwjsRoot(): string {
  const require = createRequire(import.meta.url);
  // The package's export map hides package.json; its entry point lives at <root>/dist/cjs/index.js.
  return path.resolve(path.dirname(require.resolve('nsfwjs')), '..', '..');
}

let cachedNsfwjsVersion: string | undefined;
export function nsfwjsVersion(): string {
  if (cachedNsfwjsVersion === undefined) {
    const require = createRequire(import.meta.url);
    const manifest = require(path.join(nsfwjsRoot(), 'package.json')) as { version?: unknown };
    cachedNsfwjsVersion = typeof manifest.version === 'string' ? manifest.version : 'unknown';
  }
  return cachedNsfwjsVersion;
}

interface BundledModel {
  numOfWeightBundles: number;
  modelJson: () => Promise<{ default: tfTypes.io.ModelJSON }>;
  weightBundles: (() => Promise<{ default: string }>)[];
}

/** The MobileNetV2 model and weights nsfwjs bundles as JS modules (JSON topology + base64 weight shards). */
export async function bundledArtifacts(): Promise<Artifacts> {
  // nsfwjs's .d.ts imports '../core' without an extension, which NodeNext resolution cannot follow: state the shape.
  const { MobileNetV2Model } = (await import('nsfwjs/models/mobilenet_v2')) as unknown as {
    MobileNetV2Model: BundledModel;
  };
  const modelJson = (await MobileNetV2Model.modelJson()).default;
  const shards = await Promise.all(MobileNetV2Model.weightBundles.map(async (load) => (await load()).default));
  const byName = new Map<string, string>(
    shards.map((base64, i) => [`group1-shard${i + 1}of${MobileNetV2Model.numOfWeightBundles}`, base64] as const),
  );
  const parts = manifestPaths(modelJson).map((name) => {
    const base64 = byName.get(name);
    if (typeof base64 !== 'string' || base64.length === 0) throw new Error(`weight shard ${name} is missing`);
    const bytes = Buffer.from(base64, 'base64');
    return bytes;
  });
  return { modelJson, weightData: concat(parts), version: `nsfwjs-${nsfwjsVersion()}` };
}

/** A tfjs layers model on disk: model.json and the shard files it names, all inside `dir`. */
async function directoryArtifacts(dir: string): Promise<Artifacts> {
  const jsonPath = path.join(dir, 'model.json');
  const jsonStat = await stat(jsonPath).catch(() => undefined);
  if (!jsonStat?.isFile()) throw new Error(`${jsonPath} does not exist`);
  if (jsonStat.size > maxModelJsonBytes) throw new Error(`${jsonPath} is larger than ${maxModelJsonBytes} bytes`);
  let modelJson: tfTypes.io.ModelJSON;
  try {
    modelJson = JSON.parse(await readFile(jsonPath, 'utf8')) as tfTypes.io.ModelJSON;
  } catch (cause) {
    throw new Error(`${jsonPath} is not valid JSON`, { cause });
  }
  if (
    typeof modelJson !== 'object' ||
    modelJson === null ||
    !modelJson.modelTopology ||
    !Array.isArray(modelJson.weightsManifest)
  ) {
    throw new Error(`${jsonPath} is not a tfjs layers model (modelTopology and weightsManifest required)`);
  }
  const root = path.resolve(dir);
  let total = 0;
  const parts: Buffer[] = [];
  for (const name of manifestPaths(modelJson)) {
    const file = path.resolve(root, name);
    if (!file.startsWith(root + path.sep))
      throw new Error(`weight path ${JSON.stringify(name)} leaves the model directory`);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new Error(`weight file ${name} is missing`);
    total += info.size;
    if (total > maxWeightBytes) throw new Error(`weights exceed ${maxWeightBytes} bytes`);
    parts.push(await readFile(file));
  }
  const weightData = concat(parts);
  const digest = createHash('sha256').update(new Uint8Array(weightData)).digest('hex');
  return { modelJson, weightData, version: `custom-${digest.slice(0, 16)}` };
}

function manifestPaths(modelJson: tfTypes.io.ModelJSON): string[] {
  return modelJson.weightsManifest.flatMap((group) => {
    if (!Array.isArray(group.paths) || !group.paths.every((p) => typeof p === 'string')) {
      throw new Error('weightsManifest has a group without a list of paths');
    }
    return group.paths;
  });
}

function concat(parts: readonly Uint8Array[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out.buffer;
}
