/**
 * ComfyUI. The `prompt` payload is the API graph: node id → { class_type, inputs },
 * where an input is a literal or a link `["<node id>", <output index>]`. We find the first-pass sampler, follow its
 * positive/negative conditioning back to the text encoders, its model back to the checkpoint loader, and read the
 * sampling values (following links to primitive nodes). `workflow` (the UI graph) is kept verbatim; when there is
 * no API graph we read the few widget values the UI graph carries.
 *
 * Where it is written: PNG text `prompt` / `workflow`; WebP/EXIF IFD0 Model 0x0110 = "prompt:{…}" and
 * Make 0x010F = "workflow:{…}" (SaveAnimatedWEBP); custom savers use "Prompt: {…}" / "Workflow: {…}" in Make /
 * ImageDescription, or a UserComment `{"prompt": …, "workflow": …}`.
 */
import type { RawMetadata, ToolReading } from '../contract.ts';
import type { JsonObject, JsonValue } from './lossless-json.ts';
import { asNumber, asSeed, asString, isJsonObject, parseJsonObject, stringifyJson } from './lossless-json.ts';
import { newReading, textOf, userCommentOf } from './tool-support.ts';

type Graph = Record<string, JsonObject>;

interface ComfyPayloads {
  prompt?: string;
  workflow?: string;
  /** Where they came from, for the chunks map. */
  promptKey?: string;
  workflowKey?: string;
}

const PREFIX = /^\s*(prompt|workflow)\s*:\s*(?=[{[])/i;

/** Collects the API graph and UI workflow text from PNG chunks or EXIF tags. */
export function findComfyPayloads(raw: RawMetadata): ComfyPayloads {
  const out: ComfyPayloads = {};
  const prompt = textOf(raw, 'prompt');
  if (prompt !== undefined && prompt.trimStart().startsWith('{')) {
    out.prompt = prompt;
    out.promptKey = 'prompt';
  }
  const workflow = textOf(raw, 'workflow');
  if (workflow !== undefined && workflow.trimStart().startsWith('{')) {
    out.workflow = workflow;
    out.workflowKey = 'workflow';
  }
  if (raw.exif) {
    for (const [tag, value] of Object.entries(raw.exif.raw)) {
      const m = PREFIX.exec(value);
      if (!m?.[1]) continue;
      const which = m[1].toLowerCase() as 'prompt' | 'workflow';
      if (out[which] !== undefined) continue;
      out[which] = value.slice(m[0].length);
      out[which === 'prompt' ? 'promptKey' : 'workflowKey'] = `exif:${tag}`;
    }
    const comment = userCommentOf(raw);
    if (comment?.trimStart().startsWith('{') && (out.prompt === undefined || out.workflow === undefined)) {
      const obj = parseJsonObject(comment, 'UserComment', []);
      if (obj && ('prompt' in obj || 'workflow' in obj) && !('sui_image_params' in obj)) {
        for (const which of ['prompt', 'workflow'] as const) {
          const v = obj[which];
          if (v === undefined || out[which] !== undefined) continue;
          const text = typeof v === 'string' ? v : stringifyJson(v);
          if (!text.trimStart().startsWith('{')) continue;
          out[which] = text;
          out[which === 'prompt' ? 'promptKey' : 'workflowKey'] = `UserComment.${which}`;
        }
      }
    }
  }
  return out;
}

const isLink = (value: JsonValue | undefined): value is [string, number] =>
  Array.isArray(value) &&
  value.length === 2 &&
  (typeof value[0] === 'string' || typeof value[0] === 'number') &&
  typeof value[1] === 'number';

const MAX_HOPS = 32;

class GraphWalker {
  constructor(
    private readonly graph: Graph,
    private readonly warnings: string[],
  ) {}

  node(id: string | number): JsonObject | undefined {
    return this.graph[String(id)];
  }

  classOf(node: JsonObject | undefined): string {
    return asString(node?.class_type) ?? '';
  }

  inputsOf(node: JsonObject | undefined): JsonObject {
    const inputs = node?.inputs;
    return isJsonObject(inputs) ? inputs : {};
  }

  /** A literal input value, following links to primitive / value nodes. */
  value(node: JsonObject | undefined, name: string, hops = 0): JsonValue | undefined {
    const v = this.inputsOf(node)[name];
    if (!isLink(v)) return v;
    return this.linkedValue(v, hops + 1);
  }

  private linkedValue(link: [string, number], hops: number): JsonValue | undefined {
    if (hops > MAX_HOPS) {
      this.warnings.push('ComfyUI: link chain too long (cycle?)');
      return undefined;
    }
    const target = this.node(link[0]);
    if (!target) return undefined;
    const inputs = this.inputsOf(target);
    // String/number primitives and text helpers name their value differently; the common names in order.
    for (const name of [
      'value',
      'seed',
      'noise_seed',
      'int',
      'float',
      'number',
      'string',
      'text',
      'Text',
      'prompt',
      'STRING',
    ]) {
      const v = inputs[name];
      if (v === undefined) continue;
      return isLink(v) ? this.linkedValue(v, hops + 1) : v;
    }
    const concatenated = this.concatenation(target, hops);
    if (concatenated !== undefined) return concatenated;
    return undefined;
  }

  /** StringConcatenate-style nodes: string_a + delimiter + string_b (also text_a/text_b/text_c). */
  private concatenation(node: JsonObject, hops: number): string | undefined {
    const inputs = this.inputsOf(node);
    const parts: string[] = [];
    for (const name of ['string_a', 'string_b', 'string_c', 'text_a', 'text_b', 'text_c', 'text1', 'text2']) {
      const v = inputs[name];
      const resolved = isLink(v) ? this.linkedValue(v, hops + 1) : v;
      if (typeof resolved === 'string' && resolved !== '') parts.push(resolved);
    }
    if (parts.length === 0) return undefined;
    const delimiter = asString(inputs.delimiter) ?? '';
    return parts.join(delimiter);
  }

  /** Follows a conditioning link back to the text of its encoder. */
  text(link: JsonValue | undefined, side: 'positive' | 'negative', hops = 0): string | undefined {
    if (!isLink(link) || hops > MAX_HOPS) return undefined;
    const node = this.node(link[0]);
    if (!node) return undefined;
    const inputs = this.inputsOf(node);
    for (const name of ['text', 'text_g', 't5xxl', 'clip_l', 'clip_g', 'prompt', 'text_positive']) {
      if (!(name in inputs)) continue;
      const v = this.value(node, name, hops);
      if (typeof v === 'string') {
        if (name === 'text_g') {
          const l = this.value(node, 'text_l', hops);
          return typeof l === 'string' && l !== '' && l !== v ? `${v}\n${l}` : v;
        }
        return v;
      }
    }
    // Conditioning modifiers (ControlNetApply, FluxGuidance, ConditioningSetArea, Combine…): walk upstream.
    const order = [side, 'conditioning', 'conditioning_1', 'conditioning_to', 'conditioning_from', 'base_conditioning'];
    for (const name of order) {
      const next = inputs[name];
      if (isLink(next)) {
        const t = this.text(next, side, hops + 1);
        if (t !== undefined) return t;
      }
    }
    return undefined;
  }

  /** Follows a model link (through LoRA loaders, patches) to the loader that names the checkpoint. */
  model(link: JsonValue | undefined, hops = 0): string | undefined {
    if (!isLink(link) || hops > MAX_HOPS) return undefined;
    const node = this.node(link[0]);
    if (!node) return undefined;
    for (const name of ['ckpt_name', 'unet_name', 'model_name', 'checkpoint']) {
      const v = this.value(node, name, hops);
      if (typeof v === 'string') return v;
    }
    return this.model(this.inputsOf(node).model, hops + 1);
  }

  /** Width/height from the latent input (EmptyLatentImage and kin), following latent links upstream. */
  size(link: JsonValue | undefined, hops = 0): { width: number; height: number } | undefined {
    if (!isLink(link) || hops > MAX_HOPS) return undefined;
    const node = this.node(link[0]);
    if (!node) return undefined;
    const width = asNumber(this.value(node, 'width', hops));
    const height = asNumber(this.value(node, 'height', hops));
    if (width !== undefined && height !== undefined) return { width, height };
    const inputs = this.inputsOf(node);
    return this.size(inputs.samples ?? inputs.latent_image ?? inputs.latent, hops + 1);
  }
}

const isSampler = (classType: string): boolean => /KSampler|SamplerCustom/i.test(classType);

/** Reads an API graph into `reading`; returns false when it holds no sampler. */
function readApiGraph(graph: Graph, reading: ToolReading): boolean {
  const walker = new GraphWalker(graph, reading.warnings);
  const ids = Object.keys(graph).filter((id) => isJsonObject(graph[id]) && isSampler(walker.classOf(graph[id])));
  if (ids.length === 0) return false;
  // The first pass is the sampler whose latent does not come from another sampler (hires passes feed on it).
  const fedBySampler = (id: string): boolean => {
    const latent = walker.inputsOf(graph[id]).latent_image;
    return isLink(latent) && isSampler(walker.classOf(walker.node(latent[0])));
  };
  const byId = (a: string, b: string): number => (Number(a) || 0) - (Number(b) || 0) || a.localeCompare(b);
  const candidates = ids.filter((id) => !fedBySampler(id)).sort(byId);
  const samplerId = candidates[0] ?? ids.sort(byId)[0]!;
  const sampler = graph[samplerId]!;
  const inputs = walker.inputsOf(sampler);
  reading.extra['sampler node'] = `${samplerId}:${walker.classOf(sampler)}`;

  // SamplerCustomAdvanced hides its parts behind guider / noise / sampler / sigmas links.
  const guider = isLink(inputs.guider) ? walker.node(inputs.guider[0]) : undefined;
  const guiderInputs = walker.inputsOf(guider);
  const positiveLink = inputs.positive ?? guiderInputs.positive ?? guiderInputs.conditioning;
  const negativeLink = inputs.negative ?? guiderInputs.negative;
  const positive = walker.text(positiveLink, 'positive');
  const negative = walker.text(negativeLink, 'negative');
  if (positive !== undefined) reading.positive = positive.trim();
  if (negative !== undefined && negative.trim() !== '') reading.negative = negative.trim();

  const noise = isLink(inputs.noise) ? walker.node(inputs.noise[0]) : undefined;
  const samplerSelect = isLink(inputs.sampler) ? walker.node(inputs.sampler[0]) : undefined;
  const sigmas = isLink(inputs.sigmas) ? walker.node(inputs.sigmas[0]) : undefined;

  const seed = asSeed(
    walker.value(sampler, 'seed') ?? walker.value(sampler, 'noise_seed') ?? walker.value(noise, 'noise_seed'),
  );
  if (seed !== undefined) reading.seed = seed;
  const steps = asNumber(walker.value(sampler, 'steps') ?? walker.value(sigmas, 'steps'));
  if (steps !== undefined) reading.steps = steps;
  const cfg = asNumber(walker.value(sampler, 'cfg') ?? walker.value(guider, 'cfg'));
  if (cfg !== undefined) reading.cfg = cfg;
  const samplerName = asString(walker.value(sampler, 'sampler_name') ?? walker.value(samplerSelect, 'sampler_name'));
  if (samplerName) reading.sampler = samplerName;
  const scheduler = asString(walker.value(sampler, 'scheduler') ?? walker.value(sigmas, 'scheduler'));
  if (scheduler) reading.scheduler = scheduler;
  const denoise = asNumber(walker.value(sampler, 'denoise') ?? walker.value(sigmas, 'denoise'));
  if (denoise !== undefined) reading.extra.denoise = String(denoise);

  let model = walker.model(inputs.model ?? guiderInputs.model);
  if (model === undefined) {
    // No path from the sampler (e.g. a custom loader): take the graph's only checkpoint loader, if unambiguous.
    const names = new Set<string>();
    for (const node of Object.values(graph)) {
      const ckpt = isJsonObject(node) ? walker.inputsOf(node).ckpt_name : undefined;
      if (typeof ckpt === 'string') names.add(ckpt);
    }
    if (names.size === 1) model = [...names][0];
  }
  if (model !== undefined) reading.model = model;
  const size = walker.size(inputs.latent_image ?? inputs.latent);
  if (size) {
    reading.width = size.width;
    reading.height = size.height;
  }
  return true;
}

/** Reads a UI workflow (no API graph available): KSampler widgets and CLIPTextEncode widgets. */
function readUiWorkflow(workflow: JsonObject, reading: ToolReading): boolean {
  const nodes = Array.isArray(workflow.nodes) ? workflow.nodes.filter(isJsonObject) : [];
  const sampler = nodes.find((n) => /^KSampler(Advanced)?$/.test(asString(n.type) ?? ''));
  if (!sampler) return false;
  const w = Array.isArray(sampler.widgets_values) ? sampler.widgets_values : [];
  // KSampler widgets: seed, control_after_generate, steps, cfg, sampler_name, scheduler, denoise.
  // KSamplerAdvanced: add_noise, noise_seed, control, steps, cfg, sampler_name, scheduler, start, end, return_noise.
  const offset = asString(sampler.type) === 'KSamplerAdvanced' ? 1 : 0;
  const seed = asSeed(w[offset]);
  if (seed !== undefined) reading.seed = seed;
  const steps = asNumber(w[offset + 2]);
  if (steps !== undefined) reading.steps = steps;
  const cfg = asNumber(w[offset + 3]);
  if (cfg !== undefined) reading.cfg = cfg;
  const samplerName = asString(w[offset + 4]);
  if (samplerName) reading.sampler = samplerName;
  const scheduler = asString(w[offset + 5]);
  if (scheduler) reading.scheduler = scheduler;
  // Links: [id, from node, from slot, to node, to slot, type]; find which encoder feeds positive/negative.
  const links = Array.isArray(workflow.links) ? workflow.links : [];
  const inputs = Array.isArray(sampler.inputs) ? sampler.inputs.filter(isJsonObject) : [];
  const textFor = (name: string): string | undefined => {
    const link = inputs.find((i) => i.name === name)?.link;
    const row = links.find((l) => Array.isArray(l) && l[0] === link);
    const from = Array.isArray(row) ? row[1] : undefined;
    const node = nodes.find((n) => n.id === from);
    const values = node && Array.isArray(node.widgets_values) ? node.widgets_values : [];
    return typeof values[0] === 'string' ? values[0] : undefined;
  };
  const positive = textFor('positive');
  if (positive !== undefined) reading.positive = positive.trim();
  const negative = textFor('negative');
  if (negative !== undefined && negative.trim() !== '') reading.negative = negative.trim();
  const loader = nodes.find((n) => /^CheckpointLoader/.test(asString(n.type) ?? ''));
  const ckpt =
    loader && Array.isArray(loader.widgets_values)
      ? loader.widgets_values.find((v) => typeof v === 'string' && /\.(safetensors|ckpt|pt|gguf)$/i.test(v))
      : undefined;
  if (typeof ckpt === 'string') reading.model = ckpt;
  return true;
}

/** Parses ComfyUI metadata; warnings for unparseable JSON. Returns undefined when there is no ComfyUI payload. */
export function parseComfyUi(raw: RawMetadata): ToolReading | undefined {
  const found = findComfyPayloads(raw);
  if (found.prompt === undefined && found.workflow === undefined) return undefined;
  const reading = newReading('comfyui');
  reading.system = 'ComfyUI';
  if (found.prompt !== undefined) reading.chunks[found.promptKey ?? 'prompt'] = found.prompt;
  if (found.workflow !== undefined) reading.chunks[found.workflowKey ?? 'workflow'] = found.workflow;

  let understood = false;
  if (found.prompt !== undefined) {
    const graph = parseJsonObject(found.prompt, 'ComfyUI prompt', reading.warnings);
    if (graph) {
      const nodes: Graph = {};
      for (const [id, node] of Object.entries(graph)) if (isJsonObject(node)) nodes[id] = node;
      understood = readApiGraph(nodes, reading);
      if (!understood && Object.values(nodes).every((n) => !('class_type' in n))) {
        reading.warnings.push('ComfyUI prompt: not an API graph (no class_type)');
      }
    }
  }
  if (!understood && found.workflow !== undefined) {
    const workflow = parseJsonObject(found.workflow, 'ComfyUI workflow', reading.warnings);
    if (workflow) understood = readUiWorkflow(workflow, reading);
  }
  if (!understood) reading.warnings.push('ComfyUI: no sampler node found; prompt and settings unknown');
  return reading;
}
