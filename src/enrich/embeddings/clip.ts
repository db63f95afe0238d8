/**
 * CLIP through transformers.js on onnxruntime-node, from weights the operator puts on disk in the Hugging Face layout:
 *   config.json, preprocessor_config.json, tokenizer.json, tokenizer_config.json,
 *   onnx/vision_model{suffix}.onnx (pixel_values → image_embeds), onnx/text_model{suffix}.onnx (→ text_embeds).
 * Nothing is ever fetched: remote models are switched off and files are read only from the operator's directory.
 * Gives image and text vectors in one space (natural-language search) and zero-shot tags: the image vector against
 * the text vectors of a tag vocabulary, computed once at init().
 */
import { createHash } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type * as TransformersModule from '@huggingface/transformers';
import type { DecodedImage, Embedder, Tag, TagCategory, VisualTagger } from '../../domain/enrichment.ts';
import { tagCategories } from '../../domain/enrichment.ts';
import { ProvenaError } from '../../domain/errors.ts';
import { flattenToRgb } from './image-input.ts';
import { l2Normalise } from './vector-math.ts';

type Transformers = typeof TransformersModule;
type Tokenizer = Awaited<ReturnType<Transformers['AutoTokenizer']['from_pretrained']>>;
type Processor = Awaited<ReturnType<Transformers['AutoProcessor']['from_pretrained']>>;
type Model = Awaited<ReturnType<Transformers['CLIPVisionModelWithProjection']['from_pretrained']>>;

/** transformers.js's file-name suffix for each weight precision. */
const dtypeSuffix = { fp32: '', fp16: '_fp16', q8: '_quantized', int8: '_int8', uint8: '_uint8', q4: '_q4' } as const;
export type ClipDtype = keyof typeof dtypeSuffix;

export interface ClipVocabulary {
  version: number;
  categories: Partial<Record<TagCategory, { template: string; labels: string[] }>>;
}

export interface ClipOptions {
  /** The operator's model directory (Hugging Face layout, see the module header). */
  modelDir: string;
  /** Weight precision, choosing among onnx/*_model{suffix}.onnx. Default fp32. */
  dtype?: ClipDtype;
  /** A vocabulary object or the path of a JSON file shaped like vocab/clip-vocabulary.json (the default). */
  vocabulary?: ClipVocabulary | string;
  /** Tags per category at most (default 3) and the least confidence kept (default 0.15). */
  maxTagsPerCategory?: number;
  minTagConfidence?: number;
  /** onnxruntime intra-op threads; default 1 so that concurrent workers do not oversubscribe the cores. */
  threads?: number;
}

interface VocabularyIndex {
  category: TagCategory;
  labels: string[];
  /** Unit text vectors, one per label, row-major. */
  vectors: Float32Array;
}

interface Loaded {
  transformers: Transformers;
  tokenizer: Tokenizer;
  processor: Processor;
  vision: Model;
  text: Model;
  dimensions: number;
  logitScale: number;
  modelVersion: string;
  vocabulary: VocabularyIndex[];
}

const requiredFiles = ['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'];
const maxVocabularyBytes = 4 * 1024 * 1024;
const maxLabelsPerCategory = 5_000;
const textBatchSize = 32;
/** Longest search text accepted before tokenising (the tokenizer then truncates to the model's context). */
const maxTextChars = 2_000;

/** transformers.js's `env` is process-wide: serialise loads so two model directories never interleave. */
let loadChain: Promise<unknown> = Promise.resolve();

export const defaultClipVocabularyPath = new URL('./vocab/clip-vocabulary.json', import.meta.url);

export class ClipEmbedder implements Embedder, VisualTagger {
  readonly model: string;
  readonly #options: ClipOptions;
  #loading: Promise<Loaded> | undefined;
  #loaded: Loaded | undefined;

  constructor(options: ClipOptions) {
    this.#options = options;
    this.model = `clip:${path.basename(path.resolve(options.modelDir))}`;
  }

  /** A fingerprint of the weights and configuration (see `fingerprint`); known after init(). */
  get modelVersion(): string {
    return this.#require().modelVersion;
  }

  get dimensions(): number {
    return this.#require().dimensions;
  }

  /** Checks the files, loads both towers, embeds the tag vocabulary. Any problem → CONFIG_INVALID here. */
  async init(): Promise<void> {
    if (this.#loaded) return;
    this.#loading ??= (async () => {
      const run = loadChain.then(() => this.#load());
      loadChain = run.catch(() => undefined);
      return run;
    })().then(
      (loaded) => (this.#loaded = loaded),
      (error: unknown) => {
        this.#loading = undefined;
        throw error;
      },
    );
    await this.#loading;
  }

  async embedImage(image: DecodedImage): Promise<Float32Array> {
    const loaded = await this.#ready();
    const { RawImage } = loaded.transformers;
    const raw = new RawImage(flattenToRgb(image), image.width, image.height, 3);
    const inputs = (await loaded.processor(raw)) as Record<string, unknown>;
    const output = (await loaded.vision(inputs)) as Record<string, { data: unknown; dims: number[] } | undefined>;
    return unitRow(output.image_embeds, 0, loaded.dimensions, 'image_embeds');
  }

  async embedText(text: string): Promise<Float32Array> {
    const loaded = await this.#ready();
    const [vector] = await embedTexts(loaded, [text.slice(0, maxTextChars)]);
    return vector!;
  }

  async tag(image: DecodedImage): Promise<{ tags: Tag[] }> {
    const loaded = await this.#ready();
    const vector = await this.embedImage(image);
    const maxPerCategory = this.#options.maxTagsPerCategory ?? 3;
    const minConfidence = this.#options.minTagConfidence ?? 0.15;
    const model = `${this.model}@${loaded.modelVersion}`;
    const tags: Tag[] = [];
    for (const { category, labels, vectors } of loaded.vocabulary) {
      // CLIP's zero-shot recipe: logit = scale · cosine, softmax over the candidates. Done per category so that
      // "which style" and "which object" are separate questions and a confidence reads as "share of this question".
      const logits = labels.map((_, i) => {
        let dot = 0;
        for (let d = 0; d < loaded.dimensions; d++) dot += vector[d]! * vectors[i * loaded.dimensions + d]!;
        return loaded.logitScale * dot;
      });
      const top = Math.max(...logits);
      const weights = logits.map((logit) => Math.exp(logit - top));
      const total = weights.reduce((a, b) => a + b, 0);
      labels
        .map((label, i) => ({ label, confidence: weights[i]! / total }))
        .filter((candidate) => candidate.confidence >= minConfidence)
        .sort((a, b) => b.confidence - a.confidence || a.label.localeCompare(b.label))
        .slice(0, maxPerCategory)
        .forEach(({ label, confidence }) => tags.push({ label, category, source: 'visual', confidence, model }));
    }
    return { tags };
  }

  async dispose(): Promise<void> {
    const loaded = this.#loaded;
    this.#loaded = undefined;
    this.#loading = undefined;
    await Promise.all([loaded?.vision.dispose(), loaded?.text.dispose()]);
  }

  #require(): Loaded {
    if (!this.#loaded) throw new ProvenaError('INTERNAL', 'The CLIP embedder is used before init().');
    return this.#loaded;
  }

  async #ready(): Promise<Loaded> {
    await this.init();
    return this.#require();
  }

  async #load(): Promise<Loaded> {
    const dir = path.resolve(this.#options.modelDir);
    const dtype = this.#options.dtype ?? 'fp32';
    const fail = (problem: string, cause?: unknown): ProvenaError =>
      new ProvenaError(
        'CONFIG_INVALID',
        `The CLIP model in ${dir} cannot be used: ${problem}`,
        { modelDir: dir, dtype },
        { cause },
      );
    const message = (cause: unknown): string => (cause instanceof Error ? cause.message : String(cause));

    if (!(dtype in dtypeSuffix)) throw fail(`unknown dtype ${JSON.stringify(dtype)}`);
    const onnxFiles = ['vision', 'text'].map((tower) => `onnx/${tower}_model${dtypeSuffix[dtype]}.onnx`);
    const missing: string[] = [];
    for (const file of [...requiredFiles, ...onnxFiles]) {
      const info = await stat(path.join(dir, file)).catch(() => undefined);
      if (!info?.isFile() || info.size === 0) missing.push(file);
    }
    if (missing.length > 0) throw fail(`missing or empty: ${missing.join(', ')}`);

    let config: { logit_scale_init_value?: unknown; projection_dim?: unknown };
    try {
      config = JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8')) as typeof config;
    } catch (cause) {
      throw fail(`config.json is not valid JSON (${message(cause)})`, cause);
    }

    let vocabulary: ClipVocabulary;
    try {
      vocabulary = await readVocabulary(this.#options.vocabulary ?? defaultClipVocabularyPath);
    } catch (cause) {
      throw fail(`the tag vocabulary is invalid (${message(cause)})`, cause);
    }

    let transformers: Transformers;
    try {
      // Imported here, not at the top: loading onnxruntime-node's native binary is the first thing that can fail.
      transformers = await import('@huggingface/transformers');
    } catch (cause) {
      throw fail(`transformers.js or the onnxruntime-node native binary does not load (${message(cause)})`, cause);
    }
    const { env, AutoTokenizer, AutoProcessor, CLIPTextModelWithProjection, CLIPVisionModelWithProjection } =
      transformers;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = path.dirname(dir) + path.sep;
    const id = path.basename(dir);
    const modelOptions = {
      local_files_only: true,
      device: 'cpu',
      dtype,
      session_options: { intraOpNumThreads: this.#options.threads ?? 1, interOpNumThreads: 1 },
    } as const;

    let parts: [Tokenizer, Processor, Model, Model];
    try {
      parts = await Promise.all([
        AutoTokenizer.from_pretrained(id, { local_files_only: true }),
        AutoProcessor.from_pretrained(id, { local_files_only: true }),
        CLIPVisionModelWithProjection.from_pretrained(id, modelOptions),
        CLIPTextModelWithProjection.from_pretrained(id, modelOptions),
      ]);
    } catch (cause) {
      throw fail(`the model files do not load (${message(cause)})`, cause);
    }
    const [tokenizer, processor, vision, text] = parts;

    // CLIP's learned temperature is exp(logit_scale) ≈ 100 after training; the init value is in log space.
    const logitScale =
      typeof config.logit_scale_init_value === 'number' && config.logit_scale_init_value > 3
        ? Math.exp(config.logit_scale_init_value)
        : 100;
    const partial: Loaded = {
      transformers,
      tokenizer,
      processor,
      vision,
      text,
      dimensions: 0,
      logitScale,
      modelVersion: '',
      vocabulary: [],
    };
    try {
      // Probe both towers: each must give one row per input, of the same width.
      const probe = await embedTexts({ ...partial, dimensions: -1 }, ['a photo']);
      partial.dimensions = probe[0]!.length;
      const blank: DecodedImage = {
        width: 32,
        height: 32,
        originalWidth: 32,
        originalHeight: 32,
        channels: 4,
        rgba: new Uint8Array(32 * 32 * 4).fill(128),
      };
      const { RawImage } = transformers;
      const inputs = (await processor(new RawImage(flattenToRgb(blank), 32, 32, 3))) as Record<string, unknown>;
      const output = (await vision(inputs)) as Record<string, { data: unknown; dims: number[] } | undefined>;
      unitRow(output.image_embeds, 0, partial.dimensions, 'image_embeds');
      partial.vocabulary = await embedVocabulary(partial, vocabulary);
      partial.modelVersion = await fingerprint(dir, [...requiredFiles, ...onnxFiles]);
    } catch (cause) {
      await Promise.all([vision.dispose(), text.dispose()]).catch(() => undefined);
      throw fail(`a test inference failed (${message(cause)})`, cause);
    }
    return partial;
  }
}

/** Reads and checks a vocabulary: known categories, a template with {}, non-empty unique labels. */
export async function readVocabulary(source: ClipVocabulary | string | URL): Promise<ClipVocabulary> {
  let raw: unknown = source;
  if (typeof source === 'string' || source instanceof URL) {
    const info = await stat(source);
    if (info.size > maxVocabularyBytes)
      throw new Error(`the vocabulary file is larger than ${maxVocabularyBytes} bytes`);
    raw = JSON.parse(await readFile(source, 'utf8'));
  }
  const value = raw as Partial<ClipVocabulary> | null;
  if (typeof value !== 'object' || value === null || typeof value.categories !== 'object' || !value.categories) {
    throw new Error('expected an object with "categories"');
  }
  const categories: ClipVocabulary['categories'] = {};
  for (const [category, entry] of Object.entries(value.categories)) {
    if (!(tagCategories as readonly string[]).includes(category)) throw new Error(`unknown tag category ${category}`);
    const { template, labels } = (entry ?? {}) as { template?: unknown; labels?: unknown };
    if (typeof template !== 'string' || !template.includes('{}')) {
      throw new Error(`${category}: template must be a string containing {}`);
    }
    if (!Array.isArray(labels) || labels.length === 0 || labels.length > maxLabelsPerCategory) {
      throw new Error(`${category}: labels must be a list of 1 to ${maxLabelsPerCategory} strings`);
    }
    const clean = labels.map((label) => (typeof label === 'string' ? label.trim() : ''));
    if (clean.some((label) => label.length === 0 || label.length > 100)) {
      throw new Error(`${category}: every label must be a non-empty string of at most 100 characters`);
    }
    if (new Set(clean).size !== clean.length) throw new Error(`${category}: labels repeat`);
    categories[category as TagCategory] = { template, labels: clean };
  }
  if (Object.keys(categories).length === 0) throw new Error('the vocabulary has no categories');
  return { version: typeof value.version === 'number' ? value.version : 1, categories };
}

async function embedVocabulary(loaded: Loaded, vocabulary: ClipVocabulary): Promise<VocabularyIndex[]> {
  const index: VocabularyIndex[] = [];
  for (const [category, entry] of Object.entries(vocabulary.categories)) {
    if (!entry) continue;
    const vectors = new Float32Array(entry.labels.length * loaded.dimensions);
    for (let start = 0; start < entry.labels.length; start += textBatchSize) {
      const batch = entry.labels
        .slice(start, start + textBatchSize)
        .map((label) => entry.template.replace('{}', label));
      (await embedTexts(loaded, batch)).forEach((vector, i) => vectors.set(vector, (start + i) * loaded.dimensions));
    }
    index.push({ category: category as TagCategory, labels: entry.labels, vectors });
  }
  return index;
}

/** Unit text vectors for a batch; `loaded.dimensions` of -1 accepts whatever width the model gives (the probe). */
async function embedTexts(loaded: Loaded, texts: string[]): Promise<Float32Array[]> {
  const inputs = loaded.tokenizer(texts, { padding: true, truncation: true }) as Record<string, unknown>;
  const output = (await loaded.text(inputs)) as Record<string, { data: unknown; dims: number[] } | undefined>;
  const embeds = output.text_embeds;
  const width = loaded.dimensions === -1 ? (embeds?.dims[1] ?? 0) : loaded.dimensions;
  return texts.map((_, row) => unitRow(embeds, row, width, 'text_embeds'));
}

function unitRow(
  tensor: { data: unknown; dims: number[] } | undefined,
  row: number,
  width: number,
  name: string,
): Float32Array {
  if (!tensor || !(tensor.data instanceof Float32Array) || tensor.dims.length !== 2) {
    throw new Error(`the model gave no 2-d float ${name} output`);
  }
  if (tensor.dims[1] !== width || width < 1 || row >= (tensor.dims[0] ?? 0)) {
    throw new Error(`${name} has shape [${tensor.dims.join(', ')}], expected [>${row}, ${width}]`);
  }
  return l2Normalise(tensor.data.slice(row * width, (row + 1) * width));
}

/**
 * A short, stable identity for the weights: SHA-256 over each file's name, size and first and last MiB. Hashing whole
 * ViT-L weights (≈ 1.7 GB) at every start would cost seconds; a re-export or different checkpoint changes these bytes.
 */
async function fingerprint(dir: string, files: string[]): Promise<string> {
  const hash = createHash('sha256');
  const window = 1024 * 1024;
  for (const file of files) {
    const handle = await open(path.join(dir, file), 'r');
    try {
      const { size } = await handle.stat();
      hash.update(`${file}\0${size}\0`);
      const head = Buffer.alloc(Math.min(window, size));
      await handle.read(head, 0, head.length, 0);
      hash.update(head);
      if (size > window) {
        const tail = Buffer.alloc(Math.min(window, size - window));
        await handle.read(tail, 0, tail.length, size - tail.length);
        hash.update(tail);
      }
    } finally {
      await handle.close();
    }
  }
  return hash.digest('hex').slice(0, 16);
}
