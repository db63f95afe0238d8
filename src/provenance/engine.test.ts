import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProvenanceFixtures, type ProvenanceFixture } from '../../test/provenance-fixtures.ts';
import type { ProvenanceRecord } from '../domain/provenance.ts';
import { readRawMetadataFromFile } from './containers/index.ts';
import { createProvenanceEngine } from './engine.ts';
import { readToolMetadata } from './tools/index.ts';
import { setPngTextChunks } from './writers/png-text.ts';
import { describeWith, sharedFixturesDir } from '../../test/requirements.ts';

const FIXTURES = sharedFixturesDir;
const DST = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

const engine = createProvenanceEngine();
const extractFile = (file: string, mediaType: string): Promise<ProvenanceRecord> =>
  engine.extract({ path: file, mediaType, size: statSync(file).size });

describe('generated fixtures (one per tool format)', () => {
  let dir: string;
  let fixtures: ProvenanceFixture[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'provena-prov-engine-'));
    fixtures = await generateProvenanceFixtures(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads every expected tool value from every format', async () => {
    expect(fixtures.length).toBeGreaterThan(10);
    for (const fixture of fixtures) {
      const record = await extractFile(fixture.file, fixture.mediaType);
      const label = `${fixture.format}`;
      if (fixture.expected.kind) {
        expect(record.toolMetadata?.kind, label).toBe(fixture.expected.kind);
        expect(record.aiInvolvement, label).not.toBe('unknown');
        const raw = await readRawMetadataFromFile(fixture.file);
        const sharp = (await import('sharp')).default;
        const reading = await readToolMetadata(raw, async () => {
          const { data, info } = await sharp(fixture.file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
          return { data, width: info.width, height: info.height, channels: info.channels };
        });
        expect(reading, label).toMatchObject(fixture.expected.tool ?? {});
        if (fixture.expected.tool?.seed) expect(record.sampling?.seed, label).toBe(fixture.expected.tool.seed);
        if (fixture.expected.tool?.positive) expect(record.fieldSources?.['prompt.positive'], label).toBe('tool');
      }
      if (fixture.expected.iptc?.digitalSourceType) {
        expect(record.digitalSourceType, label).toBe(fixture.expected.iptc.digitalSourceType);
        expect(record.dstSources, label).toContain('iptc-xmp');
      }
      expect(record.warnings ?? [], label).toEqual([]);
    }
  });

  it('gives the same record from bytes as from the file', async () => {
    for (const fixture of fixtures) {
      const fromFile = await extractFile(fixture.file, fixture.mediaType);
      const fromBytes = await engine.extractFromBytes(new Uint8Array(readFileSync(fixture.file)), fixture.mediaType);
      expect(fromBytes, fixture.format).toEqual(fromFile);
    }
  });
});

describe('hostile input never throws', () => {
  it('turns garbage into warnings or an empty record', async () => {
    const png = new Uint8Array(readFileSync(new URL('./tools/tool-support.ts', import.meta.url))); // not an image
    expect((await engine.extractFromBytes(png, 'image/png')).aiInvolvement).toBe('unknown');
    expect((await engine.extractFromBytes(new Uint8Array(0), 'image/png')).aiInvolvement).toBe('unknown');
    const sig = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48);
    const truncated = await engine.extractFromBytes(sig, 'image/png');
    expect(truncated.aiInvolvement).toBe('unknown');
    expect(truncated.warnings?.length).toBeGreaterThan(0);
  });

  it('keeps garbage generator JSON verbatim with a warning', async () => {
    const sharp = (await import('sharp')).default;
    const base = new Uint8Array(
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
        .png()
        .toBuffer(),
    );
    const bytes = setPngTextChunks(base, [
      { keyword: 'prompt', text: '{"3": {"class_type": "KSampler", "inputs": {' },
      { keyword: 'workflow', text: '[[[' },
    ]);
    const record = await engine.extractFromBytes(bytes, 'image/png');
    expect(record.toolMetadata?.chunks.prompt).toBe('{"3": {"class_type": "KSampler", "inputs": {');
    expect(record.warnings?.some((w) => /ComfyUI prompt: unparseable JSON/.test(w))).toBe(true);
  });

  it('reports a file that cannot be read as an error', async () => {
    await expect(engine.extract({ path: '/nonexistent/x.png', mediaType: 'image/png', size: 1 })).rejects.toMatchObject(
      { code: 'INTERNAL' },
    );
  });

  it('survives a damaged C2PA store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provena-prov-c2pa-'));
    try {
      const sharp = (await import('sharp')).default;
      const base = new Uint8Array(
        await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
          .png()
          .toBuffer(),
      );
      // A caBX chunk right after IHDR holding a truncated JUMBF superbox.
      const jumbf = Uint8Array.of(0, 0, 0x40, 0, 0x6a, 0x75, 0x6d, 0x62, 0, 0, 0, 0x1e, 0x6a, 0x75, 0x6d, 0x64);
      const { encodePngChunk } = await import('./writers/png-text.ts');
      const chunk = encodePngChunk('caBX', jumbf);
      const bytes = new Uint8Array(base.length + chunk.length);
      bytes.set(base.subarray(0, 33));
      bytes.set(chunk, 33);
      bytes.set(base.subarray(33), 33 + chunk.length);
      const file = join(dir, 'bad.png');
      await writeFile(file, bytes);
      const record = await extractFile(file, 'image/png');
      expect(record.aiInvolvement).toBe('unknown');
      expect(record.c2pa?.present).toBe(true);
      expect(record.warnings?.length).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describeWith('sharedFixtures', 'real fixtures in ../shared/fixtures/provenance (skipped when absent)', () => {
  const file = (name: string) => join(FIXTURES, name);
  const read = (name: string) =>
    extractFile(file(name), `image/${name.endsWith('.jpg') ? 'jpeg' : name.split('.').pop()}`);

  it('A1111 PNG parameters and JPEG UserComment', async () => {
    for (const name of ['a1111_parameters_text.png', 'a1111_usercomment.jpg']) {
      const r = await read(name);
      expect(r.toolMetadata?.kind, name).toBe('a1111');
      expect(r.prompt, name).toEqual({ positive: 'photo of a duck', negative: 'monochrome' });
      expect(r.sampling, name).toEqual({
        seed: '235284042',
        steps: 15,
        cfg: 5,
        sampler: 'UniPC',
        width: 512,
        height: 400,
      });
      expect(r.generator, name).toEqual({
        system: 'Stable Diffusion web UI',
        model: 'realistic_realisticVisionV20_v20',
        modelHash: 'c0d1994c73',
      });
      expect(r.aiInvolvement).toBe('ai-generated');
      expect(r.dstSources).toEqual(['inferred']);
    }
  });

  it('A1111 stealth pngcomp', async () => {
    const r = await read('a1111_stealth_pngcomp.png');
    expect(r.toolMetadata?.chunks.stealth).toBe(
      'a circle\nNegative prompt: a square\nSteps: 20, Sampler: Euler, Schedule type: Automatic, CFG scale: 7, Seed: 2015833630, Size: 64x64, Model hash: 15012c538f, Model: realisticVisionV51_v51VAE, Clip skip: 2, Version: v1.9.4-169-ga30b19dd',
    );
    expect(r.prompt).toEqual({ positive: 'a circle', negative: 'a square' });
    expect(r.sampling).toMatchObject({
      seed: '2015833630',
      steps: 20,
      cfg: 7,
      sampler: 'Euler',
      scheduler: 'Automatic',
    });
    expect(r.generator?.version).toBe('v1.9.4-169-ga30b19dd');
    expect(r.euAiAct?.machineReadableMarks).toContain('stealth-lsb');
  });

  it('ComfyUI prompt + workflow', async () => {
    const r = await read('comfyui_prompt_workflow.png');
    expect(r.toolMetadata?.kind).toBe('comfyui');
    expect(r.prompt).toEqual({
      positive: 'photograph of victorian woman with wings, sky clouds, meadow grass',
      negative: 'watermark, text',
    });
    expect(r.sampling).toEqual({
      seed: '280823642470253',
      steps: 20,
      cfg: 8,
      sampler: 'sample_dpmpp_2m',
      scheduler: 'normal',
    });
    expect(r.generator?.model).toBe('v1-5-pruned-emaonly.ckpt');
    expect(JSON.parse(r.toolMetadata!.chunks.workflow!)).toMatchObject({ last_node_id: 13 });
  });

  it('InvokeAI, NovelAI, Fooocus', async () => {
    const invoke = await read('invokeai_metadata.png');
    expect(invoke.sampling).toMatchObject({ seed: '3293022630', cfg: 8, steps: 35, scheduler: 'euler' });
    expect(invoke.generator?.model).toBe('juggernautXL');
    expect(invoke.prompt?.positive).toBe('digital artwork, oil painting. painterly brushstrokes, holidays,');
    const nai = await read('novelai_comment.png');
    expect(nai.generator).toMatchObject({ system: 'NovelAI', modelHash: '1D44365E' });
    expect(nai.sampling).toMatchObject({ seed: '2253955223', cfg: 10, sampler: 'k_euler_ancestral' });
    const fooocus = await read('fooocus_parameters.png');
    expect(fooocus.prompt?.positive).toBe('a smiling goldfish');
    expect(fooocus.sampling?.seed).toBe('6952411511246973023');
    expect(fooocus.generator).toMatchObject({ system: 'Fooocus', version: 'v2.4.3' });
  });

  it('C2PA from OpenAI, Microsoft and Adobe: validated, with signer and AI verdict', async () => {
    const openai = await read('c2pa_openai_dalle3_chatgpt.webp');
    expect(openai).toMatchObject({
      aiInvolvement: 'ai-generated',
      digitalSourceType: `${DST}trainedAlgorithmicMedia`,
      dstSources: ['c2pa'],
      generator: { system: 'DALL·E', provider: 'OpenAI' },
    });
    expect(openai.c2pa).toMatchObject({
      present: true,
      embedded: true,
      validationState: 'Valid',
      claimGenerator: 'ChatGPT c2pa-rs/0.28.4',
      signer: { issuer: 'OpenAI', commonName: 'Truepic Lens CLI in ChatGPT' },
    });
    expect(openai.c2pa?.statusCodes).toContain('signingCredential.untrusted');
    expect(openai.fieldSources?.aiInvolvement).toBe('c2pa');
    const bing = await read('c2pa_microsoft_bing_image_creator.jpg');
    expect(bing).toMatchObject({
      aiInvolvement: 'ai-generated',
      dstSources: ['inferred'],
      generator: { system: 'Image Creator from Designer', provider: 'Microsoft Corporation' },
    });
    expect(bing.c2pa?.claimGenerator).toBe('Microsoft_Responsible_AI/1.0');
    const adobe = await read('c2pa_adobe_firefly_genai_actions_v2.jpg');
    expect(adobe.c2pa?.signer?.commonName).toBe('Content Credentials (Stage)');
    expect(adobe.c2pa?.actions.map((a) => a.dst)).toContain(`${DST}compositeWithTrainedAlgorithmicMedia`);
    // An AI edit of an AI-generated parent: the whole file came from a model (see c2pa/summary.ts).
    expect(adobe).toMatchObject({
      aiInvolvement: 'ai-generated',
      digitalSourceType: `${DST}trainedAlgorithmicMedia`,
      rights: { registrable: 'no' },
    });
    expect(adobe.euAiAct?.machineReadableMarks).toContain('c2pa');
  });

  it('generated C2PA + A1111: C2PA wins the system, the tool fills prompt and sampling; Trusted with anchors', async () => {
    for (const name of ['generated_c2pa_trained_a1111.png', 'generated_c2pa_trained_a1111.jpg']) {
      const r = await read(name);
      expect(r.c2pa?.validationState, name).toBe('Valid');
      // softwareAgent {name, version} of the signed action: the version travels with the name.
      expect(r.generator).toMatchObject({ system: 'Stable Diffusion web UI', version: '1.10.1' });
      expect(r.fieldSources?.['generator.version']).toBe('c2pa');
      expect(r.fieldSources).toMatchObject({
        'generator.system': 'c2pa',
        digitalSourceType: 'c2pa',
        'prompt.positive': 'tool',
        'sampling.seed': 'tool',
      });
      expect(r.euAiAct?.machineReadableMarks).toEqual(['c2pa', 'generator-metadata']);
      expect(r.c2pa?.manifestStoreBytes?.length).toBe(13612);
    }
    const trusted = createProvenanceEngine({
      c2pa: {
        trustAnchorsPem: readFileSync(join(FIXTURES, 'trust/c2pa_rs_test_cert_root_bundle.pem'), 'utf8'),
        trustConfig: readFileSync(join(FIXTURES, 'trust/c2pa_rs_store.cfg'), 'utf8'),
      },
    });
    const path = file('generated_c2pa_trained_a1111.png');
    const r = await trusted.extract({ path, mediaType: 'image/png', size: statSync(path).size });
    expect(r.c2pa?.validationState).toBe('Trusted');
  });

  it('IPTC 2025.1 AI fields and the IPTC reference image', async () => {
    const ai = await read('generated_iptc2025_ai_xmp.png');
    expect(ai).toMatchObject({
      aiInvolvement: 'ai-generated',
      dstSources: ['iptc-xmp'],
      generator: { system: 'Stable Diffusion web UI', version: '1.10.1' },
    });
    expect(ai.prompt).toMatchObject({ writer: 'Jane Example', raw: 'photo of a duck (negative: monochrome)' });
    expect(ai.iptc?.licensorUrl).toBe('https://example.com/buy');
    const ref = await read('iptc_photometadata_ref_2023.2.jpg');
    expect(ref.digitalSourceType).toBe(`${DST}softwareImage`);
    // softwareImage (retired) may be generative-AI output too: it proves no human origin.
    expect(ref.aiInvolvement).toBe('unknown');
    expect(ref.iptc).toMatchObject({
      creditLine: 'Credit Line (ref2023.2)',
      copyrightNotice: 'Copyright (Notice) 2023.2 IPTC - www.iptc.org  (ref2023.2)',
    });
    expect(ref.toolMetadata).toBeUndefined();
  });
});
