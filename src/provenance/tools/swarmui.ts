/**
 * SwarmUI: PNG `parameters` (or JPEG/WebP EXIF UserComment) = JSON
 * {"sui_image_params": {prompt, negativeprompt, model, seed, steps, cfgscale, width, height, sampler, scheduler,
 * swarm_version, …}, "sui_extra_data"?: {…}, "sui_models"?: […]}, often beside a ComfyUI `prompt` graph.
 */
import type { RawMetadata, ToolReading } from '../contract.ts';
import { asNumber, asSeed, asString, isJsonObject, parseJsonObject, stringifyJson } from './lossless-json.ts';
import { newReading, textOf, userCommentOf } from './tool-support.ts';

export function parseSwarmUi(raw: RawMetadata): ToolReading | undefined {
  let chunk = 'parameters';
  let text = textOf(raw, 'parameters');
  if (!text?.includes('sui_image_params')) {
    text = userCommentOf(raw);
    chunk = 'UserComment';
    if (!text?.includes('sui_image_params')) return undefined;
  }
  const reading = newReading('swarmui', { [chunk]: text });
  reading.system = 'SwarmUI';
  const prompt = textOf(raw, 'prompt');
  if (prompt !== undefined) reading.chunks.prompt = prompt;
  const root = parseJsonObject(text, `SwarmUI ${chunk}`, reading.warnings);
  const params = root?.sui_image_params;
  if (!isJsonObject(params)) {
    if (root) reading.warnings.push('SwarmUI: sui_image_params is not an object');
    return reading;
  }
  const positive = asString(params.prompt);
  if (positive !== undefined) reading.positive = positive;
  const negative = asString(params.negativeprompt);
  if (negative) reading.negative = negative;
  const model = asString(params.model);
  if (model) reading.model = model;
  const seed = asSeed(params.seed);
  if (seed !== undefined) reading.seed = seed;
  const steps = asNumber(params.steps);
  if (steps !== undefined) reading.steps = steps;
  const cfg = asNumber(params.cfgscale);
  if (cfg !== undefined) reading.cfg = cfg;
  const sampler = asString(params.sampler);
  if (sampler) reading.sampler = sampler;
  const scheduler = asString(params.scheduler);
  if (scheduler) reading.scheduler = scheduler;
  const width = asNumber(params.width);
  const height = asNumber(params.height);
  if (width !== undefined) reading.width = width;
  if (height !== undefined) reading.height = height;
  const version = asString(params.swarm_version);
  if (version) reading.version = version;
  for (const [key, value] of Object.entries(params)) {
    if (key !== 'prompt' && key !== 'negativeprompt') reading.extra[key] = stringifyJson(value);
  }
  for (const key of ['sui_extra_data', 'sui_models'] as const) {
    const value = root?.[key];
    if (value !== undefined) reading.extra[key] = stringifyJson(value);
  }
  return reading;
}
