/**
 * The container stage on the real fixtures of ../shared/fixtures/provenance (expected values from its README.md).
 * Skipped with a message when the shared folder is absent; the other test files cover the same paths with generated
 * inputs.
 */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { parseXmpPackets } from '../xmp/xmp-parser.ts';
import { memorySource } from './byte-source.ts';
import { readRawMetadata, readRawMetadataFromFile, readRawMetadataFromSource } from './index.ts';
import { sameBytes, withoutStore } from './test-builders.ts';
import { fixtureDir as dir, fixtureNames, fixtureSha256 as sha256, loadFixture as load } from './test-fixtures.ts';
import { describeWith } from '../../../test/requirements.ts';

const read = (name: string) => readRawMetadata(load(name));
const text = (name: string, keyword: string) => read(name).textEntries.find((e) => e.keyword === keyword)?.text;

const A1111_INFOTEXT =
  'photo of a duck\nNegative prompt: monochrome\nSteps: 15, Sampler: UniPC, CFG scale: 5, Seed: 235284042, ' +
  'Size: 512x400, Model hash: c0d1994c73, Model: realistic_realisticVisionV20_v20';

describeWith('sharedFixtures', 'container walkers on the real fixtures', () => {
  it.each(fixtureNames)('%s is the documented file (SHA-256)', (name) => {
    expect(createHash('sha256').update(load(name)).digest('hex')).toBe(sha256[name]);
  });

  it.each(fixtureNames)('%s reads without warnings, identically from bytes, file and source', async (name) => {
    const fromBytes = read(name);
    expect(fromBytes.warnings).toEqual([]);
    for (const other of [
      await readRawMetadataFromFile(dir + name),
      await readRawMetadataFromSource(memorySource(load(name))),
    ]) {
      expect(withoutStore(other)).toEqual(withoutStore(fromBytes));
      if (fromBytes.c2paStore) expect(sameBytes(other.c2paStore, fromBytes.c2paStore)).toBe(true);
    }
  });

  it('A1111 PNG: tEXt parameters (Latin-1) and pixel hints from IHDR', () => {
    const raw = read('a1111_parameters_text.png');
    expect(raw.container).toBe('png');
    expect(raw.textEntries).toEqual([{ keyword: 'parameters', text: A1111_INFOTEXT, source: 'tEXt' }]);
    expect(raw.pixelHints).toEqual({ width: 1, height: 1, bitDepth: 8, colorType: 2, hasAlpha: false });
    expect(raw.c2paStore).toBeUndefined();
  });

  it('A1111 stealth PNG: no text, RGBA 64×64 hints for the stealth reader', () => {
    const raw = read('a1111_stealth_pngcomp.png');
    expect(raw.textEntries).toEqual([]);
    expect(raw.pixelHints).toEqual({ width: 64, height: 64, bitDepth: 8, colorType: 6, hasAlpha: true });
  });

  it('A1111 JPEG: UserComment UNICODE big-endian in an MM TIFF', () => {
    const raw = read('a1111_usercomment.jpg');
    expect(raw.container).toBe('jpeg');
    expect(raw.exif?.userComment).toBe(A1111_INFOTEXT);
    expect(raw.exif?.raw['0x9286']).toBe(A1111_INFOTEXT);
  });

  it('ComfyUI, InvokeAI, NovelAI and Fooocus text chunks', () => {
    const json = (name: string, keyword: string): unknown => JSON.parse(text(name, keyword) ?? 'null');
    expect(json('comfyui_prompt_workflow.png', 'prompt')).toMatchObject({ '3': { inputs: { seed: 280823642470253 } } });
    expect(json('comfyui_prompt_workflow.png', 'workflow')).toMatchObject({ last_node_id: 13 });
    expect(json('invokeai_metadata.png', 'invokeai_metadata')).toMatchObject({ seed: 3293022630 });
    expect(read('novelai_comment.png').textEntries.map((e) => e.keyword)).toEqual([
      'Title',
      'Description',
      'Software',
      'Source',
      'Comment',
    ]);
    expect(text('novelai_comment.png', 'Source')).toBe('Stable Diffusion 1D44365E');
    expect(text('fooocus_parameters.png', 'parameters')).toContain('"seed": "6952411511246973023"');
    expect(text('fooocus_parameters.png', 'fooocus_scheme')).toBe('fooocus');
  });

  it('generated C2PA PNG: caBX store (13 612 bytes, c2pa jumd) plus the original tEXt', () => {
    const raw = read('generated_c2pa_trained_a1111.png');
    expect(raw.c2paStore?.length).toBe(13612);
    expect(Buffer.from(raw.c2paStore!.subarray(0, 8)).toString('hex')).toBe('0000352c6a756d62');
    expect(Buffer.from(raw.c2paStore!.subarray(16, 20)).toString('latin1')).toBe('c2pa');
    expect(text('generated_c2pa_trained_a1111.png', 'parameters')).toBe(A1111_INFOTEXT);
  });

  it('generated C2PA JPEG: one APP11 segment, store identical to the PNG one; EXIF still read', () => {
    const jpeg = read('generated_c2pa_trained_a1111.jpg');
    expect(jpeg.c2paStore?.length).toBe(13612);
    expect(jpeg.exif?.userComment).toBe(A1111_INFOTEXT);
  });

  it('Firefly JPEG: six APP11 segments reassembled to the declared LBox; IIM charset; XMP', () => {
    const raw = read('c2pa_adobe_firefly_genai_actions_v2.jpg');
    const store = raw.c2paStore!;
    expect(store.length).toBe(0x0005cbdd);
    expect(Buffer.from(store.subarray(4, 8)).toString('latin1')).toBe('jumb');
    expect(raw.iptcIim['1:90']).toEqual(['\u001b%G']);
    expect(raw.exif?.software).toBe('Adobe Photoshop 25.6 (Macintosh)');
    expect(raw.xmp).toHaveLength(1);
    expect(parseXmpPackets(raw.xmp).createDate).toBe('2024-04-12T14:54:29-04:00');
  });

  it('Bing JPEG: APP11 with Z = 0 before JFIF; store of the declared 13 024 bytes', () => {
    const raw = read('c2pa_microsoft_bing_image_creator.jpg');
    expect(raw.c2paStore?.length).toBe(0x32e0);
  });

  it('OpenAI WebP: C2PA chunk (simple-format WebP, no VP8X)', () => {
    const raw = read('c2pa_openai_dalle3_chatgpt.webp');
    expect(raw.container).toBe('webp');
    expect(raw.c2paStore?.length).toBe(90286);
    expect(Buffer.from(raw.c2paStore!.subarray(4, 8)).toString('latin1')).toBe('jumb');
  });

  it('IPTC reference 2023.2: XMP, IIM (UTF-8), EXIF and COM', () => {
    const raw = read('iptc_photometadata_ref_2023.2.jpg');
    expect(raw.iptcIim['2:110']).toEqual(['Credit Line (ref2023.2)']);
    expect(raw.iptcIim['2:116']).toEqual(['Copyright (Notice) 2023.2 IPTC - www.iptc.org  (ref2023.2)']);
    expect(raw.iptcIim['2:25']).toEqual(['Keyword1ref2023.2', 'Keyword2ref2023.2', 'Keyword3ref2023.2']);
    expect(raw.iptcIim['2:80']).toEqual(['Creator1 (ref2023.2)']);
    expect(raw.exif?.artist).toBe('Creator1 (ref2023.2)');
    expect(raw.exif?.copyright).toBe('Copyright (Notice) 2023.2 IPTC - www.iptc.org  (ref2023.2)');
    expect(raw.exif?.dateTimeOriginal).toBe('2024:03:22 00:23:02');
    expect(raw.textEntries[0]?.source).toBe('COM');
    expect(raw.textEntries[0]?.text).toMatch(/^IPTC Photo Metadata Standard 2023\.2/u);
    const fields = parseXmpPackets(raw.xmp);
    expect(fields.digitalSourceType).toBe('http://cv.iptc.org/newscodes/digitalsourcetype/softwareImage');
    expect(fields.creditLine).toBe('Credit Line (ref2023.2)');
    expect(fields.copyrightNotice).toBe('Copyright (Notice) 2023.2 IPTC - www.iptc.org  (ref2023.2)');
    expect(fields.creator).toEqual(['Creator1 (ref2023.2)']);
    expect(fields.digImageGuid).toBe('http://example.com/imageGUIDs/TestGUID12345/ref2023.2');
    expect(fields.licensorUrl).toBe('https://example.com/LicensorURL_1_ref2023.2');
    expect(fields.webStatement).toBe('https://example.com/WebStatementOfRights/ref2023.2');
    expect(fields.title).toBe('The Title (ref2023.2)');
    expect(fields.description).toBe('The description aka caption (ref2023.2)');
  });

  it('generated IPTC 2025.1 PNG: iTXt XML:com.adobe.xmp goes to xmp[], not textEntries', () => {
    const raw = read('generated_iptc2025_ai_xmp.png');
    expect(raw.textEntries).toEqual([]);
    expect(raw.xmp).toHaveLength(1);
    expect(raw.xmp[0]).toMatch(/^<\?xpacket begin=/u);
    const fields = parseXmpPackets(raw.xmp);
    expect(fields).toMatchObject({
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
      aiSystemUsed: 'Stable Diffusion web UI',
      aiSystemVersionUsed: '1.10.1',
      aiPromptInformation: 'photo of a duck (negative: monochrome)',
      aiPromptWriterName: 'Jane Example',
      creator: ['Example Studio'],
      copyrightNotice: '(c) 2026 Example Studio',
      creditLine: 'Example Studio (AI-generated)',
      webStatement: 'https://example.com/license',
      licensorUrl: 'https://example.com/buy',
    });
    expect(fields.warnings).toEqual([]);
  });
});
