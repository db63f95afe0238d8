/**
 * Generated provenance fixtures: small real images (sharp) carrying each generator's metadata byte-for-byte the way
 * that tool writes it (each tool's parser in src/provenance/tools/ describes the format), built with the project's own
 * writers (src/provenance/writers). Reader tests and benchmarks use them so that the suite runs without ../shared; the
 * real files in ../shared/fixtures/provenance remain the ground truth these imitate.
 *
 *   const fixtures = await generateProvenanceFixtures(dir);
 *   for (const { file, format, expected } of fixtures) …
 *
 * `expected` holds the values a reader must find. Also `generateIntakeImage(seed, size)`: a realistic 1024² PNG with
 * A1111 parameters + XMP for the intake and enrichment benchmarks.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import type { ProvenanceRecord, ToolKind } from '../src/domain/provenance.ts';
import type { ExifFields, IptcXmpFields, ToolReading } from '../src/provenance/contract.ts';
import { signC2pa } from '../src/provenance/c2pa/sign/sign-c2pa.ts';
import { embedProvenance } from '../src/provenance/writers/embed-provenance.ts';
import { buildExifTiff, setJpegExif, setWebpExif } from '../src/provenance/writers/exif-usercomment.ts';
import { serializeInfotext, type Infotext } from '../src/provenance/writers/infotext.ts';
import { setPngTextChunks, setPngXmp, type PngTextEntry } from '../src/provenance/writers/png-text.ts';
import {
  DST_TRAINED_ALGORITHMIC_MEDIA,
  buildXmpPacket,
  type XmpWriteFields,
} from '../src/provenance/writers/xmp-packet.ts';

export type FixtureFormat =
  | 'a1111-png'
  | 'a1111-png-itxt'
  | 'a1111-jpeg'
  | 'a1111-webp'
  | 'a1111-stealth-png'
  | 'comfyui-png'
  | 'comfyui-webp'
  | 'invokeai-png'
  | 'novelai-png'
  | 'fooocus-png'
  | 'swarmui-png'
  | 'midjourney-png'
  | 'iptc2025-png'
  | 'iptc2025-jpeg';

/** Normalised values a tool parser must produce (ToolReading names; seeds are decimal strings). */
export type ExpectedTool = Partial<Omit<ToolReading, 'chunks' | 'extra' | 'warnings' | 'kind'>>;

export interface FixtureExpectation {
  width: number;
  height: number;
  /** The generator a tool parser must recognise; absent for files with only IPTC XMP. */
  kind?: ToolKind;
  tool?: ExpectedTool;
  /** Text entries a container walker must find, keyword → exact text (PNG tEXt/iTXt/zTXt). */
  text?: Record<string, string>;
  /** EXIF fields an EXIF reader must decode. */
  exif?: Partial<Omit<ExifFields, 'raw'>>;
  /** IPTC/XMP fields an XMP reader must find (DST normalised). */
  iptc?: Partial<Omit<IptcXmpFields, 'warnings'>>;
  /** The alpha-LSB payload, for the stealth fixture. */
  stealth?: { signature: 'stealth_pngcomp' | 'stealth_pnginfo'; text: string };
}

export interface ProvenanceFixture {
  /** Absolute path of the written file. */
  file: string;
  format: FixtureFormat;
  mediaType: 'image/png' | 'image/jpeg' | 'image/webp';
  expected: FixtureExpectation;
}

// ---- Python-compatible JSON -----------------------------------------------------------------------------------

/** A Python float: serialised with a decimal point (`8.0`), as json.dumps does; plain JS numbers are Python ints. */
export class PyFloat {
  constructor(readonly value: number) {}
}
export const float = (value: number): PyFloat => new PyFloat(value);

interface PyJsonOptions {
  /** `json.dumps` default: escape non-ASCII as \uXXXX. */
  ensureAscii?: boolean;
  /** Item and key separators; Python's default is ', ' and ': ', pydantic/compact is ',' and ':'. */
  compact?: boolean;
  /** Pretty-print with this indent (Python `indent=`, or Newtonsoft's indented output). */
  indent?: number;
  sortKeys?: boolean;
}

/** JSON text exactly as Python's `json.dumps` (or a compact/indented variant) writes it. */
export function pyJson(value: unknown, options: PyJsonOptions = {}, level = 0): string {
  const str = (s: string): string => {
    const json = JSON.stringify(s);
    return options.ensureAscii
      ? json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      : json;
  };
  const item = options.compact ? ',' : ', ';
  const colon = options.compact ? ':' : ': ';
  if (value === null || value === undefined) return 'null';
  if (value instanceof PyFloat) {
    return Number.isInteger(value.value) ? `${value.value}.0` : String(value.value);
  }
  if (typeof value === 'string') return str(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  const nl = options.indent === undefined ? '' : `\n${' '.repeat(options.indent * (level + 1))}`;
  const close = options.indent === undefined ? '' : `\n${' '.repeat(options.indent * level)}`;
  const sep = options.indent === undefined ? item : ',';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${nl}${value.map((v) => pyJson(v, options, level + 1)).join(`${sep}${nl}`)}${close}]`;
  }
  let entries = Object.entries(value as Record<string, unknown>);
  if (options.sortKeys) entries = entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return '{}';
  const body = entries.map(([k, v]) => `${str(k)}${colon}${pyJson(v, options, level + 1)}`).join(`${sep}${nl}`);
  return `{${nl}${body}${close}}`;
}

// ---- pixels ---------------------------------------------------------------------------------------------------

/** A small deterministic PRNG (mulberry32), so that fixtures are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Raw pixels that look like a picture rather than a flat fill: smooth separable waves per channel, a few soft discs,
 * and mild grain. Cheap (no per-pixel trigonometry) so that 1024² takes milliseconds.
 */
export function paintPixels(width: number, height: number, channels: 3 | 4, seed: number): Uint8Array {
  const random = prng(seed);
  // Clamped storage rounds and clamps on write, which keeps the hot loops free of Math calls.
  const data = new Uint8ClampedArray(width * height * channels);
  const rows: Float32Array[] = [];
  const cols: Float32Array[] = [];
  for (let c = 0; c < 3; c++) {
    const row = new Float32Array(width);
    const col = new Float32Array(height);
    const [fx, fy, px, py] = [1 + random() * 5, 1 + random() * 5, random() * 6.3, random() * 6.3];
    for (let x = 0; x < width; x++) row[x] = 60 * Math.sin((x / width) * fx * Math.PI + px);
    for (let y = 0; y < height; y++) col[y] = 60 * Math.cos((y / height) * fy * Math.PI + py);
    rows.push(row);
    cols.push(col);
  }
  const [row0, row1, row2] = rows as [Float32Array, Float32Array, Float32Array];
  const [col0, col1, col2] = cols as [Float32Array, Float32Array, Float32Array];
  const base = [80 + random() * 90, 80 + random() * 90, 80 + random() * 90] as const;
  let noise = (seed * 2654435761) >>> 0 || 1;
  for (let y = 0; y < height; y++) {
    const b0 = base[0] + (col0[y] ?? 0);
    const b1 = base[1] + (col1[y] ?? 0);
    const b2 = base[2] + (col2[y] ?? 0);
    let at = y * width * channels;
    for (let x = 0; x < width; x++) {
      noise ^= noise << 13;
      noise ^= noise >>> 17;
      noise ^= noise << 5;
      // Mild grain (-2..2), as renders have: enough to keep PNG from collapsing flat areas.
      const grain = ((noise >>> 0) % 5) - 2;
      data[at] = b0 + (row0[x] ?? 0) + grain;
      data[at + 1] = b1 + (row1[x] ?? 0) + grain;
      data[at + 2] = b2 + (row2[x] ?? 0) + grain;
      if (channels === 4) data[at + 3] = 255;
      at += channels;
    }
  }
  const discs = 3 + Math.floor(random() * 5);
  for (let d = 0; d < discs; d++) {
    const cx = random() * width;
    const cy = random() * height;
    const r = (0.05 + random() * 0.2) * Math.min(width, height);
    const r2 = r * r;
    const colour = [random() * 255, random() * 255, random() * 255] as const;
    for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(height, Math.ceil(cy + r)); y++) {
      for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(width, Math.ceil(cx + r)); x++) {
        const d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / r2;
        if (d2 >= 1) continue;
        const w = 1 - d2;
        const at = (y * width + x) * channels;
        data[at] = (data[at] ?? 0) * (1 - w) + colour[0] * w;
        data[at + 1] = (data[at + 1] ?? 0) * (1 - w) + colour[1] * w;
        data[at + 2] = (data[at + 2] ?? 0) * (1 - w) + colour[2] * w;
      }
    }
  }
  return new Uint8Array(data.buffer);
}

const raw = (data: Uint8Array, width: number, height: number, channels: 3 | 4): Sharp =>
  sharp(data, { raw: { width, height, channels } });

async function basePng(width: number, height: number, seed: number): Promise<Uint8Array> {
  return raw(paintPixels(width, height, 3, seed), width, height, 3)
    .png()
    .toBuffer();
}

/** Pillow writes a JFIF APP0 first; sharp does not. Add one so the JPEG fixtures are laid out like A1111's. */
function withJfif(jpeg: Uint8Array): Uint8Array {
  const jfif = Uint8Array.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const out = new Uint8Array(jpeg.length + jfif.length);
  out.set(jpeg.subarray(0, 2), 0);
  out.set(jfif, 2);
  out.set(jpeg.subarray(2), 2 + jfif.length);
  return out;
}

// ---- stealth pnginfo ------------------------------------------------------------------------------------------

/**
 * Writes infotext into alpha LSBs as the A1111 stealth_pnginfo extension does (`add_data(params, 'alpha', True)`):
 * alpha set to 255, then signature + u32 BE bit length + gzip payload, MSB first, column-major (x outer, y inner).
 */
export function embedStealthAlpha(
  rgba: Uint8Array,
  width: number,
  height: number,
  text: string,
  compressed: boolean,
): void {
  const signature = compressed ? 'stealth_pngcomp' : 'stealth_pnginfo';
  const payload = compressed ? gzipSync(Buffer.from(text, 'utf8')) : Buffer.from(text, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(payload.length * 8);
  const bytes = Buffer.concat([Buffer.from(signature, 'latin1'), length, payload]);
  if (bytes.length * 8 > width * height) {
    throw new Error(`stealth payload of ${bytes.length * 8} bits does not fit ${width}x${height} pixels`);
  }
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
  for (let bit = 0; bit < bytes.length * 8; bit++) {
    const value = ((bytes[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1;
    const x = Math.floor(bit / height);
    const y = bit % height;
    const at = (y * width + x) * 4 + 3;
    rgba[at] = ((rgba[at] ?? 0) & 0xfe) | value;
  }
}

// ---- the tools' payloads --------------------------------------------------------------------------------------

const A1111_INFOTEXT: Infotext = {
  prompt: 'photo of a duck on a pond, golden hour, (masterpiece:1.2)',
  negativePrompt: 'monochrome, lowres, bad anatomy',
  params: [
    ['Steps', 20],
    ['Sampler', 'DPM++ 2M'],
    ['Schedule type', 'Karras'],
    ['CFG scale', 7],
    ['Seed', 3782896554],
    ['Size', '512x768'],
    ['Model hash', '45a21ea00a'],
    ['Model', 'realisticVisionV51_v51VAE'],
    ['VAE hash', 'c6a580b13a'],
    ['Clip skip', 2],
    ['Lora hashes', 'add_detail: 7c6bad76eb54, more_details: 3b8aa1d351ef'],
    ['Hashes', { vae: 'c6a580b13a', model: '45a21ea00a' }],
    ['Version', 'v1.10.1'],
  ],
};
const A1111_TOOL: ExpectedTool = {
  system: 'Stable Diffusion web UI',
  positive: A1111_INFOTEXT.prompt,
  negative: A1111_INFOTEXT.negativePrompt,
  seed: '3782896554',
  steps: 20,
  cfg: 7,
  sampler: 'DPM++ 2M',
  scheduler: 'Karras',
  width: 512,
  height: 768,
  model: 'realisticVisionV51_v51VAE',
  modelHash: '45a21ea00a',
};

const A1111_JAPANESE: Infotext = {
  prompt: 'masterpiece, best quality, 1girl, 桜の木の下で, テスト',
  negativePrompt: 'bad quality, worst quality, worst detail, sketch, censor,',
  params: [
    ['Steps', 28],
    ['Sampler', 'Euler a'],
    ['Schedule type', 'Automatic'],
    ['CFG scale', 5.5],
    ['Seed', 1234567890],
    ['Size', '832x1216'],
    ['Model hash', 'bdb59bac77'],
    ['Model', 'waiIllustriousSDXL_v160'],
    ['Version', 'f2.0.1v1.10.1-previous-669-gdfdcbab6'],
  ],
};

/** A ComfyUI API graph (`prompt`): literal inputs plus links `["<node>", <output>]`, as SaveImage writes it. */
function comfyPrompt(): Record<string, unknown> {
  return {
    '3': {
      inputs: {
        seed: 156680208700286,
        steps: 25,
        cfg: float(6.5),
        sampler_name: 'dpmpp_2m',
        scheduler: 'karras',
        denoise: float(1),
        model: ['4', 0],
        positive: ['6', 0],
        negative: ['7', 0],
        latent_image: ['5', 0],
      },
      class_type: 'KSampler',
      _meta: { title: 'KSampler' },
    },
    '4': {
      inputs: { ckpt_name: 'sd_xl_base_1.0.safetensors' },
      class_type: 'CheckpointLoaderSimple',
      _meta: { title: 'Load Checkpoint' },
    },
    '5': {
      inputs: { width: 1024, height: 1024, batch_size: 1 },
      class_type: 'EmptyLatentImage',
      _meta: { title: 'Empty Latent Image' },
    },
    '6': {
      inputs: { text: 'a red fox in fresh snow, morning mist, café sign in the distance', clip: ['4', 1] },
      class_type: 'CLIPTextEncode',
      _meta: { title: 'CLIP Text Encode (Prompt)' },
    },
    '7': {
      inputs: { text: 'blurry, watermark, text', clip: ['4', 1] },
      class_type: 'CLIPTextEncode',
      _meta: { title: 'CLIP Text Encode (Prompt)' },
    },
    '8': { inputs: { samples: ['3', 0], vae: ['4', 2] }, class_type: 'VAEDecode', _meta: { title: 'VAE Decode' } },
    '9': {
      inputs: { filename_prefix: 'ComfyUI', images: ['8', 0] },
      class_type: 'SaveImage',
      _meta: { title: 'Save Image' },
    },
  };
}
const COMFY_TOOL: ExpectedTool = {
  system: 'ComfyUI',
  positive: 'a red fox in fresh snow, morning mist, café sign in the distance',
  negative: 'blurry, watermark, text',
  seed: '156680208700286',
  steps: 25,
  cfg: 6.5,
  sampler: 'dpmpp_2m',
  scheduler: 'karras',
  model: 'sd_xl_base_1.0.safetensors',
};

/** The matching UI graph (`workflow`), trimmed to the fields ComfyUI always writes. */
function comfyWorkflow(): Record<string, unknown> {
  const node = (
    id: number,
    type: string,
    order: number,
    widgets: unknown[],
    inputs: unknown[],
    outputs: unknown[],
  ) => ({
    id,
    type,
    pos: [100 * order, 200],
    size: { '0': 315, '1': 98 },
    flags: {},
    order,
    mode: 0,
    inputs,
    outputs,
    properties: { 'Node name for S&R': type },
    widgets_values: widgets,
  });
  return {
    last_node_id: 9,
    last_link_id: 9,
    nodes: [
      node(
        4,
        'CheckpointLoaderSimple',
        0,
        ['sd_xl_base_1.0.safetensors'],
        [],
        [
          { name: 'MODEL', type: 'MODEL', links: [1], slot_index: 0 },
          { name: 'CLIP', type: 'CLIP', links: [3, 5], slot_index: 1 },
          { name: 'VAE', type: 'VAE', links: [8], slot_index: 2 },
        ],
      ),
      node(
        6,
        'CLIPTextEncode',
        1,
        [COMFY_TOOL.positive],
        [{ name: 'clip', type: 'CLIP', link: 3 }],
        [{ name: 'CONDITIONING', type: 'CONDITIONING', links: [4], slot_index: 0 }],
      ),
      node(
        7,
        'CLIPTextEncode',
        2,
        [COMFY_TOOL.negative],
        [{ name: 'clip', type: 'CLIP', link: 5 }],
        [{ name: 'CONDITIONING', type: 'CONDITIONING', links: [6], slot_index: 0 }],
      ),
      node(
        5,
        'EmptyLatentImage',
        3,
        [1024, 1024, 1],
        [],
        [{ name: 'LATENT', type: 'LATENT', links: [2], slot_index: 0 }],
      ),
      node(
        3,
        'KSampler',
        4,
        [156680208700286, 'randomize', 25, float(6.5), 'dpmpp_2m', 'karras', float(1)],
        [
          { name: 'model', type: 'MODEL', link: 1 },
          { name: 'positive', type: 'CONDITIONING', link: 4 },
          { name: 'negative', type: 'CONDITIONING', link: 6 },
          { name: 'latent_image', type: 'LATENT', link: 2 },
        ],
        [{ name: 'LATENT', type: 'LATENT', links: [7], slot_index: 0 }],
      ),
      node(
        8,
        'VAEDecode',
        5,
        [],
        [
          { name: 'samples', type: 'LATENT', link: 7 },
          { name: 'vae', type: 'VAE', link: 8 },
        ],
        [{ name: 'IMAGE', type: 'IMAGE', links: [9], slot_index: 0 }],
      ),
      node(9, 'SaveImage', 6, ['ComfyUI'], [{ name: 'images', type: 'IMAGE', link: 9 }], []),
    ],
    links: [
      [1, 4, 0, 3, 0, 'MODEL'],
      [2, 5, 0, 3, 3, 'LATENT'],
      [3, 4, 1, 6, 0, 'CLIP'],
      [4, 6, 0, 3, 1, 'CONDITIONING'],
      [5, 4, 1, 7, 0, 'CLIP'],
      [6, 7, 0, 3, 2, 'CONDITIONING'],
      [7, 3, 0, 8, 0, 'LATENT'],
      [8, 4, 2, 8, 1, 'VAE'],
      [9, 8, 0, 9, 0, 'IMAGE'],
    ],
    groups: [],
    config: {},
    extra: { ds: { scale: float(1), offset: [0, 0] } },
    version: float(0.4),
  };
}

function invokeAiMetadata(): Record<string, unknown> {
  return {
    generation_mode: 'sdxl_txt2img',
    positive_prompt: 'a lighthouse on a cliff, stormy sea, dramatic lighting',
    negative_prompt: 'blurry, low quality',
    width: 1024,
    height: 1024,
    seed: 3293022630,
    rand_device: 'cpu',
    cfg_scale: float(7.5),
    cfg_rescale_multiplier: float(0),
    steps: 30,
    scheduler: 'dpmpp_2m_k',
    model: {
      key: 'a4b4ad4d-8a85-4c9e-9b0e-2b6f6f4b5d3e',
      hash: 'blake3:4f6d1a',
      name: 'juggernautXL_v9',
      base: 'sdxl',
      type: 'main',
    },
    vae: {
      key: 'e7d3a3b1-95ec-4b3c-9a56-0e1d9c4c1b5a',
      hash: 'blake3:9a1f',
      name: 'sdxl-vae-fp16-fix',
      base: 'sdxl',
      type: 'vae',
    },
    loras: [],
    positive_style_prompt: '',
    negative_style_prompt: '',
    app_version: '3.7.0',
  };
}

function novelAiComment(prompt: string, negative: string): Record<string, unknown> {
  return {
    prompt,
    steps: 28,
    height: 1216,
    width: 832,
    scale: float(5),
    uncond_scale: float(1),
    cfg_rescale: float(0),
    seed: 2253955223,
    n_samples: 1,
    noise_schedule: 'karras',
    legacy_v3_extend: false,
    reference_information_extracted_multiple: [],
    reference_strength_multiple: [],
    sampler: 'k_euler_ancestral',
    controlnet_strength: float(1),
    controlnet_model: null,
    dynamic_thresholding: false,
    skip_cfg_above_sigma: null,
    deliberate_euler_ancestral_bug: false,
    prefer_brownian: true,
    version: 1,
    uc: negative,
    request_type: 'PromptGenerateRequest',
    signed_hash: 'FVNz0y1ZWkmS0tTRXqKJZRHrQ2wH9E2n8ySZlTW8x4Kd1Y3CV0Q1wYhR/7vXbW8x2Ew==',
    v4_prompt: { caption: { base_caption: prompt, char_captions: [] }, use_coords: false, use_order: true },
    v4_negative_prompt: { caption: { base_caption: negative, char_captions: [] }, legacy_uc: false },
  };
}

function fooocusParameters(): Record<string, unknown> {
  return {
    adm_guidance: '(1.5, 0.8, 0.3)',
    base_model: 'juggernautXL_v8Rundiffusion',
    base_model_hash: 'aeb7e9e689',
    clip_skip: 2,
    full_negative_prompt: ['(worst quality, low quality:1.4), watermark', 'anime, cartoon, blurry'],
    full_prompt: ['cinematic still a smiling goldfish . emotional, harmonious', 'a smiling goldfish, deep focus'],
    guidance_scale: 4,
    loras: [],
    metadata_scheme: 'fooocus',
    negative_prompt: 'anime, cartoon',
    performance: 'Speed',
    prompt: 'a smiling goldfish',
    prompt_expansion: 'a smiling goldfish, deep focus',
    refiner_model: 'None',
    refiner_switch: float(0.5),
    resolution: '(768, 1280)',
    sampler: 'dpmpp_2m_sde_gpu',
    scheduler: 'karras',
    // Fooocus writes 64-bit seeds as strings because they exceed 2^53.
    seed: '6952411511246973023',
    sharpness: 2,
    steps: 30,
    styles: "['Fooocus V2', 'Fooocus Enhance', 'Fooocus Sharp']",
    vae: 'Default (model)',
    version: 'Fooocus v2.4.3',
  };
}

function swarmParameters(): Record<string, unknown> {
  return {
    sui_image_params: {
      prompt: 'an astronaut riding a horse on mars, photorealistic',
      negativeprompt: 'cartoon, lowres',
      model: 'OfficialStableDiffusion/sd_xl_base_1.0',
      seed: 1452398761,
      steps: 30,
      cfgscale: float(7),
      aspectratio: '1:1',
      width: 1024,
      height: 1024,
      sampler: 'euler_ancestral',
      scheduler: 'normal',
      swarm_version: '0.9.5.2',
      date: '2026-01-15',
      generation_time: '0.01 (prep) and 6.52 (gen) seconds',
    },
    sui_models: [
      {
        name: 'sd_xl_base_1.0.safetensors',
        param: 'model',
        hash: '0x31e35c80fc4829d14f90153f4c74cd59c90b779f6afe05a74cd6120b893f7e5b',
      },
    ],
  };
}

/** An exiv2-style packet in attribute form, as Midjourney's website downloads carry. */
function midjourneyXmp(jobId: string): string {
  return [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="XMP Core 4.4.0-Exiv2">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '  <rdf:Description rdf:about=""',
    '    xmlns:iptcExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"',
    `   iptcExt:DigImageGUID="${jobId}"`,
    `   iptcExt:DigitalSourceType="${DST_TRAINED_ALGORITHMIC_MEDIA}"/>`,
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    // exiv2 pads the packet so that it can be edited in place.
    ...Array.from({ length: 20 }, () => ' '.repeat(99)),
    '<?xpacket end="w"?>',
  ].join('\n');
}

/** The IPTC 2025.1 values of ../shared/fixtures/provenance/generated_iptc2025_ai_xmp.png. */
const IPTC_RECORD: ProvenanceRecord = {
  aiInvolvement: 'ai-generated',
  digitalSourceType: DST_TRAINED_ALGORITHMIC_MEDIA,
  dstSources: ['iptc-xmp'],
  generator: { system: 'Stable Diffusion web UI', version: '1.10.1' },
  prompt: { positive: 'photo of a duck', negative: 'monochrome', writer: 'Jane Example' },
};
const IPTC_RIGHTS = {
  creator: ['Example Studio'],
  copyrightNotice: '(c) 2026 Example Studio',
  creditLine: 'Example Studio (AI-generated)',
  webStatement: 'https://example.com/license',
  licensorUrl: 'https://example.com/buy',
  digImageGuid: 'urn:uuid:6f1f3c2a-9d1e-4a8b-9a52-0d6f3b8e2c11',
};
const IPTC_EXPECTED: FixtureExpectation['iptc'] = {
  digitalSourceType: DST_TRAINED_ALGORITHMIC_MEDIA,
  aiSystemUsed: 'Stable Diffusion web UI',
  aiSystemVersionUsed: '1.10.1',
  aiPromptInformation: 'photo of a duck (negative: monochrome)',
  aiPromptWriterName: 'Jane Example',
  creator: ['Example Studio'],
  copyrightNotice: '(c) 2026 Example Studio',
  creditLine: 'Example Studio (AI-generated)',
  webStatement: 'https://example.com/license',
  licensorUrl: 'https://example.com/buy',
  digImageGuid: 'urn:uuid:6f1f3c2a-9d1e-4a8b-9a52-0d6f3b8e2c11',
  description: 'A duck, generated with AI',
  createDate: '2026-01-15T10:00:00Z',
};

// ---- the generator --------------------------------------------------------------------------------------------

const FIXTURE_SIZE = { width: 64, height: 48 };

/** Writes one file per tool format into `dir` (created when missing) and describes what each holds. */
export async function generateProvenanceFixtures(dir: string): Promise<ProvenanceFixture[]> {
  await mkdir(dir, { recursive: true });
  const { width, height } = FIXTURE_SIZE;
  const fixtures: ProvenanceFixture[] = [];
  const add = async (
    name: string,
    format: FixtureFormat,
    mediaType: ProvenanceFixture['mediaType'],
    bytes: Uint8Array,
    expected: Omit<FixtureExpectation, 'width' | 'height'>,
  ): Promise<void> => {
    const file = join(dir, name);
    await writeFile(file, bytes);
    fixtures.push({ file, format, mediaType, expected: { width, height, ...expected } });
  };
  const png = async (seed: number, entries: PngTextEntry[]): Promise<Uint8Array> =>
    setPngTextChunks(await basePng(width, height, seed), entries);
  const pixels = raw(paintPixels(width, height, 3, 7), width, height, 3);

  // A1111, PNG: `parameters` tEXt (Latin-1), and iTXt for a Japanese prompt (Pillow's rule).
  const a1111 = serializeInfotext(A1111_INFOTEXT);
  await add('a1111.png', 'a1111-png', 'image/png', await png(1, [{ keyword: 'parameters', text: a1111 }]), {
    kind: 'a1111',
    tool: A1111_TOOL,
    text: { parameters: a1111 },
  });
  const japanese = serializeInfotext(A1111_JAPANESE);
  await add(
    'a1111-itxt.png',
    'a1111-png-itxt',
    'image/png',
    await png(2, [{ keyword: 'parameters', text: japanese }]),
    {
      kind: 'a1111',
      tool: {
        system: 'Stable Diffusion WebUI Forge',
        positive: A1111_JAPANESE.prompt,
        negative: A1111_JAPANESE.negativePrompt,
        seed: '1234567890',
        steps: 28,
        cfg: 5.5,
        sampler: 'Euler a',
        width: 832,
        height: 1216,
      },
      text: { parameters: japanese },
    },
  );

  // A1111, JPEG and WebP: piexif UserComment, `UNICODE\0` + UTF-16BE in a big-endian TIFF.
  const userCommentTiff = buildExifTiff({ userComment: a1111 }, { byteOrder: 'MM', layout: 'piexif' });
  const jpeg = withJfif(await pixels.clone().jpeg({ quality: 90 }).toBuffer());
  await add('a1111.jpg', 'a1111-jpeg', 'image/jpeg', setJpegExif(jpeg, userCommentTiff), {
    kind: 'a1111',
    tool: A1111_TOOL,
    exif: { userComment: a1111 },
  });
  const webp = await pixels.clone().webp({ quality: 80 }).toBuffer();
  await add('a1111.webp', 'a1111-webp', 'image/webp', setWebpExif(webp, userCommentTiff), {
    kind: 'a1111',
    tool: A1111_TOOL,
    exif: { userComment: a1111 },
  });

  // A1111 stealth pnginfo: gzip infotext in alpha LSBs, no text chunks at all.
  const stealthText = serializeInfotext({
    prompt: 'a circle',
    negativePrompt: 'a square',
    params: [
      ['Steps', 20],
      ['Sampler', 'Euler'],
      ['Schedule type', 'Automatic'],
      ['CFG scale', 7],
      ['Seed', 2015833630],
      ['Size', '64x48'],
      ['Model hash', '15012c538f'],
      ['Model', 'realisticVisionV51_v51VAE'],
      ['Clip skip', 2],
      ['Version', 'v1.9.4-169-ga30b19dd'],
    ],
  });
  const rgba = paintPixels(width, height, 4, 5);
  embedStealthAlpha(rgba, width, height, stealthText, true);
  await add('a1111-stealth.png', 'a1111-stealth-png', 'image/png', await raw(rgba, width, height, 4).png().toBuffer(), {
    kind: 'a1111',
    tool: {
      positive: 'a circle',
      negative: 'a square',
      seed: '2015833630',
      steps: 20,
      cfg: 7,
      sampler: 'Euler',
      width: 64,
      height: 48,
      model: 'realisticVisionV51_v51VAE',
      modelHash: '15012c538f',
    },
    stealth: { signature: 'stealth_pngcomp', text: stealthText },
  });

  // ComfyUI, PNG: `prompt` (API graph) + `workflow` (UI graph), json.dumps with ASCII escapes.
  const comfyPromptText = pyJson(comfyPrompt(), { ensureAscii: true });
  const comfyWorkflowText = pyJson(comfyWorkflow(), { ensureAscii: true });
  await add(
    'comfyui.png',
    'comfyui-png',
    'image/png',
    await png(3, [
      { keyword: 'prompt', text: comfyPromptText },
      { keyword: 'workflow', text: comfyWorkflowText },
    ]),
    { kind: 'comfyui', tool: COMFY_TOOL, text: { prompt: comfyPromptText, workflow: comfyWorkflowText } },
  );
  // ComfyUI, WebP (SaveAnimatedWEBP): IFD0 Model = "prompt:" + graph, Make = "workflow:" + graph.
  const comfyTiff = buildExifTiff(
    { model: `prompt:${comfyPromptText}`, make: `workflow:${comfyWorkflowText}` },
    { byteOrder: 'II' },
  );
  await add(
    'comfyui.webp',
    'comfyui-webp',
    'image/webp',
    setWebpExif(await pixels.clone().webp({ lossless: true }).toBuffer(), comfyTiff),
    {
      kind: 'comfyui',
      tool: COMFY_TOOL,
      exif: { model: `prompt:${comfyPromptText}`, make: `workflow:${comfyWorkflowText}` },
    },
  );

  // InvokeAI v3: `invokeai_metadata`, compact pydantic JSON.
  const invoke = pyJson(invokeAiMetadata(), { compact: true });
  await add(
    'invokeai.png',
    'invokeai-png',
    'image/png',
    await png(4, [{ keyword: 'invokeai_metadata', text: invoke }]),
    {
      kind: 'invokeai',
      tool: {
        system: 'InvokeAI',
        positive: 'a lighthouse on a cliff, stormy sea, dramatic lighting',
        negative: 'blurry, low quality',
        seed: '3293022630',
        steps: 30,
        cfg: 7.5,
        scheduler: 'dpmpp_2m_k',
        width: 1024,
        height: 1024,
        model: 'juggernautXL_v9',
      },
      text: { invokeai_metadata: invoke },
    },
  );

  // NovelAI V4.5: PNG predefined keywords + `Comment` JSON.
  const naiPrompt = '1girl, solo, cherry blossoms, 夜桜, very aesthetic';
  const naiNegative = 'lowres, bad anatomy, bad hands, text, error';
  const naiText = {
    Title: 'NovelAI generated image',
    Description: naiPrompt,
    Software: 'NovelAI',
    Source: 'NovelAI Diffusion V4.5 4BDE2A90',
    'Generation time': '2.6458',
    Comment: pyJson(novelAiComment(naiPrompt, naiNegative)),
  };
  await add(
    'novelai.png',
    'novelai-png',
    'image/png',
    await png(
      5,
      Object.entries(naiText).map(([keyword, text]) => ({ keyword, text })),
    ),
    {
      kind: 'novelai',
      tool: {
        system: 'NovelAI',
        positive: naiPrompt,
        negative: naiNegative,
        seed: '2253955223',
        steps: 28,
        cfg: 5,
        sampler: 'k_euler_ancestral',
        width: 832,
        height: 1216,
        modelHash: '4BDE2A90',
      },
      text: naiText,
    },
  );

  // Fooocus: `parameters` = sorted json.dumps with a 64-bit seed as a string, plus `fooocus_scheme`.
  const fooocus = pyJson(fooocusParameters(), { sortKeys: true });
  await add(
    'fooocus.png',
    'fooocus-png',
    'image/png',
    await png(6, [
      { keyword: 'parameters', text: fooocus },
      { keyword: 'fooocus_scheme', text: 'fooocus' },
    ]),
    {
      kind: 'fooocus',
      tool: {
        system: 'Fooocus',
        positive: 'a smiling goldfish',
        negative: 'anime, cartoon',
        seed: '6952411511246973023',
        steps: 30,
        cfg: 4,
        sampler: 'dpmpp_2m_sde_gpu',
        scheduler: 'karras',
        width: 768,
        height: 1280,
        model: 'juggernautXL_v8Rundiffusion',
      },
      text: { parameters: fooocus, fooocus_scheme: 'fooocus' },
    },
  );

  // SwarmUI: `parameters` = indented JSON {sui_image_params, sui_models}, beside a ComfyUI `prompt` graph.
  const swarm = pyJson(swarmParameters(), { indent: 2 });
  await add(
    'swarmui.png',
    'swarmui-png',
    'image/png',
    await png(7, [
      { keyword: 'parameters', text: swarm },
      { keyword: 'prompt', text: comfyPromptText },
    ]),
    {
      kind: 'swarmui',
      tool: {
        system: 'SwarmUI',
        version: '0.9.5.2',
        positive: 'an astronaut riding a horse on mars, photorealistic',
        negative: 'cartoon, lowres',
        seed: '1452398761',
        steps: 30,
        cfg: 7,
        sampler: 'euler_ancestral',
        scheduler: 'normal',
        width: 1024,
        height: 1024,
        model: 'OfficialStableDiffusion/sd_xl_base_1.0',
      },
      text: { parameters: swarm },
    },
  );

  // Midjourney (website download): Author, Description with --params and Job ID, Creation Time, exiv2 XMP.
  const jobId = 'a7421d2f-b262-44f9-977c-ac23e9c7d3e3';
  const mjPrompt = 'a lighthouse at dusk, volumetric light';
  const mjText = {
    Author: 'example_user',
    Description: `${mjPrompt} --ar 2:1 --stylize 80 --v 6 Job ID: ${jobId}`,
    'Creation Time': '2026-01-15T10:00:00.000Z',
  };
  const mjPng = setPngXmp(
    await png(
      8,
      Object.entries(mjText).map(([keyword, text]) => ({ keyword, text })),
    ),
    midjourneyXmp(jobId),
  );
  await add('midjourney.png', 'midjourney-png', 'image/png', mjPng, {
    kind: 'midjourney',
    tool: { system: 'Midjourney', positive: mjPrompt, version: '6' },
    text: mjText,
    iptc: { digitalSourceType: DST_TRAINED_ALGORITHMIC_MEDIA, digImageGuid: jobId },
  });

  // IPTC 2025.1 XMP, PNG and JPEG, through the top-level writer.
  const xmpExtra: Partial<XmpWriteFields> = {
    description: 'A duck, generated with AI',
    createDate: '2026-01-15T10:00:00Z',
  };
  const iptcPng = embedProvenance(await basePng(width, height, 9), 'image/png', IPTC_RECORD, {
    rights: IPTC_RIGHTS,
    xmpExtra,
  });
  await add('iptc2025.png', 'iptc2025-png', 'image/png', iptcPng.bytes, { iptc: IPTC_EXPECTED });
  const iptcJpeg = embedProvenance(withJfif(await pixels.clone().jpeg().toBuffer()), 'image/jpeg', IPTC_RECORD, {
    rights: IPTC_RIGHTS,
    xmpExtra,
  });
  await add('iptc2025.jpg', 'iptc2025-jpeg', 'image/jpeg', iptcJpeg.bytes, { iptc: IPTC_EXPECTED });

  return fixtures;
}

/** The PNG with an IPTC XMP packet whose only statement is this digital source type (a full URI). */
export const withDigitalSourceType = (png: Uint8Array, digitalSourceType: string): Uint8Array =>
  setPngXmp(png, buildXmpPacket({ digitalSourceType }));

// ---- intake benchmark image -----------------------------------------------------------------------------------

export interface IntakeImage {
  bytes: Uint8Array;
  mediaType: 'image/png';
  /** The A1111 infotext in the `parameters` chunk. */
  parameters: string;
  expected: FixtureExpectation;
}

const SUBJECTS = [
  'a red fox',
  'an old lighthouse',
  'a bowl of ramen',
  'a mountain lake',
  'a cyberpunk street',
  'a koi pond',
];
const STYLES = ['golden hour', 'studio lighting', 'watercolor', 'film grain', 'volumetric fog', 'ultra detailed'];
const SAMPLERS = ['Euler a', 'DPM++ 2M', 'DPM++ SDE', 'UniPC', 'DDIM'];

/**
 * A realistic `size`² PNG (varied content, so compression behaves like a real render) carrying A1111 `parameters` and
 * an IPTC XMP packet. Deterministic per seed. zlib level 1 with adaptive filtering: fast, and about the size of a
 * real render (~1.5-2 MB at 1024²).
 */
export async function generateIntakeImage(seed: number, size = 1024): Promise<IntakeImage> {
  const random = prng(seed ^ 0x9e3779b9);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const prompt = `${pick(SUBJECTS)}, ${pick(STYLES)}, ${pick(STYLES)}, seed study ${seed}`;
  const steps = 20 + Math.floor(random() * 20);
  const cfg = 4 + Math.floor(random() * 8);
  const imageSeed = String(Math.floor(random() * 4294967295));
  const sampler = pick(SAMPLERS);
  const parameters = serializeInfotext({
    prompt,
    negativePrompt: 'lowres, blurry, watermark',
    params: [
      ['Steps', steps],
      ['Sampler', sampler],
      ['CFG scale', cfg],
      ['Seed', imageSeed],
      ['Size', `${size}x${size}`],
      ['Model hash', '45a21ea00a'],
      ['Model', 'realisticVisionV51_v51VAE'],
      ['Version', 'v1.10.1'],
    ],
  });
  const fields: XmpWriteFields = {
    digitalSourceType: DST_TRAINED_ALGORITHMIC_MEDIA,
    aiSystemUsed: 'Stable Diffusion web UI',
    aiSystemVersionUsed: '1.10.1',
    aiPromptInformation: `${prompt} (negative: lowres, blurry, watermark)`,
    creator: ['Provena Bench'],
  };
  const encoded = await raw(paintPixels(size, size, 3, seed), size, size, 3)
    .png({ compressionLevel: 1, adaptiveFiltering: true })
    .toBuffer();
  const bytes = setPngTextChunks(encoded, [
    { keyword: 'parameters', text: parameters },
    { keyword: 'XML:com.adobe.xmp', text: buildXmpPacket(fields), type: 'iTXt' },
  ]);
  return {
    bytes,
    mediaType: 'image/png',
    parameters,
    expected: {
      width: size,
      height: size,
      kind: 'a1111',
      tool: {
        system: 'Stable Diffusion web UI',
        positive: prompt,
        negative: 'lowres, blurry, watermark',
        seed: imageSeed,
        steps,
        cfg,
        sampler,
        width: size,
        height: size,
        model: 'realisticVisionV51_v51VAE',
        modelHash: '45a21ea00a',
      },
      text: { parameters },
      iptc: {
        digitalSourceType: fields.digitalSourceType,
        aiSystemUsed: fields.aiSystemUsed,
        aiSystemVersionUsed: fields.aiSystemVersionUsed,
        aiPromptInformation: fields.aiPromptInformation,
        creator: fields.creator,
      },
    },
  };
}

// ---- a varied corpus (benchmarks) -----------------------------------------------------------------------------

/** Operator-style signing material for the varied corpus (e.g. from generateTestPki). */
export interface CorpusSigner {
  chainPem: string;
  keyPem: string;
}

export interface VariedFile {
  bytes: Uint8Array;
  mediaType: 'image/png' | 'image/jpeg' | 'image/webp';
  /** What the file carries: 'a1111' | 'comfyui' | 'iptc' | 'plain', plus '+c2pa' when signed. */
  kind: string;
  c2pa: boolean;
}

const CORPUS_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;

/**
 * One file of a varied corpus, deterministic per seed: container, size (96–767 px a side), pixels, prompt, sampling
 * values and metadata kind all vary with the seed, so a benchmark over many seeds measures many distinct files rather
 * than a few files repeated (warm caches and branch predictors flatter a repeated file). With `signers`, about a
 * quarter of the files are C2PA-signed (manifest last, as on export) with a signer picked by the seed.
 */
export async function generateVariedProvenanceFile(seed: number, signers: CorpusSigner[] = []): Promise<VariedFile> {
  const random = prng(seed ^ 0x5bd1e995);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const mediaType = pick(CORPUS_MEDIA_TYPES);
  const width = 96 + Math.floor(random() * 672);
  const height = 96 + Math.floor(random() * 672);
  const image = raw(paintPixels(width, height, 3, seed), width, height, 3);
  const encoded = new Uint8Array(
    mediaType === 'image/png'
      ? await image.png({ compressionLevel: 1 }).toBuffer()
      : mediaType === 'image/jpeg'
        ? await image.jpeg({ quality: 70 + Math.floor(random() * 25) }).toBuffer()
        : await image.webp({ quality: 60 + Math.floor(random() * 30) }).toBuffer(),
  );

  const prompt = `${pick(SUBJECTS)}, ${pick(STYLES)}, ${pick(STYLES)}, study ${seed}`;
  const negative = random() < 0.7 ? 'lowres, blurry, watermark' : undefined;
  const sampling = {
    seed: String(Math.floor(random() * 2 ** 32)),
    steps: 10 + Math.floor(random() * 40),
    cfg: 3 + Math.floor(random() * 10),
    sampler: pick(SAMPLERS),
  };
  const roll = random();
  const kind = roll < 0.4 ? 'a1111' : roll < 0.6 ? 'comfyui' : roll < 0.85 ? 'iptc' : 'plain';
  const record: ProvenanceRecord = { aiInvolvement: 'ai-generated', dstSources: [] };
  if (kind === 'a1111') {
    const text = serializeInfotext({
      prompt,
      negativePrompt: negative,
      params: [
        ['Steps', sampling.steps],
        ['Sampler', sampling.sampler],
        ['CFG scale', sampling.cfg],
        ['Seed', sampling.seed],
        ['Size', `${width}x${height}`],
        ['Model', pick(['sd_xl_base_1.0', 'realisticVisionV51_v51VAE', 'juggernautXL_v9'])],
        ['Version', `v1.${8 + Math.floor(random() * 3)}.0`],
      ],
    });
    record.toolMetadata = { kind: 'a1111', chunks: { parameters: text } };
  } else if (kind === 'comfyui') {
    const graph = comfyPrompt() as Record<string, { inputs: Record<string, unknown> }>;
    Object.assign(graph['3']!.inputs, { seed: Number(sampling.seed), steps: sampling.steps, cfg: float(sampling.cfg) });
    graph['6']!.inputs.text = prompt;
    graph['7']!.inputs.text = negative ?? '';
    record.toolMetadata = { kind: 'comfyui', chunks: { prompt: pyJson(graph) } };
  }
  if (kind !== 'plain') {
    record.digitalSourceType = DST_TRAINED_ALGORITHMIC_MEDIA;
    record.iptc = {
      aiSystemUsed: kind === 'comfyui' ? 'ComfyUI' : 'Stable Diffusion web UI',
      aiPromptInformation: negative ? `${prompt} (negative: ${negative})` : prompt,
      creator: [`Bench Artist ${seed % 17}`],
      ...(random() < 0.5
        ? { copyrightNotice: `© ${2020 + (seed % 6)} Bench`, webStatement: 'https://example.com/l' }
        : {}),
    };
  }
  let bytes = kind === 'plain' ? encoded : embedProvenance(encoded, mediaType, record).bytes;

  const signer = signers.length > 0 && random() < 0.25 ? pick(signers) : undefined;
  if (signer) {
    bytes = signC2pa(bytes, mediaType, {
      certificateChainPem: signer.chainPem,
      privateKeyPem: signer.keyPem,
      action: 'c2pa.created',
      digitalSourceType: DST_TRAINED_ALGORITHMIC_MEDIA,
      softwareAgent: { name: record.iptc?.aiSystemUsed ?? 'Bench Generator', version: '1.0' },
      when: new Date(Date.UTC(2025, seed % 12, 1 + (seed % 28))),
    });
  }
  return { bytes, mediaType, kind: signer ? `${kind}+c2pa` : kind, c2pa: signer !== undefined };
}
