import { beforeAll, describe, expect, it } from 'vitest';
import { isProvenaError } from '../../domain/errors.ts';
import {
  VP8X_FLAG_ALPHA,
  VP8X_FLAG_EXIF,
  VP8X_FLAG_XMP,
  encodeRiffChunk,
  setWebpMetadata,
  walkWebpChunks,
} from './webp-chunks.ts';
import { concatBytes } from '../bytes.ts';
import { decodedSize, sampleImages, type SampleImages } from './writer-test-support.ts';

let images: SampleImages;
beforeAll(async () => {
  images = await sampleImages();
});

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function vp8x(webp: Uint8Array): { flags: number; width: number; height: number } {
  const [first] = walkWebpChunks(webp);
  if (first?.fourcc !== 'VP8X') throw new Error(`first chunk is ${first?.fourcc}`);
  const d = webp.subarray(first.dataStart, first.dataEnd);
  const u24 = (at: number): number => (d[at] ?? 0) | ((d[at + 1] ?? 0) << 8) | ((d[at + 2] ?? 0) << 16);
  return { flags: d[0] ?? 0, width: u24(4) + 1, height: u24(7) + 1 };
}

const riffSizeOk = (webp: Uint8Array): boolean =>
  new DataView(webp.buffer, webp.byteOffset).getUint32(4, true) === webp.length - 8;

describe('WebP chunk writer', () => {
  it('turns a simple lossy (VP8) file into VP8X with the canvas size and the EXIF/XMP flags', async () => {
    expect(walkWebpChunks(images.webpLossy)[0]?.fourcc).toBe('VP8 ');
    const out = setWebpMetadata(images.webpLossy, { exif: text('MM\0*'), xmp: text('<x/>') });
    expect(vp8x(out)).toEqual({ flags: VP8X_FLAG_EXIF | VP8X_FLAG_XMP, width: 24, height: 16 });
    expect(walkWebpChunks(out).map((c) => c.fourcc)).toEqual(['VP8X', 'VP8 ', 'EXIF', 'XMP ']);
    expect(riffSizeOk(out)).toBe(true);
    expect(await decodedSize(out)).toEqual({ width: 24, height: 16 });
  });

  it('keeps the alpha flag of a lossless (VP8L) image with alpha, and of an existing VP8X', async () => {
    const rgba = await import('sharp').then(({ default: sharp }) =>
      sharp({ create: { width: 5, height: 3, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } } })
        .webp({ lossless: true })
        .toBuffer(),
    );
    expect(walkWebpChunks(rgba)[0]?.fourcc).toBe('VP8L');
    const fromVp8l = setWebpMetadata(rgba, { xmp: text('<x/>') });
    expect(vp8x(fromVp8l)).toEqual({ flags: VP8X_FLAG_ALPHA | VP8X_FLAG_XMP, width: 5, height: 3 });
    const fromVp8x = setWebpMetadata(images.webpAlpha, { exif: text('odd') });
    expect(vp8x(fromVp8x).flags).toBe(VP8X_FLAG_ALPHA | VP8X_FLAG_EXIF);
    expect(await decodedSize(fromVp8l)).toEqual({ width: 5, height: 3 });
  });

  it('pads odd-sized chunks, replaces and removes metadata, and keeps trailing unknown chunks in place', () => {
    const withTail = Uint8Array.from(images.webpLossy);
    const c2pa = encodeRiffChunk('C2PA', text('jumbf'));
    const grown = concatBytes([withTail, c2pa]);
    new DataView(grown.buffer).setUint32(4, grown.length - 8, true);
    const once = setWebpMetadata(grown, { exif: text('abc'), xmp: text('<x/>') });
    const exif = walkWebpChunks(once).find((c) => c.fourcc === 'EXIF');
    expect(exif && exif.end - exif.dataStart).toBe(4); // 3 bytes + 1 pad
    expect(walkWebpChunks(once).map((c) => c.fourcc)).toEqual(['VP8X', 'VP8 ', 'EXIF', 'XMP ', 'C2PA']);
    const removed = setWebpMetadata(once, { exif: null });
    expect(walkWebpChunks(removed).map((c) => c.fourcc)).toEqual(['VP8X', 'VP8 ', 'XMP ', 'C2PA']);
    expect(vp8x(removed).flags).toBe(VP8X_FLAG_XMP);
    expect(riffSizeOk(removed)).toBe(true);
  });

  it('reports damaged files as CORRUPT_FILE', () => {
    const code = (bytes: Uint8Array): string | undefined => {
      try {
        setWebpMetadata(bytes, { xmp: text('x') });
      } catch (error) {
        return isProvenaError(error) ? error.code : 'other';
      }
      return undefined;
    };
    expect(code(text('RIFF\0\0\0\0WEBX'))).toBe('CORRUPT_FILE');
    expect(code(images.webpLossy.subarray(0, 30))).toBe('CORRUPT_FILE');
    const badVp8 = Uint8Array.from(images.webpLossy);
    badVp8[23] = 0; // the VP8 start code
    expect(code(badVp8)).toBe('CORRUPT_FILE');
  });
});
