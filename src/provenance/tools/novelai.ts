/**
 * NovelAI: PNG text Title / Description (prompt) / Software=NovelAI / Source (model +
 * hash) / Comment (JSON). V4+ put the prompt in `v4_prompt.caption.base_caption` with per-character captions.
 * WebP: EXIF UserComment holds a JSON map of the same keys (Comment nested as a JSON string). Stealth alpha
 * payloads carry that same map.
 */
import type { RawMetadata, ToolReading } from '../contract.ts';
import type { JsonObject, JsonValue } from './lossless-json.ts';
import { asNumber, asSeed, asString, isJsonObject, parseJsonObject, stringifyJson } from './lossless-json.ts';
import { newReading, textOf, userCommentOf } from './tool-support.ts';

const NAI_COMMENT_KEYS = ['v4_prompt', 'noise_schedule', 'uncond_scale', 'request_type', 'signed_hash'];

interface NovelAiEntries {
  title?: string;
  description?: string;
  software?: string;
  source?: string;
  comment?: string;
  generationTime?: string;
  /** Where the entries came from ('png' text chunks or 'UserComment'). */
  origin: 'png' | 'UserComment';
}

const looksLikeNaiComment = (text: string): boolean => NAI_COMMENT_KEYS.some((k) => text.includes(`"${k}"`));

function findEntries(raw: RawMetadata): NovelAiEntries | undefined {
  const software = textOf(raw, 'Software');
  const comment = textOf(raw, 'Comment');
  const source = textOf(raw, 'Source');
  const isNai =
    /novelai/i.test(software ?? '') ||
    (comment !== undefined && looksLikeNaiComment(comment)) ||
    (comment !== undefined && /^(Stable Diffusion|NovelAI Diffusion)\b/.test(source ?? ''));
  if (isNai) {
    return {
      title: textOf(raw, 'Title'),
      description: textOf(raw, 'Description'),
      software,
      source,
      comment,
      generationTime: textOf(raw, 'Generation time'),
      origin: 'png',
    };
  }
  const userComment = userCommentOf(raw);
  if (!userComment?.trimStart().startsWith('{')) return undefined;
  if (
    !/NovelAI/.test(userComment) &&
    !looksLikeNaiComment(userComment) &&
    !looksLikeNaiComment(userComment.replace(/\\"/g, '"'))
  ) {
    return undefined;
  }
  const obj = parseJsonObject(userComment, 'UserComment', []);
  if (!obj) return undefined;
  if ('Comment' in obj || 'Software' in obj) {
    const c = obj.Comment;
    return {
      title: asString(obj.Title),
      description: asString(obj.Description),
      software: asString(obj.Software),
      source: asString(obj.Source),
      comment: typeof c === 'string' ? c : c === undefined ? undefined : stringifyJson(c),
      generationTime: asString(obj['Generation time']),
      origin: 'UserComment',
    };
  }
  return looksLikeNaiComment(userComment) ? { comment: userComment, origin: 'UserComment' } : undefined;
}

/** 'NovelAI Diffusion V4.5 4BDE2A90' → model 'NovelAI Diffusion V4.5', hash '4BDE2A90'. */
export function splitSource(source: string): { model?: string; modelHash?: string } {
  const m = /^(.*?)\s+([0-9A-Fa-f]{8})$/.exec(source.trim());
  if (!m) return source.trim() ? { model: source.trim() } : {};
  return m[1] ? { model: m[1], modelHash: m[2] } : { modelHash: m[2] };
}

function caption(value: JsonValue | undefined): { base?: string; chars: string[] } {
  if (!isJsonObject(value) || !isJsonObject(value.caption)) return { chars: [] };
  const base = asString(value.caption.base_caption);
  const list = Array.isArray(value.caption.char_captions) ? value.caption.char_captions : [];
  const chars = list
    .map((c) => (isJsonObject(c) ? asString(c.char_caption) : undefined))
    .filter((s): s is string => !!s);
  return base === undefined ? { chars } : { base, chars };
}

/** Reads NovelAI entries into a reading; shared with the stealth path. */
export function readNovelAi(entries: NovelAiEntries, reading: ToolReading): void {
  reading.system = 'NovelAI';
  if (entries.source) {
    const { model, modelHash } = splitSource(entries.source);
    if (model) reading.model = model;
    if (modelHash) reading.modelHash = modelHash;
    reading.extra.Source = entries.source;
  }
  if (entries.title) reading.extra.Title = entries.title;
  if (entries.generationTime) reading.extra['Generation time'] = entries.generationTime;
  let meta: JsonObject | undefined;
  if (entries.comment !== undefined) meta = parseJsonObject(entries.comment, 'NovelAI Comment', reading.warnings);
  const v4 = caption(meta?.v4_prompt);
  const v4neg = caption(meta?.v4_negative_prompt);
  const positive = v4.base ?? asString(meta?.prompt) ?? entries.description;
  if (positive !== undefined) reading.positive = positive;
  const negative = v4neg.base ?? asString(meta?.uc);
  if (negative) reading.negative = negative;
  v4.chars.forEach((text, index) => (reading.extra[`Character ${index + 1} prompt`] = text));
  v4neg.chars.forEach((text, index) => {
    if (text) reading.extra[`Character ${index + 1} negative prompt`] = text;
  });
  if (!meta) return;
  const seed = asSeed(meta.seed);
  if (seed !== undefined) reading.seed = seed;
  const steps = asNumber(meta.steps);
  if (steps !== undefined) reading.steps = steps;
  const cfg = asNumber(meta.scale);
  if (cfg !== undefined) reading.cfg = cfg;
  const sampler = asString(meta.sampler);
  if (sampler) reading.sampler = sampler;
  const scheduler = asString(meta.noise_schedule);
  if (scheduler) reading.scheduler = scheduler;
  const width = asNumber(meta.width);
  const height = asNumber(meta.height);
  if (width !== undefined) reading.width = width;
  if (height !== undefined) reading.height = height;
  for (const [key, value] of Object.entries(meta)) {
    if (key === 'prompt' || key === 'uc' || key === 'v4_prompt' || key === 'v4_negative_prompt') continue;
    reading.extra[key] = stringifyJson(value);
  }
}

export function parseNovelAi(raw: RawMetadata): ToolReading | undefined {
  const entries = findEntries(raw);
  if (!entries) return undefined;
  const reading = newReading('novelai');
  if (entries.origin === 'png') {
    for (const key of ['Title', 'Description', 'Software', 'Source', 'Generation time', 'Comment']) {
      const text = textOf(raw, key);
      if (text !== undefined) reading.chunks[key] = text;
    }
  } else {
    reading.chunks.UserComment = userCommentOf(raw) ?? '';
  }
  readNovelAi(entries, reading);
  return reading;
}

/** NovelAI entries from a stealth JSON payload (the same key map as the PNG chunks). */
export function novelAiEntriesFromJson(obj: JsonObject): NovelAiEntries | undefined {
  const c = obj.Comment;
  const comment = typeof c === 'string' ? c : c === undefined ? undefined : stringifyJson(c);
  const software = asString(obj.Software);
  if (!/novelai/i.test(software ?? '') && !(comment !== undefined && looksLikeNaiComment(comment))) return undefined;
  return {
    title: asString(obj.Title),
    description: asString(obj.Description),
    software,
    source: asString(obj.Source),
    comment,
    generationTime: asString(obj['Generation time']),
    origin: 'png',
  };
}
