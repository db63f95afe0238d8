/**
 * AUTOMATIC1111 / Forge / reForge / SD.Next infotext: PNG text `parameters`, JPEG/WebP
 * EXIF UserComment, or a JPEG comment. The UI family is told apart by the `Version` parameter.
 */
import type { ToolKind } from '../../domain/provenance.ts';
import type { RawMetadata, ToolReading } from '../contract.ts';
import { looksLikeInfotext, parseInfotext } from './infotext.ts';
import { newReading, parseSize, textOf, toNumber, toSeed, userCommentOf } from './tool-support.ts';

/** Which UI wrote the infotext, from its `Version` (and `App`) parameter. */
export function identifyInfotextSystem(params: Map<string, string>): { kind: ToolKind; system: string } {
  const version = params.get('Version')?.trim() ?? '';
  const app = params.get('App')?.trim();
  if (app && /sd\.?next/i.test(app)) return { kind: 'a1111', system: 'SD.Next' };
  if (/^v\d/.test(version)) return { kind: 'a1111', system: 'Stable Diffusion web UI' };
  if (/^f\d+(\.\d+)*v\d+-v/.test(version)) return { kind: 'a1111', system: 'Stable Diffusion WebUI reForge' };
  if (/^f\d/.test(version)) return { kind: 'a1111', system: 'Stable Diffusion WebUI Forge' };
  if (/^neo/i.test(version)) return { kind: 'a1111', system: 'Stable Diffusion WebUI Forge Neo' };
  if (version === 'classic') return { kind: 'a1111', system: 'Stable Diffusion WebUI Forge Classic' };
  if (/^fooocus/i.test(version)) return { kind: 'fooocus', system: 'Fooocus' };
  if (/^comfyui/i.test(version)) return { kind: 'comfyui', system: 'ComfyUI' };
  if (params.has('Civitai resources')) return { kind: 'other', system: 'Civitai' };
  return { kind: 'a1111', system: 'Stable Diffusion web UI' };
}

/** A ToolReading from infotext text; `chunk` names where it came from ('parameters', 'UserComment', 'stealth'). */
export function readingFromInfotext(text: string, chunk: string, kindOverride?: ToolKind): ToolReading {
  const info = parseInfotext(text);
  const params = new Map(info.params);
  const { kind, system } = identifyInfotextSystem(params);
  const reading = newReading(kindOverride ?? kind, { [chunk]: text });
  reading.system = system;
  if (info.positive) reading.positive = info.positive;
  if (info.negative) reading.negative = info.negative;

  const version = params.get('Version');
  if (version) reading.version = kind === 'fooocus' ? version.replace(/^fooocus\s*/i, '') : version;
  const model = params.get('Model');
  if (model) reading.model = model;
  const modelHash = params.get('Model hash');
  if (modelHash) reading.modelHash = modelHash;
  const seed = params.get('Seed');
  reading.seed = toSeed(seed);
  if (seed !== undefined && reading.seed === undefined)
    reading.warnings.push(`infotext: Seed '${seed}' is not an integer`);
  reading.steps = toNumber(params.get('Steps'));
  reading.cfg = toNumber(params.get('CFG scale'));
  const sampler = params.get('Sampler');
  if (sampler) reading.sampler = sampler;
  const scheduler = params.get('Schedule type');
  if (scheduler) reading.scheduler = scheduler;
  const size = parseSize(params.get('Size'));
  if (size) {
    reading.width = size.width;
    reading.height = size.height;
  }
  for (const [key, value] of info.params) reading.extra[key] = value;
  for (const [key, value] of info.sideLines) reading.extra[key] = value;
  for (const key of Object.keys(reading) as Array<keyof ToolReading>)
    if (reading[key] === undefined) delete reading[key];
  return reading;
}

/** Infotext from the places A1111-family UIs write it; JSON payloads belong to other parsers. */
export function findInfotext(raw: RawMetadata): { text: string; chunk: string } | undefined {
  const parameters = textOf(raw, 'parameters');
  if (parameters !== undefined && looksLikeInfotext(parameters)) return { text: parameters, chunk: 'parameters' };
  const comment = userCommentOf(raw);
  if (comment !== undefined && looksLikeInfotext(comment)) return { text: comment, chunk: 'UserComment' };
  for (const entry of raw.textEntries) {
    if (entry.source === 'COM' && looksLikeInfotext(entry.text)) return { text: entry.text, chunk: 'COM' };
  }
  return undefined;
}

export function parseA1111(raw: RawMetadata): ToolReading | undefined {
  const found = findInfotext(raw);
  return found ? readingFromInfotext(found.text, found.chunk) : undefined;
}
