/**
 * Fooocus and RuinedFooocus. PNG: `parameters` = JSON (scheme 'fooocus') or A1111
 * infotext (scheme 'a1111'), with `fooocus_scheme` naming which. JPEG/WebP: EXIF UserComment = the metadata,
 * Software = 'Fooocus v<version>', MakerNote = the scheme. Seeds are 64-bit: read them from the JSON text exactly.
 * Older Fooocus logs used title-case keys ('Guidance Scale', 'Base Model'), so keys are matched loosely.
 */
import type { RawMetadata, ToolReading } from '../contract.ts';
import type { JsonObject } from './lossless-json.ts';
import { asNumber, asSeed, asString, parseJsonObject, stringifyJson } from './lossless-json.ts';
import { readingFromInfotext } from './a1111.ts';
import { looksLikeInfotext } from './infotext.ts';
import { newReading, parseSize, textOf, userCommentOf } from './tool-support.ts';

/** 'Guidance Scale' / 'guidance_scale' / 'guidance-scale' → 'guidance_scale'. */
const normKey = (key: string): string =>
  key
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

function readJsonScheme(meta: JsonObject, reading: ToolReading): void {
  const byKey = new Map(Object.entries(meta).map(([k, v]) => [normKey(k), v] as const));
  const str = (...keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = asString(byKey.get(k));
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const num = (...keys: string[]): number | undefined => {
    for (const k of keys) {
      const v = asNumber(byKey.get(k));
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const ruined = /ruinedfooocus/i.test(str('software') ?? '');
  reading.system = ruined ? 'RuinedFooocus' : 'Fooocus';
  const positive = str('prompt');
  if (positive !== undefined) reading.positive = positive;
  const negative = str('negative_prompt', 'negative');
  if (negative) reading.negative = negative;
  const seed = asSeed(byKey.get('seed'));
  if (seed !== undefined) reading.seed = seed;
  else if (byKey.has('seed')) reading.warnings.push('Fooocus: seed is not an integer');
  const steps = num('steps');
  if (steps !== undefined) reading.steps = steps;
  const cfg = num('guidance_scale', 'cfg');
  if (cfg !== undefined) reading.cfg = cfg;
  const sampler = str('sampler', 'sampler_name');
  if (sampler) reading.sampler = sampler;
  const scheduler = str('scheduler');
  if (scheduler) reading.scheduler = scheduler;
  const model = str('base_model', 'base_model_name');
  if (model) reading.model = model;
  const hash = str('base_model_hash');
  if (hash) reading.modelHash = hash;
  const size = parseSize(str('resolution'));
  const width = size?.width ?? num('width');
  const height = size?.height ?? num('height');
  if (width !== undefined) reading.width = width;
  if (height !== undefined) reading.height = height;
  const version = str('version');
  if (version) reading.version = version.replace(/^(ruined)?fooocus\s*/i, '');
  for (const [key, value] of Object.entries(meta)) {
    if (normKey(key) === 'prompt' || normKey(key) === 'negative_prompt') continue;
    reading.extra[key] = stringifyJson(value);
  }
}

function schemeAndPayload(raw: RawMetadata): { scheme?: string; text: string; chunk: string } | undefined {
  const pngScheme = textOf(raw, 'fooocus_scheme');
  const parameters = textOf(raw, 'parameters');
  if (parameters !== undefined && pngScheme !== undefined)
    return { scheme: pngScheme.trim(), text: parameters, chunk: 'parameters' };
  if (parameters !== undefined && /"software"\s*:\s*"RuinedFooocus"/i.test(parameters)) {
    return { scheme: 'fooocus', text: parameters, chunk: 'parameters' };
  }
  if (
    parameters !== undefined &&
    parameters.trimStart().startsWith('{') &&
    /"base_model"\s*:/.test(parameters) &&
    /"prompt"\s*:/.test(parameters)
  ) {
    return { scheme: 'fooocus', text: parameters, chunk: 'parameters' };
  }
  const software = raw.exif?.software ?? '';
  const comment = userCommentOf(raw);
  if (comment !== undefined && /fooocus/i.test(software)) {
    const scheme = raw.exif?.makerNote?.trim() || (comment.trimStart().startsWith('{') ? 'fooocus' : 'a1111');
    return { scheme, text: comment, chunk: 'UserComment' };
  }
  return undefined;
}

export function parseFooocus(raw: RawMetadata): ToolReading | undefined {
  const found = schemeAndPayload(raw);
  if (!found) return undefined;
  const isJson = found.text.trimStart().startsWith('{');
  let reading: ToolReading;
  if (found.scheme === 'a1111' || (!isJson && looksLikeInfotext(found.text))) {
    reading = readingFromInfotext(found.text, found.chunk, 'fooocus');
    reading.system = 'Fooocus';
  } else {
    reading = newReading('fooocus', { [found.chunk]: found.text });
    const meta = parseJsonObject(found.text, `Fooocus ${found.chunk}`, reading.warnings);
    if (meta) readJsonScheme(meta, reading);
    else reading.system = 'Fooocus';
  }
  if (found.scheme) reading.chunks.fooocus_scheme = found.scheme;
  const software = raw.exif?.software;
  if (found.chunk === 'UserComment' && software) {
    reading.chunks.Software = software;
    const m = /fooocus\s+(v?\S+)/i.exec(software);
    if (m?.[1] && !reading.version) reading.version = m[1];
  }
  return reading;
}
