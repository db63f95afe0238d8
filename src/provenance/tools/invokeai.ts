/**
 * InvokeAI, all three generations:
 *   v3+  `invokeai_metadata` JSON (plus `invokeai_workflow` / `invokeai_graph`, kept verbatim)
 *   v2   `sd-metadata` JSON {model_weights, model_hash, app_version, image: {prompt, steps, cfg_scale, seed, …}}
 *   v1   `Dream` CLI string: "<prompt [negative]>" -s 50 -S 2980747362 -W 512 -H 768 -C 5 -A k_lms
 * In v1/v2 the negative prompt is written inside the prompt as [bracketed] runs.
 */
import type { RawMetadata, ToolReading } from '../contract.ts';
import type { JsonObject, JsonValue } from './lossless-json.ts';
import { asNumber, asSeed, asString, isJsonObject, parseJsonObject, stringifyJson } from './lossless-json.ts';
import { newReading, textOf, toNumber, toSeed, userCommentOf } from './tool-support.ts';

/** Splits "a cat [ugly, blurry] on a mat" into positive and the bracketed negative parts. */
export function splitBracketNegative(prompt: string): { positive: string; negative?: string } {
  const negatives: string[] = [];
  const positive = prompt
    .replace(/\[([^[\]]*)\]/g, (_m, inner: string) => {
      negatives.push(inner.trim());
      return ' ';
    })
    .replace(/\s{2,}/g, ' ')
    .trim();
  const negative = negatives.filter((s) => s !== '').join(', ');
  return negative ? { positive, negative } : { positive };
}

function setCommon(reading: ToolReading, meta: JsonObject, keys: { cfg: string; sampler: string }): void {
  const seed = asSeed(meta.seed);
  if (seed !== undefined) reading.seed = seed;
  const steps = asNumber(meta.steps);
  if (steps !== undefined) reading.steps = steps;
  const cfg = asNumber(meta[keys.cfg]);
  if (cfg !== undefined) reading.cfg = cfg;
  const sampler = asString(meta[keys.sampler]);
  if (sampler) reading.sampler = sampler;
  const width = asNumber(meta.width);
  const height = asNumber(meta.height);
  if (width !== undefined) reading.width = width;
  if (height !== undefined) reading.height = height;
}

function promptText(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  // v2 and some v3 writers: [{prompt, weight}] (weighted sub-prompts).
  if (Array.isArray(value)) {
    const parts = value
      .map((p) => (isJsonObject(p) ? asString(p.prompt) : asString(p)))
      .filter((s): s is string => s !== undefined);
    return parts.length > 0 ? parts.join(' ') : undefined;
  }
  return undefined;
}

function readV3(meta: JsonObject, reading: ToolReading): void {
  const positive = promptText(meta.positive_prompt);
  if (positive !== undefined) reading.positive = positive;
  const negative = promptText(meta.negative_prompt);
  if (negative) reading.negative = negative;
  setCommon(reading, meta, { cfg: 'cfg_scale', sampler: 'scheduler' });
  const scheduler = asString(meta.scheduler);
  if (scheduler) reading.scheduler = scheduler;
  const model = meta.model;
  if (isJsonObject(model)) {
    const name = asString(model.model_name) ?? asString(model.name);
    if (name) reading.model = name;
    const hash = asString(model.hash);
    if (hash) reading.modelHash = hash;
  } else if (typeof model === 'string') reading.model = model;
  const version = asString(meta.app_version);
  if (version) reading.version = version;
  for (const [key, value] of Object.entries(meta)) {
    if (key === 'positive_prompt' || key === 'negative_prompt') continue;
    reading.extra[key] = stringifyJson(value);
  }
}

function readV2(meta: JsonObject, reading: ToolReading): void {
  const image = isJsonObject(meta.image) ? meta.image : {};
  const prompt = promptText(image.prompt);
  if (prompt !== undefined) {
    const split = splitBracketNegative(prompt);
    reading.positive = split.positive;
    if (split.negative) reading.negative = split.negative;
  }
  setCommon(reading, image, { cfg: 'cfg_scale', sampler: 'sampler' });
  const weights = asString(meta.model_weights);
  if (weights) reading.model = weights;
  const hash = asString(meta.model_hash);
  if (hash) reading.modelHash = hash;
  const version = asString(meta.app_version);
  if (version) reading.version = version;
  for (const [key, value] of Object.entries(meta)) if (key !== 'image') reading.extra[key] = stringifyJson(value);
  for (const [key, value] of Object.entries(image))
    if (key !== 'prompt') reading.extra[`image.${key}`] = stringifyJson(value);
}

/** Splits a Dream command line into words, honouring "double quotes" with backslash escapes. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:\\.|[^"\\])*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3] ?? ''));
  }
  return words;
}

const DREAM_OPTIONS: Record<string, string> = {
  '-s': 'steps',
  '--steps': 'steps',
  '-S': 'seed',
  '--seed': 'seed',
  '-W': 'width',
  '--width': 'width',
  '-H': 'height',
  '--height': 'height',
  '-C': 'cfg_scale',
  '--cfg_scale': 'cfg_scale',
  '-A': 'sampler',
  '--sampler': 'sampler',
  '-f': 'strength',
  '--strength': 'strength',
  '-I': 'init_img',
  '--init_img': 'init_img',
  '-m': 'model',
  '--model': 'model',
  '-G': 'gfpgan_strength',
  '-U': 'upscale',
};

/** Parses the v1 `Dream` string. */
export function readDream(text: string, reading: ToolReading): void {
  const words = shellWords(text.trim());
  const promptParts: string[] = [];
  let i = 0;
  for (; i < words.length && !(words[i] ?? '').startsWith('-'); i++) promptParts.push(words[i] ?? '');
  const split = splitBracketNegative(promptParts.join(' '));
  reading.positive = split.positive;
  if (split.negative) reading.negative = split.negative;
  for (; i < words.length; i++) {
    const word = words[i] ?? '';
    const name = DREAM_OPTIONS[word];
    const next = words[i + 1];
    if (name && next !== undefined && !/^-[A-Za-z]/.test(next)) {
      reading.extra[name] = next;
      i++;
    } else if (word.startsWith('-')) reading.extra[word.replace(/^-+/, '')] = 'true';
  }
  const seed = toSeed(reading.extra.seed);
  if (seed !== undefined) reading.seed = seed;
  const steps = toNumber(reading.extra.steps);
  if (steps !== undefined) reading.steps = steps;
  const cfg = toNumber(reading.extra.cfg_scale);
  if (cfg !== undefined) reading.cfg = cfg;
  const width = toNumber(reading.extra.width);
  if (width !== undefined) reading.width = width;
  const height = toNumber(reading.extra.height);
  if (height !== undefined) reading.height = height;
  if (reading.extra.sampler) reading.sampler = reading.extra.sampler;
  if (reading.extra.model) reading.model = reading.extra.model;
}

export function parseInvokeAi(raw: RawMetadata): ToolReading | undefined {
  const v3 = textOf(raw, 'invokeai_metadata');
  const v2 = textOf(raw, 'sd-metadata');
  const v1 = textOf(raw, 'Dream');
  let fromComment: JsonObject | undefined;
  if (v3 === undefined && v2 === undefined && v1 === undefined) {
    // JPEG/WebP conversions carry the PNG chunks as a JSON map in UserComment.
    const comment = userCommentOf(raw);
    if (!comment?.includes('invokeai_metadata')) return undefined;
    const obj = parseJsonObject(comment, 'UserComment', []);
    if (!obj || !('invokeai_metadata' in obj)) return undefined;
    fromComment = obj;
  }
  const reading = newReading('invokeai');
  reading.system = 'InvokeAI';
  for (const key of ['invokeai_metadata', 'invokeai_workflow', 'invokeai_graph', 'sd-metadata', 'Dream']) {
    const text = textOf(raw, key);
    if (text !== undefined) reading.chunks[key] = text;
  }
  if (fromComment) {
    const meta = fromComment.invokeai_metadata;
    const text = typeof meta === 'string' ? meta : meta === undefined ? undefined : stringifyJson(meta);
    if (text !== undefined) reading.chunks.UserComment = userCommentOf(raw) ?? text;
    const obj =
      typeof meta === 'string'
        ? parseJsonObject(meta, 'invokeai_metadata', reading.warnings)
        : isJsonObject(meta)
          ? meta
          : undefined;
    if (obj) readV3(obj, reading);
    return reading;
  }
  if (v3 !== undefined) {
    const meta = parseJsonObject(v3, 'invokeai_metadata', reading.warnings);
    if (meta) {
      readV3(meta, reading);
      return reading;
    }
  }
  if (v2 !== undefined) {
    const meta = parseJsonObject(v2, 'sd-metadata', reading.warnings);
    if (meta) {
      readV2(meta, reading);
      return reading;
    }
  }
  if (v1 !== undefined) readDream(v1, reading);
  return reading;
}
