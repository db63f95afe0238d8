import { describe, expect, it } from 'vitest';
import type { C2paSummary, IptcXmpFields, RawMetadata, ToolReading } from './contract.ts';
import { normalise } from './normalise.ts';

const DST = 'http://cv.iptc.org/newscodes/digitalsourcetype/';
const raw = (extra: Partial<RawMetadata> = {}): RawMetadata => ({
  container: 'png',
  textEntries: [],
  xmp: [],
  iptcIim: {},
  warnings: [],
  ...extra,
});

const c2pa = (extra: Partial<C2paSummary> = {}): C2paSummary => ({
  embedded: true,
  statusCodes: [],
  actions: [{ action: 'c2pa.created', dst: `${DST}trainedAlgorithmicMedia`, agent: 'DALL·E' }],
  aiInvolvement: 'ai-generated',
  aiHeuristic: false,
  digitalSourceType: `${DST}trainedAlgorithmicMedia`,
  softwareAgent: 'DALL·E',
  claimGenerator: 'OpenAI-API c2pa-rs/0.28.4',
  signer: { issuer: 'OpenAI', commonName: 'Truepic Lens CLI in ChatGPT' },
  validationState: 'Valid',
  ingredients: [],
  warnings: [],
  ...extra,
});

const xmp = (extra: Partial<IptcXmpFields> = {}): IptcXmpFields => ({ warnings: [], ...extra });

const tool = (extra: Partial<ToolReading> = {}): ToolReading => ({
  kind: 'a1111',
  system: 'Stable Diffusion web UI',
  version: 'v1.10.1',
  positive: 'photo of a duck',
  negative: 'monochrome',
  seed: '6952411511246973023',
  steps: 15,
  chunks: { parameters: 'photo of a duck\n…' },
  extra: {},
  warnings: [],
  ...extra,
});

describe('normalise', () => {
  it('lets a validated C2PA chain win over IPTC and tool text, keeping every raw value', () => {
    const record = normalise({
      c2pa: c2pa(),
      xmp: xmp({ digitalSourceType: `${DST}digitalCapture`, aiSystemUsed: 'Other', aiPromptInformation: 'p' }),
      tool: tool(),
      raw: raw(),
    });
    expect(record.aiInvolvement).toBe('ai-generated');
    expect(record.digitalSourceType).toBe(`${DST}trainedAlgorithmicMedia`);
    expect(record.dstSources).toEqual(['c2pa', 'iptc-xmp']);
    expect(record.generator).toMatchObject({ system: 'DALL·E', provider: 'OpenAI' });
    expect(record.generator?.version).toBeUndefined(); // the tool's version belongs to another system
    expect(record.fieldSources).toMatchObject({
      aiInvolvement: 'c2pa',
      digitalSourceType: 'c2pa',
      'generator.system': 'c2pa',
      'prompt.positive': 'tool',
      'sampling.seed': 'tool',
    });
    expect(record.sampling?.seed).toBe('6952411511246973023');
    expect(record.toolMetadata).toEqual({ kind: 'a1111', chunks: { parameters: 'photo of a duck\n…' } });
    expect(record.iptc).toEqual({ aiSystemUsed: 'Other', aiPromptInformation: 'p' });
    expect(record.prompt?.raw).toBe('p');
    expect(record.euAiAct?.machineReadableMarks).toEqual(['c2pa', 'iptc-dst', 'iptc-ai-fields', 'generator-metadata']);
    expect(record.warnings?.some((w) => /C2PA says 'ai-generated' but the IPTC/.test(w))).toBe(true);
  });

  it('does not let an Invalid C2PA store win', () => {
    const record = normalise({
      c2pa: c2pa({ validationState: 'Invalid', statusCodes: ['assertion.dataHash.mismatch'] }),
      xmp: xmp({ digitalSourceType: `${DST}compositeWithTrainedAlgorithmicMedia`, aiSystemUsed: 'Photoshop' }),
      raw: raw(),
    });
    expect(record.aiInvolvement).toBe('ai-edited');
    expect(record.fieldSources?.aiInvolvement).toBe('iptc-xmp');
    expect(record.generator?.system).toBe('Photoshop');
    expect(record.dstSources).toEqual(['iptc-xmp']);
    expect(record.c2pa).toMatchObject({
      present: true,
      validationState: 'Invalid',
      statusCodes: ['assertion.dataHash.mismatch'],
    });
    expect(record.warnings).toContain('C2PA manifest store failed validation; its claims are not relied on');
  });

  it('uses an Invalid store only as a heuristic when nothing else speaks', () => {
    const record = normalise({ c2pa: c2pa({ validationState: 'Invalid' }), raw: raw() });
    expect(record.aiInvolvement).toBe('ai-generated');
    expect(record.fieldSources).toMatchObject({ aiInvolvement: 'heuristic', 'generator.system': 'heuristic' });
    expect(record.generator?.provider).toBeUndefined();
  });

  it('carries the C2PA software agent version with its name, never the claim generator version', () => {
    const withVersion = normalise({
      c2pa: c2pa({ softwareAgent: 'gpt-image', softwareAgentVersion: '2.0', generator: { name: 'x', version: '9' } }),
      raw: raw(),
    });
    expect(withVersion.generator).toMatchObject({ system: 'gpt-image', version: '2.0' });
    expect(withVersion.fieldSources).toMatchObject({ 'generator.system': 'c2pa', 'generator.version': 'c2pa' });
    const without = normalise({ c2pa: c2pa({ generator: { name: 'OpenAI-API', version: '9' } }), raw: raw() });
    expect(without.generator?.system).toBe('DALL·E');
    expect(without.generator?.version).toBeUndefined();
  });

  it('ranks IPTC above tool text, and takes the version that goes with the system', () => {
    const record = normalise({
      xmp: xmp({
        digitalSourceType: `${DST}trainedAlgorithmicMedia`,
        aiSystemUsed: 'Stable Diffusion web UI',
        aiPromptWriterName: 'Jane',
      }),
      tool: tool(),
      raw: raw(),
    });
    expect(record.generator).toMatchObject({ system: 'Stable Diffusion web UI', version: 'v1.10.1' });
    expect(record.fieldSources).toMatchObject({
      'generator.system': 'iptc-xmp',
      'generator.version': 'tool',
      'prompt.writer': 'iptc-xmp',
    });
    expect(record.prompt).toMatchObject({ positive: 'photo of a duck', negative: 'monochrome', writer: 'Jane' });
  });

  it('infers AI from tool text alone, ai-edited for inpainting', () => {
    const generated = normalise({ tool: tool(), raw: raw() });
    expect(generated).toMatchObject({
      aiInvolvement: 'ai-generated',
      dstSources: ['inferred'],
      digitalSourceType: `${DST}trainedAlgorithmicMedia`,
    });
    expect(generated.fieldSources?.aiInvolvement).toBe('tool');
    expect(generated.rights?.registrable).toBe('no');
    const inpaint = normalise({ tool: tool({ extra: { 'Mask blur': '4' } }), raw: raw() });
    expect(inpaint.aiInvolvement).toBe('ai-edited');
    expect(inpaint.digitalSourceType).toBe(`${DST}compositeWithTrainedAlgorithmicMedia`);
  });

  it('concludes none only from a stated non-AI source, unknown from silence', () => {
    expect(normalise({ raw: raw() })).toMatchObject({ aiInvolvement: 'unknown', dstSources: [] });
    expect(normalise({ raw: raw() }).digitalSourceType).toBeUndefined();
    expect(normalise({ xmp: xmp({ digitalSourceType: `${DST}digitalCapture` }), raw: raw() }).aiInvolvement).toBe(
      'none',
    );
    // An ambiguous code ('composite') decides nothing by itself.
    expect(normalise({ xmp: xmp({ digitalSourceType: `${DST}composite` }), raw: raw() }).aiInvolvement).toBe('unknown');
  });

  it('normalises odd DST spellings and warns about garbage ones', () => {
    const ok = normalise({
      xmp: xmp({ digitalSourceType: ' https://CV.IPTC.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia' }),
      raw: raw(),
    });
    expect(ok.digitalSourceType).toBe(`${DST}trainedAlgorithmicMedia`);
    const bad = normalise({
      xmp: xmp({ digitalSourceType: 'not a uri', digitalSourceTypeRaw: 'not a uri' }),
      raw: raw(),
    });
    expect(bad.digitalSourceType).toBeUndefined();
    expect(bad.warnings?.[0]).toMatch(/not a known digital source type/);
  });

  it('splits an IPTC prompt written as "x (negative: y)" when no tool text exists', () => {
    const record = normalise({
      xmp: xmp({ aiPromptInformation: 'photo of a duck (negative: monochrome)' }),
      raw: raw(),
    });
    expect(record.prompt).toEqual({
      positive: 'photo of a duck',
      negative: 'monochrome',
      raw: 'photo of a duck (negative: monochrome)',
    });
    expect(record.aiInvolvement).toBe('ai-generated');
    expect(record.fieldSources?.aiInvolvement).toBe('heuristic');
  });

  it('uses EXIF names of generative systems as a heuristic', () => {
    const record = normalise({ raw: raw({ exif: { software: 'NovelAI', raw: {} } }) });
    expect(record).toMatchObject({ aiInvolvement: 'ai-generated', generator: { system: 'NovelAI' } });
    expect(record.fieldSources?.['generator.system']).toBe('exif');
    expect(normalise({ raw: raw({ exif: { software: 'GIMP 2.10', raw: {} } }) }).aiInvolvement).toBe('unknown');
  });

  it('records a remote manifest reference and watermark actions as marks', () => {
    const remote = normalise({ raw: raw({ c2paRemoteUrl: 'https://example.com/m.c2pa' }) });
    expect(remote.c2pa).toEqual({
      present: true,
      embedded: false,
      remoteUrl: 'https://example.com/m.c2pa',
      statusCodes: [],
      actions: [],
    });
    expect(remote.euAiAct?.machineReadableMarks).toEqual(['c2pa-remote']);
    const wm = normalise({ c2pa: c2pa({ actions: [{ action: 'c2pa.watermarked.unbound' }] }), raw: raw() });
    expect(wm.euAiAct?.machineReadableMarks).toEqual(['c2pa', 'c2pa-watermark']);
  });

  it('keeps the manifest store bytes and collects every stage warning', () => {
    const bytes = Uint8Array.of(1, 2, 3);
    const record = normalise({
      c2pa: c2pa({ manifestStoreBytes: bytes, warnings: ['c2pa w'] }),
      xmp: xmp({ warnings: ['xmp w'] }),
      tool: tool({ warnings: ['tool w'] }),
      raw: raw({ warnings: ['raw w'] }),
    });
    expect(record.c2pa?.manifestStoreBytes).toBe(bytes);
    expect(record.warnings).toEqual(expect.arrayContaining(['raw w', 'xmp w', 'c2pa w', 'tool w']));
  });

  it('marks stealth payloads', () => {
    const record = normalise({ tool: tool({ chunks: { stealth: 'x' } }), raw: raw() });
    expect(record.euAiAct?.machineReadableMarks).toEqual(['stealth-lsb']);
  });
});
