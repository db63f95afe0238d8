import { describe, expect, it, vi } from 'vitest';
import { readToolMetadata, readToolMetadataSync } from './index.ts';
import { parseA1111 } from './a1111.ts';
import { parseComfyUi } from './comfyui.ts';
import { parseFooocus } from './fooocus.ts';
import { parseInvokeAi, splitBracketNegative } from './invokeai.ts';
import { parseJsonLossless } from './lossless-json.ts';
import { parseMidjourney, parseMidjourneyDescription } from './midjourney.ts';
import { parseNovelAi, splitSource } from './novelai.ts';
import { embedStealthPayload } from './stealth.ts';
import { parseSwarmUi } from './swarmui.ts';
import { repairUtf16 } from './tool-support.ts';
import { rawWith } from './tool-test-support.ts';

const INFOTEXT =
  'photo of a duck\nNegative prompt: monochrome\nSteps: 15, Sampler: UniPC, CFG scale: 5, Seed: 235284042, Size: 512x400, Model hash: c0d1994c73, Model: realistic_realisticVisionV20_v20';

const utf16 = (text: string, bigEndian: boolean): string => {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    out += bigEndian ? String.fromCharCode(c >> 8, c & 0xff) : String.fromCharCode(c & 0xff, c >> 8);
  }
  return out;
};

describe('lossless JSON', () => {
  it('keeps integers beyond 2^53 exact', () => {
    const v = parseJsonLossless('{"seed": 18446744073709551615, "small": 5, "f": 0.8700000000000001}');
    expect(v).toEqual({ seed: 18446744073709551615n, small: 5, f: 0.8700000000000001 });
  });
  it('accepts Python NaN/Infinity and refuses deep nesting', () => {
    expect(parseJsonLossless('[NaN, Infinity, -Infinity]')).toEqual([NaN, Infinity, -Infinity]);
    expect(() => parseJsonLossless('['.repeat(100) + ']'.repeat(100))).toThrow(/nesting/);
  });
  it('does not let __proto__ change the prototype', () => {
    const v = parseJsonLossless('{"__proto__": {"polluted": 1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(v.__proto__).toEqual({ polluted: 1 });
  });
  it('rejects garbage with an offset', () => {
    expect(() => parseJsonLossless('{"a": }')).toThrow(/offset 6/);
    expect(() => parseJsonLossless('{"a": 1} x')).toThrow(/trailing/);
  });
});

describe('A1111 family', () => {
  it('reads PNG parameters', () => {
    const r = parseA1111(rawWith({ text: { parameters: INFOTEXT } }))!;
    expect(r).toMatchObject({
      kind: 'a1111',
      system: 'Stable Diffusion web UI',
      positive: 'photo of a duck',
      negative: 'monochrome',
      seed: '235284042',
      steps: 15,
      cfg: 5,
      sampler: 'UniPC',
      width: 512,
      height: 400,
      model: 'realistic_realisticVisionV20_v20',
      modelHash: 'c0d1994c73',
    });
    expect(r.chunks.parameters).toBe(INFOTEXT);
    expect(r.extra['Model hash']).toBe('c0d1994c73');
  });

  it('reads EXIF UserComment, repairing undecoded UTF-16 in both byte orders', () => {
    for (const bigEndian of [true, false]) {
      const r = parseA1111(rawWith({ exif: { userComment: utf16('日本 ' + INFOTEXT, bigEndian) } }))!;
      expect(r.positive).toBe('日本 photo of a duck');
      expect(r.seed).toBe('235284042');
      expect(r.chunks.UserComment).toContain('Negative prompt: monochrome');
    }
  });

  it('leaves ordinary text alone when repairing UTF-16', () => {
    expect(repairUtf16('plain text')).toBe('plain text');
    expect(repairUtf16('a\0bcdefgh')).toBe('a\0bcdefgh');
  });

  it('tells Forge, reForge, SD.Next and Fooocus apart by Version/App', () => {
    const sys = (extra: string) =>
      parseA1111(rawWith({ text: { parameters: `p\nSteps: 1, Sampler: a, Seed: 2${extra}` } }))!;
    expect(sys(', Version: f2.0.1v1.10.1-previous-313-g8a042934').system).toBe('Stable Diffusion WebUI Forge');
    expect(sys(', Version: f1.1.0v1-v1.10.1RC').system).toBe('Stable Diffusion WebUI reForge');
    expect(sys(', App: SD.Next, Version: 2a3b').system).toBe('SD.Next');
    expect(sys(', Version: neo').system).toBe('Stable Diffusion WebUI Forge Neo');
    const fooocus = sys(', Version: Fooocus v2.5.0');
    expect(fooocus.kind).toBe('fooocus');
    expect(fooocus.version).toBe('v2.5.0');
    expect(sys(', Version: v1.10.1').version).toBe('v1.10.1');
  });

  it('warns about a non-integer seed and keeps it in extra', () => {
    const r = parseA1111(rawWith({ text: { parameters: 'p\nSteps: 1, Sampler: a, Seed: abc' } }))!;
    expect(r.seed).toBeUndefined();
    expect(r.extra.Seed).toBe('abc');
    expect(r.warnings[0]).toMatch(/Seed/);
  });

  it('ignores JSON parameters (another tool) and text without parameters', () => {
    expect(parseA1111(rawWith({ text: { parameters: '{"prompt": "x"}' } }))).toBeUndefined();
    expect(parseA1111(rawWith({ text: { Comment: 'hello' } }))).toBeUndefined();
  });

  it('reads a JPEG comment holding infotext', () => {
    const r = parseA1111(rawWith({ entries: [{ keyword: 'COM', text: INFOTEXT, source: 'COM' }], container: 'jpeg' }))!;
    expect(r.chunks.COM).toBe(INFOTEXT);
  });
});

const COMFY_PROMPT = JSON.stringify({
  '3': {
    inputs: {
      seed: 280823642470253,
      steps: 20,
      cfg: 8.0,
      sampler_name: 'sample_dpmpp_2m',
      scheduler: 'normal',
      denoise: 0.8700000000000001,
      model: ['4', 0],
      positive: ['6', 0],
      negative: ['7', 0],
      latent_image: ['12', 0],
    },
    class_type: 'KSampler',
  },
  '4': {
    inputs: { config_name: 'v1-inference.yaml', ckpt_name: 'v1-5-pruned-emaonly.ckpt' },
    class_type: 'CheckpointLoader',
  },
  '6': {
    inputs: { text: 'photograph of victorian woman with wings, sky clouds, meadow grass\n', clip: ['4', 1] },
    class_type: 'CLIPTextEncode',
  },
  '7': { inputs: { text: 'watermark, text\n', clip: ['4', 1] }, class_type: 'CLIPTextEncode' },
  '12': { inputs: { pixels: ['10', 0], vae: ['4', 2] }, class_type: 'VAEEncode' },
});

describe('ComfyUI', () => {
  it('follows sampler links to prompts and the checkpoint', () => {
    const r = parseComfyUi(rawWith({ text: { prompt: COMFY_PROMPT, workflow: '{"last_node_id": 13}' } }))!;
    expect(r).toMatchObject({
      kind: 'comfyui',
      system: 'ComfyUI',
      positive: 'photograph of victorian woman with wings, sky clouds, meadow grass',
      negative: 'watermark, text',
      seed: '280823642470253',
      steps: 20,
      cfg: 8,
      sampler: 'sample_dpmpp_2m',
      scheduler: 'normal',
      model: 'v1-5-pruned-emaonly.ckpt',
    });
    expect(r.extra.denoise).toBe('0.8700000000000001');
    expect(r.chunks.workflow).toBe('{"last_node_id": 13}');
    expect(r.chunks.prompt).toBe(COMFY_PROMPT);
  });

  it('follows link-valued text and seed through primitive nodes, SDXL encoders and LoRA loaders', () => {
    const graph = `{
      "10": {"class_type": "KSamplerAdvanced", "inputs": {"noise_seed": ["20", 0], "steps": 30, "cfg": 6.5,
             "sampler_name": "euler", "scheduler": "karras", "model": ["30", 0], "positive": ["11", 0],
             "negative": ["12", 0], "latent_image": ["13", 0]}},
      "11": {"class_type": "CLIPTextEncodeSDXL", "inputs": {"text_g": ["21", 0], "text_l": ["21", 0], "clip": ["31", 1]}},
      "12": {"class_type": "CLIPTextEncode", "inputs": {"text": ["22", 0]}},
      "13": {"class_type": "EmptyLatentImage", "inputs": {"width": 832, "height": 1216, "batch_size": 1}},
      "20": {"class_type": "Seed (rgthree)", "inputs": {"seed": 18446744073709551615}},
      "21": {"class_type": "PrimitiveString", "inputs": {"value": "a lighthouse, dusk"}},
      "22": {"class_type": "StringConcatenate", "inputs": {"string_a": "blurry", "string_b": "lowres", "delimiter": ", "}},
      "30": {"class_type": "LoraLoader", "inputs": {"model": ["31", 0], "lora_name": "x.safetensors"}},
      "31": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sdxl_base.safetensors"}}
    }`;
    const r = parseComfyUi(rawWith({ text: { prompt: graph } }))!;
    expect(r.seed).toBe('18446744073709551615');
    expect(r.positive).toBe('a lighthouse, dusk');
    expect(r.negative).toBe('blurry, lowres');
    expect(r.model).toBe('sdxl_base.safetensors');
    expect([r.width, r.height]).toEqual([832, 1216]);
    expect(r.cfg).toBe(6.5);
  });

  it('takes the first pass of a hires chain, and reads SamplerCustomAdvanced parts', () => {
    const hires = {
      '1': {
        class_type: 'KSampler',
        inputs: {
          seed: 5,
          steps: 10,
          cfg: 2,
          sampler_name: 'b',
          scheduler: 's',
          positive: ['3', 0],
          negative: ['3', 0],
          latent_image: ['2', 0],
        },
      },
      '2': {
        class_type: 'KSampler',
        inputs: {
          seed: 7,
          steps: 25,
          cfg: 7,
          sampler_name: 'a',
          scheduler: 's',
          positive: ['3', 0],
          negative: ['3', 0],
          latent_image: ['9', 0],
        },
      },
      '3': { class_type: 'CLIPTextEncode', inputs: { text: 'x' } },
      '9': { class_type: 'EmptyLatentImage', inputs: { width: 64, height: 64 } },
    };
    expect(parseComfyUi(rawWith({ text: { prompt: JSON.stringify(hires) } }))!.seed).toBe('7');

    const flux = {
      '13': {
        class_type: 'SamplerCustomAdvanced',
        inputs: { noise: ['25', 0], guider: ['22', 0], sampler: ['16', 0], sigmas: ['17', 0], latent_image: ['5', 0] },
      },
      '25': { class_type: 'RandomNoise', inputs: { noise_seed: 42 } },
      '22': { class_type: 'BasicGuider', inputs: { model: ['12', 0], conditioning: ['26', 0] } },
      '26': { class_type: 'FluxGuidance', inputs: { guidance: 3.5, conditioning: ['6', 0] } },
      '6': { class_type: 'CLIPTextEncode', inputs: { text: 'a fox' } },
      '16': { class_type: 'KSamplerSelect', inputs: { sampler_name: 'euler' } },
      '17': { class_type: 'BasicScheduler', inputs: { scheduler: 'simple', steps: 20, denoise: 1, model: ['12', 0] } },
      '12': { class_type: 'UNETLoader', inputs: { unet_name: 'flux1-dev.safetensors' } },
      '5': { class_type: 'EmptySD3LatentImage', inputs: { width: 1024, height: 768 } },
    };
    expect(parseComfyUi(rawWith({ text: { prompt: JSON.stringify(flux) } }))).toMatchObject({
      seed: '42',
      positive: 'a fox',
      sampler: 'euler',
      scheduler: 'simple',
      steps: 20,
      model: 'flux1-dev.safetensors',
      width: 1024,
      height: 768,
    });
  });

  it('survives link cycles', () => {
    const graph = {
      '1': { class_type: 'KSampler', inputs: { seed: ['2', 0], positive: ['3', 0], model: ['4', 0] } },
      '2': { class_type: 'Loop', inputs: { value: ['2', 0] } },
      '3': { class_type: 'ConditioningCombine', inputs: { conditioning_1: ['3', 0] } },
      '4': { class_type: 'ModelPatch', inputs: { model: ['4', 0] } },
    };
    const r = parseComfyUi(rawWith({ text: { prompt: JSON.stringify(graph) } }))!;
    expect(r.seed).toBeUndefined();
    expect(r.positive).toBeUndefined();
  });

  it('reads the WebP EXIF variants (prompt:/workflow: prefixes, capitalised, UserComment JSON)', () => {
    const a = parseComfyUi(
      rawWith({ exif: { raw: { '0x0110': `prompt:${COMFY_PROMPT}`, '0x010f': 'workflow:{"nodes": []}' } } }),
    )!;
    expect(a.seed).toBe('280823642470253');
    expect(a.chunks['exif:0x010f']).toBe('{"nodes": []}');
    const b = parseComfyUi(
      rawWith({ exif: { raw: { '0x010f': `Prompt: ${COMFY_PROMPT}`, '0x010e': 'Workflow: {}' } } }),
    )!;
    expect(b.model).toBe('v1-5-pruned-emaonly.ckpt');
    const c = parseComfyUi(
      rawWith({ exif: { userComment: `{"prompt": ${COMFY_PROMPT}, "workflow": {"nodes": []}}`, raw: {} } }),
    )!;
    expect(c.positive).toContain('victorian woman');
    expect(c.chunks['UserComment.workflow']).toBe('{"nodes":[]}');
  });

  it('reads the UI workflow when there is no API graph', () => {
    const workflow = {
      nodes: [
        {
          id: 3,
          type: 'KSampler',
          inputs: [
            { name: 'positive', link: 4 },
            { name: 'negative', link: 6 },
          ],
          widgets_values: [156680208700286, 'randomize', 20, 8, 'euler', 'normal', 1],
        },
        { id: 6, type: 'CLIPTextEncode', widgets_values: ['beautiful scenery'] },
        { id: 7, type: 'CLIPTextEncode', widgets_values: ['text, watermark'] },
        { id: 4, type: 'CheckpointLoaderSimple', widgets_values: ['v1-5-pruned-emaonly.safetensors'] },
      ],
      links: [
        [4, 6, 0, 3, 1, 'CONDITIONING'],
        [6, 7, 0, 3, 2, 'CONDITIONING'],
      ],
    };
    const r = parseComfyUi(rawWith({ text: { workflow: JSON.stringify(workflow) } }))!;
    expect(r).toMatchObject({
      seed: '156680208700286',
      steps: 20,
      cfg: 8,
      sampler: 'euler',
      positive: 'beautiful scenery',
      negative: 'text, watermark',
      model: 'v1-5-pruned-emaonly.safetensors',
    });
  });

  it('turns garbage JSON into a warning, keeping the chunk', () => {
    const r = parseComfyUi(rawWith({ text: { prompt: '{"3": {"inputs": ', workflow: '{nope' } }))!;
    expect(r.kind).toBe('comfyui');
    expect(r.chunks.prompt).toBe('{"3": {"inputs": ');
    expect(r.warnings.some((w) => /unparseable JSON/.test(w))).toBe(true);
    expect(r.positive).toBeUndefined();
  });
});

describe('InvokeAI', () => {
  it('reads invokeai_metadata (v3+)', () => {
    const meta =
      '{"generation_mode":"sdxl_txt2img","positive_prompt":"digital artwork, oil painting. painterly brushstrokes, holidays,","negative_prompt":"grainy+","width":1024,"height":1024,"seed":3293022630,"cfg_scale":8.0,"steps":35,"scheduler":"euler","model":{"model_name":"juggernautXL","base_model":"sdxl","model_type":"main"}}';
    const r = parseInvokeAi(rawWith({ text: { invokeai_metadata: meta, invokeai_graph: '{"id":"g"}' } }))!;
    expect(r).toMatchObject({
      kind: 'invokeai',
      system: 'InvokeAI',
      seed: '3293022630',
      cfg: 8,
      steps: 35,
      scheduler: 'euler',
      model: 'juggernautXL',
      positive: 'digital artwork, oil painting. painterly brushstrokes, holidays,',
      negative: 'grainy+',
      width: 1024,
    });
    expect(r.chunks.invokeai_graph).toBe('{"id":"g"}');
    expect(r.extra.generation_mode).toBe('sdxl_txt2img');
  });

  it('reads sd-metadata (v2) with a bracketed negative prompt', () => {
    const meta = JSON.stringify({
      model: 'stable diffusion',
      model_weights: 'stable-diffusion-1.5',
      model_hash: 'cc6cb27103417325ff94f52b7a5d2dde45a7515b25c255d8e396c90014281516',
      app_id: 'invoke-ai/InvokeAI',
      app_version: '2.3.0',
      image: {
        prompt: [{ prompt: 'a cabin in the woods [blurry, dark]', weight: 1 }],
        steps: 50,
        cfg_scale: 7.5,
        seed: 2980747362,
        sampler: 'k_lms',
        width: 512,
        height: 768,
        type: 'txt2img',
      },
    });
    const r = parseInvokeAi(rawWith({ text: { 'sd-metadata': meta, Dream: 'ignored' } }))!;
    expect(r).toMatchObject({
      positive: 'a cabin in the woods',
      negative: 'blurry, dark',
      seed: '2980747362',
      steps: 50,
      cfg: 7.5,
      sampler: 'k_lms',
      model: 'stable-diffusion-1.5',
      version: '2.3.0',
      width: 512,
      height: 768,
    });
  });

  it('reads the Dream string (v1)', () => {
    const r = parseInvokeAi(
      rawWith({
        text: { Dream: '"a \\"red\\" fox [ugly]" -s 50 -S 2980747362 -W 512 -H 768 -C 5 -A k_lms --seamless' },
      }),
    )!;
    expect(r).toMatchObject({
      positive: 'a "red" fox',
      negative: 'ugly',
      steps: 50,
      seed: '2980747362',
      width: 512,
      height: 768,
      cfg: 5,
      sampler: 'k_lms',
    });
    expect(r.extra.seamless).toBe('true');
  });

  it('splits bracketed negatives', () => {
    expect(splitBracketNegative('x [a] y [b]')).toEqual({ positive: 'x y', negative: 'a, b' });
    expect(splitBracketNegative('no negatives')).toEqual({ positive: 'no negatives' });
  });
});

describe('NovelAI', () => {
  it('reads the v3 Comment', () => {
    const r = parseNovelAi(
      rawWith({
        text: {
          Title: 'AI generated image',
          Description: 'masterpiece, cat',
          Software: 'NovelAI',
          Source: 'Stable Diffusion 1D44365E',
          Comment:
            '{"steps": 50, "sampler": "k_euler_ancestral", "seed": 2253955223, "strength": 0.4, "noise": 0.0, "scale": 10.0, "uc": "lowres"}',
        },
      }),
    )!;
    expect(r).toMatchObject({
      kind: 'novelai',
      system: 'NovelAI',
      positive: 'masterpiece, cat',
      negative: 'lowres',
      seed: '2253955223',
      steps: 50,
      cfg: 10,
      sampler: 'k_euler_ancestral',
      model: 'Stable Diffusion',
      modelHash: '1D44365E',
    });
    expect(Object.keys(r.chunks)).toEqual(['Title', 'Description', 'Software', 'Source', 'Comment']);
  });

  it('reads v4 captions with character prompts', () => {
    const comment = JSON.stringify({
      prompt: 'flat prompt',
      steps: 28,
      height: 1216,
      width: 832,
      scale: 5,
      seed: 1234,
      noise_schedule: 'karras',
      sampler: 'k_euler_ancestral',
      v4_prompt: {
        caption: {
          base_caption: 'two girls, park',
          char_captions: [
            { char_caption: 'girl, red hair', centers: [{ x: 0.3, y: 0.5 }] },
            { char_caption: 'girl, blue hair', centers: [] },
          ],
        },
        use_coords: true,
      },
      v4_negative_prompt: { caption: { base_caption: 'bad hands', char_captions: [] } },
    });
    const r = parseNovelAi(
      rawWith({ text: { Software: 'NovelAI', Source: 'NovelAI Diffusion V4.5 4BDE2A90', Comment: comment } }),
    )!;
    expect(r).toMatchObject({
      positive: 'two girls, park',
      negative: 'bad hands',
      scheduler: 'karras',
      width: 832,
      height: 1216,
      model: 'NovelAI Diffusion V4.5',
      modelHash: '4BDE2A90',
    });
    expect(r.extra['Character 2 prompt']).toBe('girl, blue hair');
  });

  it('reads the WebP UserComment map with a nested Comment string', () => {
    const inner = JSON.stringify({ prompt: 'a cat', uc: 'dog', seed: 9, noise_schedule: 'native' });
    const comment = JSON.stringify({
      Title: 'NovelAI generated image',
      Description: 'a cat',
      Software: 'NovelAI',
      Source: 'NovelAI Diffusion V4 4BDE2A90',
      Comment: inner,
    });
    const r = parseNovelAi(rawWith({ exif: { userComment: comment }, container: 'webp' }))!;
    expect(r).toMatchObject({ positive: 'a cat', negative: 'dog', seed: '9' });
  });

  it('splits Source', () => {
    expect(splitSource('Stable Diffusion XL C1E1DE52')).toEqual({
      model: 'Stable Diffusion XL',
      modelHash: 'C1E1DE52',
    });
    expect(splitSource('Something')).toEqual({ model: 'Something' });
  });
});

describe('Fooocus', () => {
  it('keeps seeds beyond 2^53 exact, quoted or not', () => {
    for (const seed of ['"6952411511246973023"', '6952411511246973023']) {
      const r = parseFooocus(
        rawWith({
          text: {
            parameters: `{"prompt": "a smiling goldfish", "negative_prompt": "", "seed": ${seed}, "steps": 30, "guidance_scale": 4, "resolution": "(768, 1280)", "base_model": "juggernautXL_v8Rundiffusion", "base_model_hash": "aeb7e9e689", "sampler": "dpmpp_2m_sde_gpu", "scheduler": "karras", "version": "Fooocus v2.4.3"}`,
            fooocus_scheme: 'fooocus',
          },
        }),
      )!;
      expect(r).toMatchObject({
        kind: 'fooocus',
        system: 'Fooocus',
        version: 'v2.4.3',
        seed: '6952411511246973023',
        positive: 'a smiling goldfish',
        width: 768,
        height: 1280,
        cfg: 4,
        model: 'juggernautXL_v8Rundiffusion',
        modelHash: 'aeb7e9e689',
      });
      expect(r.negative).toBeUndefined();
      expect(r.chunks.fooocus_scheme).toBe('fooocus');
    }
  });

  it('reads the a1111 scheme', () => {
    const r = parseFooocus(
      rawWith({
        text: {
          parameters:
            'a fox\nNegative prompt: cat\nSteps: 30, Sampler: dpmpp_2m_sde_gpu, Seed: 18446744073709551000, CFG scale: 4, Version: Fooocus v2.5.3',
          fooocus_scheme: 'a1111',
        },
      }),
    )!;
    expect(r).toMatchObject({
      kind: 'fooocus',
      system: 'Fooocus',
      positive: 'a fox',
      negative: 'cat',
      seed: '18446744073709551000',
      version: 'v2.5.3',
    });
  });

  it('reads the JPEG EXIF variant (UserComment + Software + MakerNote)', () => {
    const r = parseFooocus(
      rawWith({
        exif: {
          userComment: '{"Prompt": "x", "Negative Prompt": "y", "Seed": 12, "Guidance Scale": 3}',
          software: 'Fooocus v2.4.3',
          makerNote: 'fooocus',
        },
      }),
    )!;
    expect(r).toMatchObject({ positive: 'x', negative: 'y', seed: '12', cfg: 3, version: 'v2.4.3' });
    expect(r.chunks.Software).toBe('Fooocus v2.4.3');
  });

  it('warns on garbage JSON', () => {
    const r = parseFooocus(rawWith({ text: { parameters: '{"prompt": ', fooocus_scheme: 'fooocus' } }))!;
    expect(r.warnings[0]).toMatch(/unparseable JSON/);
    expect(r.chunks.parameters).toBe('{"prompt": ');
  });
});

describe('SwarmUI', () => {
  it('reads sui_image_params', () => {
    const params = JSON.stringify(
      {
        sui_image_params: {
          prompt: 'a castle',
          negativeprompt: 'fog',
          model: 'OfficialStableDiffusion/sd_xl_base_1.0',
          seed: 1234567890123,
          steps: 20,
          cfgscale: 7,
          width: 1024,
          height: 1024,
          sampler: 'euler',
          scheduler: 'normal',
          swarm_version: '0.9.2.1',
        },
        sui_models: [{ name: 'x' }],
      },
      null,
      2,
    );
    const r = parseSwarmUi(rawWith({ text: { parameters: params, prompt: COMFY_PROMPT } }))!;
    expect(r).toMatchObject({
      kind: 'swarmui',
      system: 'SwarmUI',
      version: '0.9.2.1',
      positive: 'a castle',
      negative: 'fog',
      seed: '1234567890123',
      cfg: 7,
      model: 'OfficialStableDiffusion/sd_xl_base_1.0',
    });
    expect(r.chunks.prompt).toBe(COMFY_PROMPT);
    expect(r.extra.sui_models).toBe('[{"name":"x"}]');
  });
});

describe('Midjourney', () => {
  it('reads Description, Author and the job id', () => {
    const r = parseMidjourney(
      rawWith({
        text: {
          Author: 'someone',
          Description:
            'a red fox in snow --ar 2:1 --stylize 80 --no text, logo --v 6 Job ID: a7421d2f-b262-44f9-977c-ac23e9c7d3e3',
          'Creation Time': '2024-01-01',
        },
      }),
    )!;
    expect(r).toMatchObject({
      kind: 'midjourney',
      system: 'Midjourney',
      positive: 'a red fox in snow',
      version: '6',
      negative: 'text, logo',
    });
    expect(r.extra['Job ID']).toBe('a7421d2f-b262-44f9-977c-ac23e9c7d3e3');
    expect(r.extra['--ar']).toBe('2:1');
    expect(r.extra.Author).toBe('someone');
  });

  it('takes the job id from XMP DigImageGUID when the description lacks it', () => {
    const xmp =
      '<rdf:Description xmlns:iptcExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" iptcExt:DigImageGUID="1338fb17-2986-466a-a23e-b8b3c25c8c82"/>';
    const r = parseMidjourney(
      rawWith({ exif: { imageDescription: 'a cat --v 6.1', software: 'Midjourney' }, xmp: [xmp] }),
    )!;
    expect(r.extra['Job ID']).toBe('1338fb17-2986-466a-a23e-b8b3c25c8c82');
    expect(r.version).toBe('6.1');
  });

  it('needs a job id or a Midjourney name', () => {
    expect(parseMidjourney(rawWith({ text: { Description: 'a holiday photo' } }))).toBeUndefined();
    expect(parseMidjourneyDescription('x --niji 6 --seed 5')).toEqual({
      prompt: 'x',
      params: [
        ['niji', '6'],
        ['seed', '5'],
      ],
    });
  });
});

describe('readToolMetadata', () => {
  it('prefers SwarmUI over its ComfyUI graph, Fooocus over plain parameters', () => {
    const swarm = readToolMetadataSync(
      rawWith({ text: { parameters: '{"sui_image_params": {"prompt": "x"}}', prompt: COMFY_PROMPT } }),
    );
    expect(swarm?.kind).toBe('swarmui');
    const fooocus = readToolMetadataSync(rawWith({ text: { parameters: INFOTEXT, fooocus_scheme: 'a1111' } }));
    expect(fooocus?.kind).toBe('fooocus');
  });

  it('fills a ComfyUI reading from a saver-written infotext', () => {
    const graph = JSON.stringify({
      '1': { class_type: 'CheckpointLoaderSimple', inputs: { ckpt_name: 'm.safetensors' } },
    });
    const r = readToolMetadataSync(rawWith({ text: { prompt: graph, parameters: INFOTEXT } }))!;
    expect(r.kind).toBe('comfyui');
    expect(r.seed).toBe('235284042');
    expect(r.chunks.parameters).toBe(INFOTEXT);
  });

  it('returns undefined for files without tool metadata', async () => {
    expect(await readToolMetadata(rawWith({ text: { Software: 'GIMP' } }))).toBeUndefined();
  });

  const makePixels = (width: number, height: number, channels: number) => ({
    data: new Uint8Array(width * height * channels).map((_, i) => (i * 37) & 0xff),
    width,
    height,
    channels,
  });
  const hints = (width: number, height: number) => ({ hasAlpha: true, bitDepth: 8, colorType: 6, width, height });

  it('reads each stealth variant, and only when nothing else is there', async () => {
    for (const [mode, compressed] of [
      ['alpha', true],
      ['alpha', false],
      ['rgb', true],
      ['rgb', false],
    ] as const) {
      const px = makePixels(64, 48, 4);
      embedStealthPayload(px, INFOTEXT, mode, compressed);
      const source = vi.fn(() => Promise.resolve(px));
      const r = await readToolMetadata(rawWith({ pixelHints: hints(64, 48) }), source);
      expect(r?.seed).toBe('235284042');
      expect(r?.chunks.stealth).toBe(INFOTEXT);
      expect(r?.extra.stealth).toBe(`stealth_${mode === 'alpha' ? 'png' : 'rgb'}${compressed ? 'comp' : 'info'}`);
      const skipped = vi.fn(() => Promise.resolve(px));
      const text = await readToolMetadata(
        rawWith({ text: { parameters: INFOTEXT }, pixelHints: hints(64, 48) }),
        skipped,
      );
      expect(text?.chunks.parameters).toBe(INFOTEXT);
      expect(skipped).not.toHaveBeenCalled();
    }
  });

  it('reads NovelAI stealth JSON', async () => {
    const px = makePixels(64, 64, 4);
    embedStealthPayload(
      px,
      JSON.stringify({ Software: 'NovelAI', Description: 'a cat', Comment: JSON.stringify({ seed: 77, uc: 'dog' }) }),
      'alpha',
      true,
    );
    const r = await readToolMetadata(rawWith({ pixelHints: hints(64, 64) }), () => Promise.resolve(px));
    expect(r).toMatchObject({ kind: 'novelai', positive: 'a cat', negative: 'dog', seed: '77' });
  });

  it('turns a damaged stealth payload into a warning, and does not decode without hints', async () => {
    const px = makePixels(20, 20, 4);
    embedStealthPayload(px, 'x'.repeat(10), 'alpha', false);
    // Claim more bits than the image holds: overwrite the length field (bits 120..151) with ones.
    for (let k = 120; k < 152; k++) {
      const x = Math.floor(k / 20);
      const y = k % 20;
      px.data[(y * 20 + x) * 4 + 3]! |= 1;
    }
    const raw = rawWith({ pixelHints: hints(20, 20) });
    expect(await readToolMetadata(raw, () => Promise.resolve(px))).toBeUndefined();
    expect(raw.warnings[0]).toMatch(/announces 4294967295 bits/);
    const none = vi.fn(() => Promise.resolve(px));
    expect(await readToolMetadata(rawWith({}), none)).toBeUndefined();
    expect(none).not.toHaveBeenCalled();
  });

  it('bounds a stealth gzip bomb by the inflate limit', async () => {
    const { gzipSync } = await import('node:zlib');
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
    const side = Math.ceil(Math.sqrt((bomb.length + 19) * 8)) + 1;
    const px = makePixels(side, side, 4);
    // Hand-embed: the helper gzips its text, so write signature + length + the bomb bits directly.
    const all = Buffer.concat([Buffer.from('stealth_pngcomp', 'latin1'), Buffer.alloc(4), bomb]);
    all.writeUInt32BE(bomb.length * 8, 15);
    for (let k = 0; k < all.length * 8; k++) {
      const bit = (all[k >> 3]! >> (7 - (k & 7))) & 1;
      const x = Math.floor(k / side);
      const y = k % side;
      const i = (y * side + x) * 4 + 3;
      px.data[i] = (px.data[i]! & 0xfe) | bit;
    }
    const raw = rawWith({ pixelHints: hints(side, side) });
    expect(await readToolMetadata(raw, () => Promise.resolve(px))).toBeUndefined();
    expect(raw.warnings[0]).toMatch(/does not inflate/);
  });
});
