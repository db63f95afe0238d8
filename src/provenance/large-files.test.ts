/**
 * Large files through the provenance reader: reads stay bounded windows whatever the file's size, what is kept stays
 * within the file's budget, and the C2PA validator (which needs the whole file in memory) is not given files above
 * its limit.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { signC2pa } from './c2pa/sign/sign-c2pa.ts';
import { generateTestPki } from './c2pa/sign/test-pki.ts';
import type { RandomAccessSource } from './containers/byte-source.ts';
import { readRawMetadataFromSource } from './containers/index.ts';
import type { RawMetadata } from './contract.ts';
import { fileBudgets } from './containers/raw-metadata.ts';
import { createProvenanceEngine } from './engine.ts';
import { readToolMetadata, type PixelSource, type RawPixels } from './tools/index.ts';
import { embedStealthPayload } from './tools/stealth.ts';
import { fileReads } from '../../test/counted-reads.ts';

vi.mock('node:fs/promises', async (original) => (await import('../../test/counted-reads.ts')).countingReads(original));

beforeEach(() => {
  fileReads.length = 0;
});

const MB = 1024 * 1024;
const segment = (marker: number, payload: Buffer) =>
  Buffer.concat([Buffer.from([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
/** An APP1 XMP segment of the largest size, its description filled with `text`. */
const xmpSegment = (text: string) => {
  const packet = (body: string) =>
    `http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>${body}</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>`;
  return segment(0xe1, Buffer.from(packet(text.slice(0, 65_533 - packet('').length)), 'latin1'));
};

/**
 * A JPEG of `size` bytes made on demand, never held: SOI, then 64 KB segments an uploader can repeat at will — XMP,
 * comments, Photoshop/IPTC and private ones — then a frame and EOI. Counts what is read of it.
 */
function virtualJpeg(size: number): RandomAccessSource & { reads: number[] } {
  const filler = 'lorem ipsum '.repeat(5500);
  const kinds = [
    xmpSegment(filler),
    segment(0xfe, Buffer.from(filler.slice(0, 65_533))),
    segment(0xed, Buffer.concat([Buffer.from('Photoshop 3.0\0'), Buffer.alloc(65_533 - 14)])),
    segment(0xef, Buffer.alloc(65_533)),
  ];
  const segmentLength = 65_537;
  const count = Math.floor((size - 2 - 64) / segmentLength);
  const frame = Buffer.from([0xff, 0xc0, 0, 11, 8, 0, 16, 0, 16, 1, 1, 0x11, 0, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0]);
  const end = Buffer.concat([
    frame,
    Buffer.alloc(size - 2 - count * segmentLength - frame.length - 2),
    Buffer.from([0xff, 0xd9]),
  ]);
  const byteAt = (offset: number): number => {
    if (offset < 2) return offset === 0 ? 0xff : 0xd8;
    const index = Math.floor((offset - 2) / segmentLength);
    if (index >= count) return end[offset - 2 - count * segmentLength]!;
    return kinds[index % kinds.length]![(offset - 2) % segmentLength]!;
  };
  const reads: number[] = [];
  return {
    size,
    reads,
    read(offset, length) {
      const bytes = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      for (let i = 0; i < bytes.length; i++) bytes[i] = byteAt(offset + i);
      reads.push(bytes.length);
      return Promise.resolve(bytes);
    },
  };
}

describe('reading the metadata of a large file', () => {
  it('walks a 200 MB JPEG of metadata segments in 64 KB windows and keeps 8 MB of them', async () => {
    const source = virtualJpeg(200 * MB);
    const raw = await readRawMetadataFromSource(source);
    expect(Math.max(...source.reads)).toBeLessThanOrEqual(64 * 1024);
    const kept =
      raw.xmp.reduce((sum, packet) => sum + packet.length, 0) +
      raw.textEntries.reduce((sum, entry) => sum + entry.text.length, 0);
    // XMP and comments kept, Photoshop resources held until the walk ends: all from one budget.
    expect(fileBudgets.keptBytes).toBe(8 * MB);
    expect(kept).toBeLessThanOrEqual(fileBudgets.keptBytes);
    // Said once, not once per segment: the 50 warnings a file may have are not all spent on it.
    expect(raw.warnings.filter((w) => w.includes('budget'))).toHaveLength(1);
    expect(raw.warnings.length).toBeLessThan(10);
  });
});

describe('C2PA validation of a large file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'provena-large-c2pa-'));
  const path = join(dir, 'signed-large.jpg');
  let size = 0;
  beforeAll(async () => {
    const jpeg = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#4080c0' } })
      .jpeg()
      .toBuffer();
    // 12 MB of private segments, signed afterwards: a large file with a good manifest.
    const padding = Array.from({ length: 192 }, () => segment(0xef, Buffer.alloc(65_533, 0x20)));
    const padded = Buffer.concat([jpeg.subarray(0, 2), ...padding, jpeg.subarray(2)]);
    const pki = generateTestPki();
    const signed = signC2pa(padded, 'image/jpeg', {
      certificateChainPem: pki.chainPem,
      privateKeyPem: pki.leafKeyPem,
      action: 'c2pa.created',
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    });
    writeFileSync(path, signed);
    size = signed.length;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('validates a file within the limit', async () => {
    const engine = createProvenanceEngine({ maxC2paValidationBytes: 16 * MB });
    const record = await engine.extract({ path, size, mediaType: 'image/jpeg' });
    expect(record.c2pa).toMatchObject({ present: true, validationState: 'Valid' });
  });

  it('reads the manifest of a file above the limit without validating it, and never reads the file whole', async () => {
    const engine = createProvenanceEngine({ maxC2paValidationBytes: 4 * MB });
    const record = await engine.extract({ path, size, mediaType: 'image/jpeg' });
    expect(record.c2pa).toMatchObject({ present: true, embedded: true });
    expect(record.c2pa?.validationState).toBeUndefined();
    expect(record.c2pa?.manifestStoreBytes?.length).toBeGreaterThan(0);
    expect(record.warnings?.join('\n')).toMatch(/not validated.*larger than/);
    expect(Math.max(...fileReads)).toBeLessThanOrEqual(MB);
  });
});

describe('stealth text in the pixels of a large image', () => {
  const width = 6000;
  const height = 4000;
  const raw = (): RawMetadata => ({
    container: 'png',
    textEntries: [],
    xmp: [],
    iptcIim: {},
    pixelHints: { hasAlpha: true, bitDepth: 8, colorType: 6, width, height },
    warnings: [],
  });
  /** The region of a 6000 × 4000 RGBA image that is asked for, made up of `fill` (a stealth payload, or noise). */
  const regions: Array<{ columns: number; rows: number } | undefined> = [];
  const source =
    (image?: RawPixels): PixelSource =>
    (region) => {
      regions.push(region);
      const columns = Math.min(region?.columns ?? width, width);
      const rows = Math.min(region?.rows ?? height, height);
      const data = new Uint8Array(columns * rows * 4);
      for (let x = 0; x < columns; x++)
        for (let y = 0; y < rows; y++)
          for (let c = 0; c < 4; c++)
            data[(y * columns + x) * 4 + c] = image
              ? image.data[(y * image.width + x) * 4 + c]!
              : (x * 7 + y * 13 + c) & 0xff;
      return Promise.resolve({ data, width: columns, height: rows, channels: 4 });
    };
  beforeEach(() => {
    regions.length = 0;
  });

  it('decodes the pixels that can hold a stealth header only, when there is none', async () => {
    expect(await readToolMetadata(raw(), source())).toBeUndefined();
    expect(regions).toEqual([{ columns: 1, rows: 152 }]);
  });

  it('then the columns that hold the payload, and no more', async () => {
    // The payload is written into the leftmost columns of a full-height strip, as the writer would in the image.
    const strip: RawPixels = { data: new Uint8Array(4 * height * 4), width: 4, height, channels: 4 };
    const infotext = 'a lighthouse at dusk\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1234, Size: 6000x4000';
    embedStealthPayload(strip, infotext, 'alpha', false);
    const reading = await readToolMetadata(raw(), source(strip));
    expect(reading).toMatchObject({ kind: 'a1111', seed: '1234' });
    expect(regions).toEqual([
      { columns: 1, rows: 152 },
      { columns: 1, rows: height },
    ]);
  });
});
