import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { isProvenaError } from '../../domain/errors.ts';
import type { ProvenanceRecord } from '../../domain/provenance.ts';
import { readRawMetadata } from '../containers/index.ts';
import { readToolMetadata } from '../tools/index.ts';
import { parseXmpPackets } from '../xmp/xmp-parser.ts';
import { embedProvenance } from './embed-provenance.ts';
import { buildExifTiff, setJpegExif } from './exif-usercomment.ts';
import { serializeInfotext } from './infotext.ts';
import { encodePngChunk, walkPngChunks } from './png-text.ts';
import { DST_TRAINED_ALGORITHMIC_MEDIA } from './xmp-packet.ts';
import { concatBytes } from '../bytes.ts';
import { decodedSize, exiftoolRead, sampleImages, type SampleImages } from './writer-test-support.ts';
import { describeWith, itWith, sharedFixturesDir } from '../../../test/requirements.ts';

let images: SampleImages;
beforeAll(async () => {
  images = await sampleImages();
});

const infotext = serializeInfotext({
  prompt: 'photo of a duck, 日本の池',
  negativePrompt: 'monochrome',
  params: { Steps: 15, Sampler: 'UniPC', 'CFG scale': 5, Seed: 235284042, Size: '512x400', Version: 'v1.10.1' },
});

const a1111Record: ProvenanceRecord = {
  aiInvolvement: 'ai-generated',
  dstSources: [],
  generator: { system: 'Stable Diffusion web UI', version: '1.10.1' },
  prompt: { positive: 'photo of a duck, 日本の池', negative: 'monochrome', writer: 'Jane Example' },
  toolMetadata: { kind: 'a1111', chunks: { parameters: infotext, stealth: 'not text' } },
};
const rights = {
  creator: ['Example Studio'],
  copyrightNotice: '(c) 2026 Example Studio',
  creditLine: 'Example Studio (AI-generated)',
  webStatement: 'https://example.com/license',
  licensorUrl: 'https://example.com/buy',
  digImageGuid: 'urn:uuid:1',
};
const expectedIptc = {
  digitalSourceType: DST_TRAINED_ALGORITHMIC_MEDIA,
  aiSystemUsed: 'Stable Diffusion web UI',
  aiSystemVersionUsed: '1.10.1',
  aiPromptInformation: 'photo of a duck, 日本の池 (negative: monochrome)',
  aiPromptWriterName: 'Jane Example',
  ...rights,
};

const errorCode = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return isProvenaError(error) ? error.code : `not a ProvenaError: ${String(error)}`;
  }
  return undefined;
};

describe('embedProvenance: write → read with the project readers → equal', () => {
  it.each([
    ['image/png', 'png'],
    ['image/jpeg', 'jpeg'],
    ['image/webp', 'webpLossy'],
    ['image/webp', 'webpAlpha'],
  ] as const)('%s (%s)', async (mediaType, sample) => {
    const { bytes, warnings } = embedProvenance(images[sample], mediaType, a1111Record, { rights });
    expect(warnings).toEqual([]);
    expect(await decodedSize(bytes)).toEqual({ width: 24, height: 16 });
    const raw = readRawMetadata(bytes);
    expect(raw.warnings).toEqual([]);
    expect(parseXmpPackets(raw.xmp)).toMatchObject(expectedIptc);
    const reading = await readToolMetadata(raw);
    expect(reading).toMatchObject({
      kind: 'a1111',
      positive: 'photo of a duck, 日本の池',
      negative: 'monochrome',
      seed: '235284042',
      steps: 15,
      cfg: 5,
      sampler: 'UniPC',
      width: 512,
      height: 400,
    });
    if (mediaType === 'image/png') expect(raw.textEntries.find((e) => e.keyword === 'parameters')?.source).toBe('iTXt');
    else expect(raw.exif?.userComment).toBe(infotext);
  });

  it('writes ComfyUI graphs to PNG text and to IFD0 Make/Model in WebP', async () => {
    const prompt = JSON.stringify({
      '3': { inputs: { seed: 5, steps: 9, cfg: 7, positive: ['6', 0], negative: ['7', 0] }, class_type: 'KSampler' },
      '6': { inputs: { text: 'fox' }, class_type: 'CLIPTextEncode' },
      '7': { inputs: { text: 'blur' }, class_type: 'CLIPTextEncode' },
    });
    const workflow = JSON.stringify({ nodes: [], links: [] });
    const record: ProvenanceRecord = {
      aiInvolvement: 'ai-generated',
      dstSources: [],
      toolMetadata: { kind: 'comfyui', chunks: { prompt, workflow } },
    };
    const png = readRawMetadata(embedProvenance(images.png, 'image/png', record, { xmp: false }).bytes);
    expect(png.textEntries.map((e) => [e.keyword, e.text])).toEqual([
      ['prompt', prompt],
      ['workflow', workflow],
    ]);
    expect(png.xmp).toEqual([]);
    const webp = readRawMetadata(embedProvenance(images.webpLossless, 'image/webp', record).bytes);
    expect(webp.exif).toMatchObject({ model: `prompt:${prompt}`, make: `workflow:${workflow}` });
    expect(await readToolMetadata(webp)).toMatchObject({
      kind: 'comfyui',
      positive: 'fox',
      negative: 'blur',
      seed: '5',
    });
  });

  it('writes payloads read from another container back under the names the tool uses', () => {
    const fromJpeg: ProvenanceRecord = {
      aiInvolvement: 'ai-generated',
      dstSources: [],
      toolMetadata: { kind: 'a1111', chunks: { UserComment: infotext } },
    };
    const png = readRawMetadata(embedProvenance(images.png, 'image/png', fromJpeg, { xmp: false }).bytes);
    expect(png.textEntries.map((e) => [e.keyword, e.text])).toEqual([['parameters', infotext]]);

    const graph = '{"3": {"class_type": "KSampler", "inputs": {}}}';
    const ui = '{"last_node_id": 1, "nodes": [], "links": []}';
    const fromWebp: ProvenanceRecord = {
      aiInvolvement: 'ai-generated',
      dstSources: [],
      toolMetadata: { kind: 'comfyui', chunks: { 'exif:0x0110': graph, 'exif:0x010f': ui } },
    };
    const comfy = readRawMetadata(embedProvenance(images.png, 'image/png', fromWebp, { xmp: false }).bytes);
    expect(Object.fromEntries(comfy.textEntries.map((e) => [e.keyword, e.text]))).toEqual({
      prompt: graph,
      workflow: ui,
    });

    const fooocus: ProvenanceRecord = {
      aiInvolvement: 'ai-generated',
      dstSources: [],
      toolMetadata: {
        kind: 'fooocus',
        chunks: {
          parameters: '{"prompt": "a goldfish", "seed": "6952411511246973023"}',
          fooocus_scheme: 'fooocus',
          Software: 'Fooocus v2.4.3',
        },
      },
    };
    const jpeg = readRawMetadata(embedProvenance(images.jpeg, 'image/jpeg', fooocus, { xmp: false }).bytes);
    expect(jpeg.exif).toMatchObject({
      userComment: '{"prompt": "a goldfish", "seed": "6952411511246973023"}',
      software: 'Fooocus v2.4.3',
    });
  });

  it('keeps an existing EXIF block (with a warning) unless told to replace it', () => {
    const camera = setJpegExif(images.jpeg, buildExifTiff({ make: 'Camera Co', model: 'X100' }));
    const kept = embedProvenance(camera, 'image/jpeg', a1111Record);
    expect(kept.warnings.join()).toMatch(/already has EXIF/);
    expect(readRawMetadata(kept.bytes).exif?.make).toBe('Camera Co');
    const replaced = embedProvenance(camera, 'image/jpeg', a1111Record, { existingExif: 'replace' });
    expect(readRawMetadata(replaced.bytes).exif?.userComment).toBe(infotext);
  });

  it('warns that a C2PA manifest is invalidated and that an existing XMP packet is replaced', () => {
    const chunks = walkPngChunks(images.png);
    const ihdrEnd = chunks[0]?.end ?? 0;
    const signed = concatBytes([
      images.png.subarray(0, ihdrEnd),
      encodePngChunk('caBX', new Uint8Array(16)),
      images.png.subarray(ihdrEnd),
    ]);
    const first = embedProvenance(signed, 'image/png', a1111Record);
    expect(first.warnings.join()).toMatch(/C2PA manifest/);
    const second = embedProvenance(first.bytes, 'image/png', a1111Record);
    expect(second.warnings.join()).toMatch(/existing XMP packet was replaced/);
  });

  it('refuses other media types and damaged files with clear codes', () => {
    expect(errorCode(() => embedProvenance(images.png, 'image/gif', a1111Record))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(errorCode(() => embedProvenance(images.png, 'image/jpeg', a1111Record))).toBe('CORRUPT_FILE');
    expect(errorCode(() => embedProvenance(new Uint8Array(0), 'image/webp', a1111Record))).toBe('CORRUPT_FILE');
  });

  it('never crashes on damaged input: every outcome is bytes or a ProvenaError', () => {
    const samples = [
      ['image/png', images.png],
      ['image/jpeg', images.jpeg],
      ['image/webp', images.webpAlpha],
    ] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.option(fc.nat(), { nil: undefined }),
        ([mediaType, original], flips, cut) => {
          const damaged = Uint8Array.from(original);
          for (const [at, value] of flips) damaged[at % damaged.length] = value;
          const input = cut === undefined ? damaged : damaged.subarray(0, cut % damaged.length);
          try {
            embedProvenance(input, mediaType, a1111Record);
          } catch (error) {
            if (!isProvenaError(error)) throw error;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describeWith('exiftool', 'embedProvenance: ExifTool reads the result', () => {
  it('in PNG, JPEG and WebP', async () => {
    const files = (['png', 'jpeg', 'webpLossy'] as const).map((sample) => ({
      name: `e.${sample === 'webpLossy' ? 'webp' : sample}`,
      bytes: embedProvenance(images[sample], `image/${sample === 'webpLossy' ? 'webp' : sample}`, a1111Record, {
        rights,
      }).bytes,
    }));
    const [png, jpeg, webp] = await exiftoolRead(files);
    expect(png?.['PNG:Parameters']).toBe(infotext);
    expect(jpeg?.['ExifIFD:UserComment']).toBe(infotext);
    expect(webp?.['ExifIFD:UserComment']).toBe(infotext);
    for (const tags of [png, jpeg, webp]) {
      expect(tags?.['XMP-iptcExt:AIPromptInformation']).toBe(expectedIptc.aiPromptInformation);
      expect(tags?.['XMP-plus:Licensor']).toEqual([{ LicensorURL: 'https://example.com/buy' }]);
      expect(tags?.['ExifTool:Warning']).toBeUndefined();
    }
  });
});

const shared = pathToFileURL(sharedFixturesDir);

describeWith('sharedFixtures', 'embedProvenance on the real fixtures of ../shared', () => {
  const cases = [
    ['a1111_parameters_text.png', 'image/png', []],
    ['a1111_usercomment.jpg', 'image/jpeg', [/already has EXIF/]],
    ['c2pa_openai_dalle3_chatgpt.webp', 'image/webp', [/C2PA manifest/]],
    ['generated_c2pa_trained_a1111.png', 'image/png', [/C2PA manifest/]],
    ['generated_c2pa_trained_a1111.jpg', 'image/jpeg', [/C2PA manifest/, /already has EXIF/]],
    ['iptc_photometadata_ref_2023.2.jpg', 'image/jpeg', [/already has EXIF/, /existing XMP packet was replaced/]],
    ['generated_iptc2025_ai_xmp.png', 'image/png', [/existing XMP packet was replaced/]],
  ] as const;

  it.each(cases)(
    '%s: still a valid image, original metadata kept, our XMP readable',
    async (name, mediaType, warnings) => {
      const original = readFileSync(new URL(name, shared));
      const before = readRawMetadata(original);
      const { bytes, warnings: got } = embedProvenance(original, mediaType, a1111Record, { rights });
      expect(got).toHaveLength(warnings.length);
      warnings.forEach((pattern, i) => expect(got[i]).toMatch(pattern));
      const after = readRawMetadata(bytes);
      expect(after.warnings).toEqual(before.warnings);
      expect(parseXmpPackets(after.xmp)).toMatchObject(expectedIptc);
      // Everything that was there and is not ours to replace survives.
      expect(after.iptcIim).toEqual(before.iptcIim);
      if (before.c2paStore) expect(Buffer.from(after.c2paStore ?? []).equals(before.c2paStore)).toBe(true);
      if (before.exif && !after.exif?.userComment?.includes('日本の池')) expect(after.exif).toEqual(before.exif);
      const meta = await sharp(bytes).metadata();
      const original_ = await sharp(original).metadata();
      expect([meta.width, meta.height]).toEqual([original_.width, original_.height]);
    },
  );

  itWith('exiftool', 'ExifTool reads the edited real files without warnings', async () => {
    const files = cases.map(([name, mediaType]) => ({
      name,
      bytes: embedProvenance(readFileSync(new URL(name, shared)), mediaType, a1111Record, { rights }).bytes,
    }));
    for (const tags of await exiftoolRead(files)) {
      expect(tags['XMP-iptcExt:AISystemUsed'], String(tags.SourceFile)).toBe('Stable Diffusion web UI');
      expect(tags['ExifTool:Warning'], String(tags.SourceFile)).toBeUndefined();
    }
  });
});
