/**
 * Checks the generated fixtures three ways: our own minimal decoding of what was written, ExifTool as an independent
 * reader, and a round trip through the project's readers (containers/ → xmp/ and tools/).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRawMetadata } from '../src/provenance/containers/index.ts';
import { readToolMetadata } from '../src/provenance/tools/index.ts';
import { parseXmpPackets } from '../src/provenance/xmp/xmp-parser.ts';
import { exiftoolRead } from '../src/provenance/writers/writer-test-support.ts';
import {
  generateIntakeImage,
  generateProvenanceFixtures,
  pyJson,
  float,
  type FixtureExpectation,
  type FixtureFormat,
  type ProvenanceFixture,
} from './provenance-fixtures.ts';
import { describeWith } from './requirements.ts';

let dir: string;
let fixtures: ProvenanceFixture[];
const bytes = new Map<string, Uint8Array>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provena-fixtures-'));
  fixtures = await generateProvenanceFixtures(dir);
  for (const f of fixtures) bytes.set(f.format, await readFile(f.file));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ALL_FORMATS: FixtureFormat[] = [
  'a1111-png',
  'a1111-png-itxt',
  'a1111-jpeg',
  'a1111-webp',
  'a1111-stealth-png',
  'comfyui-png',
  'comfyui-webp',
  'invokeai-png',
  'novelai-png',
  'fooocus-png',
  'swarmui-png',
  'midjourney-png',
  'iptc2025-png',
  'iptc2025-jpeg',
];

const fixture = (format: FixtureFormat): ProvenanceFixture => {
  const found = fixtures.find((f) => f.format === format);
  if (!found) throw new Error(`no ${format} fixture`);
  return found;
};
const bytesOf = (format: FixtureFormat): Uint8Array => bytes.get(format) ?? new Uint8Array(0);

/** Independent stealth decoder (stealth_pnginfo): alpha LSBs, column-major, MSB first. */
function readStealthAlpha(data: Uint8Array, width: number, height: number): { signature: string; text: string } {
  let bit = 0;
  const next = (count: number): Buffer => {
    const out = Buffer.alloc(count);
    for (let k = 0; k < count; k++) {
      let v = 0;
      for (let j = 0; j < 8; j++, bit++) {
        const x = Math.floor(bit / height);
        const y = bit % height;
        v = (v << 1) | ((data[(y * width + x) * 4 + 3] ?? 0) & 1);
      }
      out[k] = v;
    }
    return out;
  };
  const signature = next(15).toString('latin1');
  const bits = next(4).readUInt32BE(0);
  const payload = next(bits / 8);
  return {
    signature,
    text: signature.endsWith('comp') ? gunzipSync(payload).toString('utf8') : payload.toString('utf8'),
  };
}

describe('generateProvenanceFixtures', () => {
  it('writes one file per tool format', () => {
    expect(fixtures.map((f) => f.format)).toEqual(ALL_FORMATS);
  });

  it('writes real images of the declared size and type', async () => {
    for (const f of fixtures) {
      const meta = await sharp(bytesOf(f.format)).metadata();
      expect([meta.format, meta.width, meta.height], f.format).toEqual([
        f.mediaType.replace('image/', ''),
        f.expected.width,
        f.expected.height,
      ]);
    }
  });

  it('hides the stealth payload as the A1111 extension does, with no text chunks', async () => {
    const f = fixture('a1111-stealth-png');
    const { data, info } = await sharp(bytesOf(f.format)).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    expect(readStealthAlpha(data, info.width, info.height)).toEqual(f.expected.stealth);
    expect(Buffer.from(bytesOf(f.format)).includes('tEXt')).toBe(false);
  });

  it('writes Python-style JSON (floats keep .0, ASCII escapes, big seeds as strings)', () => {
    expect(pyJson({ cfg: float(8), d: float(0.87), s: 'café', n: [1, 2] }, { ensureAscii: true })).toBe(
      '{"cfg": 8.0, "d": 0.87, "s": "caf\\u00e9", "n": [1, 2]}',
    );
    expect(pyJson({ b: 1, a: { c: [] } }, { compact: true, sortKeys: true })).toBe('{"a":{"c":[]},"b":1}');
    expect(pyJson({ a: [1] }, { indent: 2 })).toBe('{\n  "a": [\n    1\n  ]\n}');
    const fooocus = fixture('fooocus-png').expected.text?.parameters ?? '';
    expect(fooocus).toContain('"seed": "6952411511246973023"');
  });
});

// ---- ExifTool, an independent reader ---------------------------------------------------------------------------

/** ExifTool's tag name for a PNG text keyword: words joined, first letter upper-cased. */
const pngTagName = (keyword: string): string =>
  `PNG:${keyword.replace(/\s+(\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase())}`;

function exiftoolExpectations(expected: FixtureExpectation): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [keyword, text] of Object.entries(expected.text ?? {})) out[pngTagName(keyword)] = text;
  const exif = expected.exif ?? {};
  if (exif.userComment !== undefined) out['ExifIFD:UserComment'] = exif.userComment;
  if (exif.model !== undefined) out['IFD0:Model'] = exif.model;
  if (exif.make !== undefined) out['IFD0:Make'] = exif.make;
  const iptc = expected.iptc ?? {};
  const map: Record<string, string> = {
    digitalSourceType: 'XMP-iptcExt:DigitalSourceType',
    aiSystemUsed: 'XMP-iptcExt:AISystemUsed',
    aiSystemVersionUsed: 'XMP-iptcExt:AISystemVersionUsed',
    aiPromptInformation: 'XMP-iptcExt:AIPromptInformation',
    aiPromptWriterName: 'XMP-iptcExt:AIPromptWriterName',
    digImageGuid: 'XMP-iptcExt:DigitalImageGUID',
    creator: 'XMP-dc:Creator',
    copyrightNotice: 'XMP-dc:Rights',
    description: 'XMP-dc:Description',
    creditLine: 'XMP-photoshop:Credit',
    webStatement: 'XMP-xmpRights:WebStatement',
  };
  for (const [field, tag] of Object.entries(map)) {
    const value = iptc[field as keyof typeof iptc];
    if (value !== undefined) out[tag] = value;
  }
  if (iptc.licensorUrl !== undefined) out['XMP-plus:Licensor'] = [{ LicensorURL: iptc.licensorUrl }];
  if (iptc.createDate !== undefined) out['XMP-xmp:CreateDate'] = iptc.createDate.replace(/-/g, ':').replace('T', ' ');
  return out;
}

describeWith('exiftool', 'generated fixtures: ExifTool reads what `expected` promises', () => {
  it('for every fixture, field for field, without warnings', async () => {
    const all = await exiftoolRead(
      fixtures.map((f) => ({ name: f.file.split('/').pop() ?? 'f', bytes: bytesOf(f.format) })),
    );
    fixtures.forEach((f, i) => {
      const tags = all[i] ?? {};
      const wanted = exiftoolExpectations(f.expected);
      expect(Object.keys(wanted).length > 0 || f.format === 'a1111-stealth-png', f.format).toBe(true);
      for (const [tag, value] of Object.entries(wanted)) {
        // ExifTool's JSON prints numeric-looking text as a number.
        const got = typeof tags[tag] === 'number' ? String(tags[tag]) : tags[tag];
        expect(got, `${f.format} ${tag}`).toEqual(value);
      }
      expect(tags['ExifTool:Warning'], f.format).toBeUndefined();
    });
  });
});

// ---- round trip through the project's readers ------------------------------------------------------------------

describe('generated fixtures: the project readers find what `expected` promises', () => {
  it.each(ALL_FORMATS)('%s', async (format) => {
    const f = fixture(format);
    const raw = readRawMetadata(bytesOf(format));
    for (const [keyword, text] of Object.entries(f.expected.text ?? {})) {
      expect(raw.textEntries.find((e) => e.keyword === keyword)?.text, keyword).toBe(text);
    }
    if (f.expected.exif) expect(raw.exif).toMatchObject(f.expected.exif);
    if (f.expected.iptc) expect(parseXmpPackets(raw.xmp)).toMatchObject(f.expected.iptc);
    if (f.expected.kind) {
      const pixels = async () => {
        const { data, info } = await sharp(bytesOf(format)).raw().toBuffer({ resolveWithObject: true });
        return { data, width: info.width, height: info.height, channels: info.channels };
      };
      const reading = await readToolMetadata(raw, pixels);
      expect(reading?.kind).toBe(f.expected.kind);
      expect(reading).toMatchObject(f.expected.tool ?? {});
    }
  });
});

describe('generateIntakeImage', () => {
  it('is deterministic per seed and varies between seeds', async () => {
    const [a, again, b] = await Promise.all([
      generateIntakeImage(7, 128),
      generateIntakeImage(7, 128),
      generateIntakeImage(8, 128),
    ]);
    expect(Buffer.from(a.bytes).equals(again.bytes)).toBe(true);
    expect(Buffer.from(a.bytes).equals(b.bytes)).toBe(false);
    expect(a.parameters).not.toBe(b.parameters);
  });

  it('makes a 1024² PNG that compresses like a render and carries parameters + XMP', async () => {
    const image = await generateIntakeImage(1);
    const meta = await sharp(image.bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1024, 1024]);
    // Neither flat (tiny) nor noise (incompressible): between 20% and 90% of the raw RGB size.
    const ratio = image.bytes.length / (1024 * 1024 * 3);
    expect(ratio).toBeGreaterThan(0.2);
    expect(ratio).toBeLessThan(0.9);
    const raw = readRawMetadata(image.bytes);
    expect(raw.textEntries.find((e) => e.keyword === 'parameters')?.text).toBe(image.parameters);
    expect(parseXmpPackets(raw.xmp)).toMatchObject(image.expected.iptc ?? {});
    expect(await readToolMetadata(raw)).toMatchObject(image.expected.tool ?? {});
  });
});
