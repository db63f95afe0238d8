/** Container placement details that c2pa-rs does not check but other readers (and the WebP spec) care about. */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareJpeg } from './embed-jpeg.ts';
import { preparePng } from './embed-png.ts';
import { prepareWebp } from './embed-webp.ts';
import { c2paTypeUuid, superBox } from './jumbf-writer.ts';
import { makeImage } from './sign-test-support.ts';

const ascii = (b: Uint8Array, from: number, to: number): string => String.fromCharCode(...b.subarray(from, to));
const u32le = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset).getUint32(at, true);
const fakeStore = (size: number): Uint8Array => {
  const store = superBox(c2paTypeUuid('c2pa'), 'c2pa', [new Uint8Array(Math.max(0, size - 38))]);
  expect(store.length).toBe(size);
  return store;
};

function riffChunks(webp: Uint8Array): { type: string; at: number; size: number }[] {
  const out: { type: string; at: number; size: number }[] = [];
  for (let at = 12; at + 8 <= webp.length;) {
    const size = u32le(webp, at + 4);
    out.push({ type: ascii(webp, at, at + 4), at, size });
    at += 8 + size + (size & 1);
  }
  return out;
}

let images: Record<'png' | 'jpeg' | 'lossy' | 'lossless', Uint8Array>;
beforeAll(async () => {
  const [png, jpeg, lossy, lossless] = await Promise.all([
    makeImage('png'),
    makeImage('jpeg'),
    makeImage('webp'),
    makeImage('webp', { alpha: true, lossless: true }),
  ]);
  images = { png, jpeg, lossy, lossless };
});

describe('WebP embedding', () => {
  it.each([
    ['lossy (VP8)', 'lossy', 'VP8 ', false],
    ['lossless with alpha (VP8L)', 'lossless', 'VP8L', true],
  ] as const)(
    'turns a simple %s file into the extended format with the C2PA chunk last',
    async (_n, key, image, alpha) => {
      const input = images[key];
      expect(riffChunks(input).map((c) => c.type)).toEqual([image]);
      const { file, exclusion } = prepareWebp(input).embed(fakeStore(101));
      const chunks = riffChunks(file);
      expect(chunks.map((c) => c.type)).toEqual(['VP8X', image, 'C2PA']);
      expect(u32le(file, 4)).toBe(file.length - 8);
      const vp8x = chunks[0]?.at ?? 0;
      expect(((file[vp8x + 8] ?? 0) & 0x10) !== 0).toBe(alpha);
      const width = (file[vp8x + 12] ?? 0) + ((file[vp8x + 13] ?? 0) << 8) + 1;
      const height = (file[vp8x + 15] ?? 0) + ((file[vp8x + 16] ?? 0) << 8) + 1;
      expect([width, height]).toEqual([96, 64]);
      // Odd-sized data gets its pad byte, which stays outside the exclusion (c2pa-rs locates header + data).
      expect(file.length % 2).toBe(0);
      expect(exclusion).toEqual({ start: chunks[2]?.at, length: 8 + 101 });
      const meta = await sharp(file).metadata();
      expect([meta.width, meta.height, meta.hasAlpha]).toEqual([96, 64, alpha]);
    },
  );

  it('keeps an existing VP8X and replaces an earlier C2PA chunk', () => {
    const once = prepareWebp(images.lossy).embed(fakeStore(64)).file;
    const prepared = prepareWebp(once);
    expect(prepared.removedStores).toBe(1);
    expect(riffChunks(prepared.embed(fakeStore(80)).file).map((c) => [c.type, c.size])).toEqual([
      ['VP8X', 10],
      ['VP8 ', riffChunks(images.lossy)[0]?.size],
      ['C2PA', 80],
    ]);
  });
});

describe('PNG embedding', () => {
  it('puts caBX right after IHDR and excludes the whole chunk', () => {
    const { file, exclusion } = preparePng(images.png).embed(fakeStore(50));
    expect(ascii(file, 12, 16)).toBe('IHDR');
    expect(ascii(file, 37, 41)).toBe('caBX');
    expect(exclusion).toEqual({ start: 33, length: 12 + 50 });
  });
});

describe('JPEG embedding', () => {
  it('goes after APP0 and keeps APP11 JUMBF boxes that are not C2PA', () => {
    const otherJumbf = Uint8Array.of(0xff, 0xeb, 0x00, 0x12, 0x4a, 0x50, 0x02, 0x11, 0, 0, 0, 1, ...new Uint8Array(8));
    // sharp writes no JFIF APP0, so add one: SOI, APP0 'JFIF' 1.01, then our foreign JUMBF box, then the rest.
    const app0 = [
      0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
    ];
    const app0End = 2 + app0.length;
    const withOther = Uint8Array.from([0xff, 0xd8, ...app0, ...otherJumbf, ...images.jpeg.subarray(2)]);
    const prepared = prepareJpeg(withOther);
    expect(prepared.removedStores).toBe(0);
    const { file, exclusion } = prepared.embed(fakeStore(200));
    expect(exclusion.start).toBe(app0End);
    // The foreign box follows our store untouched, and our store took another box instance number (En).
    expect([
      ...file.subarray(exclusion.start + exclusion.length, exclusion.start + exclusion.length + otherJumbf.length),
    ]).toEqual([...otherJumbf]);
    expect([file[exclusion.start + 6], file[exclusion.start + 7]]).not.toEqual([0x02, 0x11]);
    expect(prepareJpeg(file).removedStores).toBe(1);
  });

  it('splits large stores into segments that each fit the 16-bit length', () => {
    const { file, exclusion } = prepareJpeg(images.jpeg).embed(fakeStore(200_000));
    let at = exclusion.start;
    const lengths: number[] = [];
    while (at < exclusion.start + exclusion.length) {
      expect(file[at + 1]).toBe(0xeb);
      const le = ((file[at + 2] ?? 0) << 8) | (file[at + 3] ?? 0);
      lengths.push(le);
      at += 2 + le;
    }
    expect(at).toBe(exclusion.start + exclusion.length);
    expect(lengths).toHaveLength(4);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(0xffff);
    // Payload bytes: 8 header bytes per segment, plus the repeated LBox/TBox in the 3 continuations.
    expect(lengths.reduce((a, b) => a + b - 2, 0)).toBe(200_000 + 4 * 8 + 3 * 8);
  });
});
