import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sampleJpeg, samplePng } from '../../test/bad-inputs.ts';
import { FileMediaInspector } from './media-inspector.ts';
import { fileReads } from '../../test/counted-reads.ts';

vi.mock('node:fs/promises', async (original) => (await import('../../test/counted-reads.ts')).countingReads(original));

const dir = mkdtempSync(join(tmpdir(), 'provena-inspector-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  fileReads.length = 0;
});

const inspector = new FileMediaInspector({ maxPixels: 100_000_000 });

/** Inspects bytes as intake hands them over: from a file, and in memory as well when they are small. */
async function inspect(bytes: Uint8Array, fileName: string, inMemory = false) {
  const path = join(dir, `f-${Math.random().toString(36).slice(2)}`);
  writeFileSync(path, bytes);
  return inspector.inspect({ path, size: bytes.length, ...(inMemory ? { bytes } : {}) }, fileName);
}

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('FileMediaInspector: the extension must name the detected type', () => {
  it('refuses an extension that no accepted type has, as it refuses another type’s', async () => {
    const png = await samplePng(1);
    await expect(inspect(png, 'lighthouse.foo')).rejects.toMatchObject({
      code: 'FILE_TYPE_MISMATCH',
      details: { fileName: 'lighthouse.foo', extension: 'foo', detected: 'image/png' },
      message: expect.stringContaining('.png') as unknown,
    });
    expect(await codeOf(inspect(png, 'lighthouse.exe'))).toBe('FILE_TYPE_MISMATCH');
    expect(await codeOf(inspect(png, 'lighthouse.png.html'))).toBe('FILE_TYPE_MISMATCH');
  });

  it('accepts a name without an extension, any case and every alias of the type', async () => {
    const png = await samplePng(2);
    const jpeg = await sampleJpeg(2);
    expect(await inspect(png, 'lighthouse')).toMatchObject({ mediaType: 'image/png' });
    expect(await inspect(png, '.lighthouse')).toMatchObject({ mediaType: 'image/png' });
    expect(await inspect(png, 'LIGHTHOUSE.PNG')).toMatchObject({ mediaType: 'image/png' });
    for (const ext of ['jpg', 'jpeg', 'jpe', 'jfif', 'JPG']) {
      expect(await inspect(jpeg, `lighthouse.${ext}`)).toMatchObject({ mediaType: 'image/jpeg' });
    }
  });

  it('accepts Matroska and FLAC under the media types the sniffer gives them', async () => {
    const ebml = (docType: string) => {
      const element = Buffer.concat([Buffer.from([0x42, 0x82, 0x80 | docType.length]), Buffer.from(docType)]);
      return Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x80 | element.length]), element, Buffer.alloc(64)]);
    };
    const flac = Buffer.concat([Buffer.from('fLaC'), Buffer.from([0x80, 0, 0, 34]), Buffer.alloc(34 + 64)]);
    expect(await inspect(ebml('matroska'), 'clip.mkv')).toEqual({ kind: 'video', mediaType: 'video/matroska' });
    expect(await inspect(ebml('webm'), 'clip.webm')).toEqual({ kind: 'video', mediaType: 'video/webm' });
    expect(await inspect(flac, 'take.flac')).toEqual({ kind: 'audio', mediaType: 'audio/flac' });
  });

  it('lets text be named as any text type, and nothing else', async () => {
    const text = Buffer.from('Summer launch copy: bright, warm, optimistic.\n');
    expect(await inspect(text, 'copy.txt')).toMatchObject({ kind: 'text', mediaType: 'text/plain' });
    expect(await inspect(text, 'copy.md')).toMatchObject({ kind: 'text', mediaType: 'text/markdown' });
    expect(await inspect(Buffer.from('{"a": 1}'), 'data.txt')).toMatchObject({ kind: 'text' });
    for (const name of ['copy.html', 'copy.svg', 'copy.csv', 'copy.js'])
      expect(await codeOf(inspect(text, name)), name).toBe('FILE_TYPE_MISMATCH');
  });
});

/** Writes a JPEG of `size` bytes as a sparse file: SOI, `APP15` segments whose payloads are holes, a frame, EOI. */
function sparseJpeg(size: number, scanBytes: number): string {
  const path = join(dir, `sparse-${size}.jpg`);
  const fd = openSync(path, 'w');
  const write = (bytes: number[] | Buffer, at: number) => {
    const buffer = Buffer.from(bytes);
    writeSync(fd, buffer, 0, buffer.length, at);
    return at + buffer.length;
  };
  let at = write([0xff, 0xd8], 0);
  const tail = 2048 + scanBytes;
  while (at + 65537 < size - tail) {
    write([0xff, 0xef, 0xff, 0xff], at);
    at += 65537;
  }
  // SOF0: 8-bit, 3000 × 2000, one component; DHT and SOS headers are not checked by a structural walk.
  at = write([0xff, 0xc0, 0, 11, 8, 0x07, 0xd0, 0x0b, 0xb8, 1, 1, 0x11, 0], at);
  at = write([0xff, 0xda, 0, 8, 1, 1, 0, 0, 0x3f, 0], at);
  // Entropy-coded data: zeros (a hole), a stuffed FF00 and a restart marker on the way.
  write([0xff, 0x00, 0x12, 0xff, 0xd0, 0x34], at + scanBytes / 2);
  write([0xff, 0xd9], size - 2);
  closeSync(fd);
  return path;
}

describe('FileMediaInspector: memory does not grow with the file', () => {
  it('walks a 200 MB JPEG of metadata segments and scan data in bounded reads', async () => {
    const size = 200 * 1024 * 1024;
    const path = sparseJpeg(size, 8 * 1024 * 1024);
    const info = await inspector.inspect({ path, size }, 'huge.jpg');
    expect(info).toEqual({ mediaType: 'image/jpeg', kind: 'image', width: 3000, height: 2000 });
    expect(Math.max(...fileReads)).toBeLessThanOrEqual(1024 * 1024);
  });

  it('still finds a JPEG cut inside its scan data', async () => {
    const size = 20 * 1024 * 1024;
    const path = sparseJpeg(size, 8 * 1024 * 1024);
    const cut = join(dir, 'cut.jpg');
    const fd = openSync(cut, 'w');
    closeSync(fd);
    const { truncate, copyFile } = await import('node:fs/promises');
    await copyFile(path, cut);
    await truncate(cut, size - 1024 * 1024);
    await expect(inspector.inspect({ path: cut, size: size - 1024 * 1024 }, 'cut.jpg')).rejects.toMatchObject({
      code: 'CORRUPT_FILE',
    });
  });
});

describe('FileMediaInspector: image sizes read from the headers', () => {
  const rgb = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: { r: 200, g: 60, b: 20 } } });
  const rgba = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 4, background: { r: 20, g: 60, b: 200, alpha: 0.5 } } });
  const animated = (format: 'gif' | 'webp') =>
    sharp(
      Buffer.concat([
        Buffer.alloc(31 * 17 * 4, 0x40),
        Buffer.alloc(31 * 17 * 4, 0xc0),
        Buffer.alloc(31 * 17 * 4, 0x80),
      ]),
      { raw: { width: 31, height: 17 * 3, channels: 4, pageHeight: 17 } },
    )[format]({ loop: 0 });

  const samples: Array<[string, () => Promise<Buffer>, string]> = [
    ['a PNG', () => rgb(321, 123).png().toBuffer(), 'x.png'],
    ['an interlaced PNG', () => rgba(77, 300).png({ progressive: true }).toBuffer(), 'x.png'],
    ['a baseline JPEG', () => rgb(321, 123).jpeg().toBuffer(), 'x.jpg'],
    ['a progressive JPEG', () => rgb(123, 321).jpeg({ progressive: true }).toBuffer(), 'x.jpg'],
    ['a lossy WebP', () => rgb(321, 123).webp().toBuffer(), 'x.webp'],
    ['a lossless WebP', () => rgb(123, 321).webp({ lossless: true }).toBuffer(), 'x.webp'],
    ['a WebP with alpha', () => rgba(99, 33).webp().toBuffer(), 'x.webp'],
    ['an animated WebP', () => animated('webp').toBuffer(), 'x.webp'],
    ['a GIF', () => rgb(321, 123).gif().toBuffer(), 'x.gif'],
    ['an animated GIF', () => animated('gif').toBuffer(), 'x.gif'],
    ['a TIFF', () => rgb(321, 123).tiff().toBuffer(), 'x.tiff'],
  ];
  for (const [name, make, fileName] of samples) {
    it(`measures ${name} as sharp does`, async () => {
      const bytes = await make();
      const { width, height } = await sharp(bytes).metadata();
      expect(await inspect(bytes, fileName)).toMatchObject({ width, height });
      expect(await inspect(bytes, fileName, true)).toMatchObject({ width, height });
    });
  }

  it('refuses a GIF whose frame is cut short, even when it ends with a trailer byte', async () => {
    const gif = await rgb(64, 64).gif().toBuffer();
    const cut = Buffer.concat([gif.subarray(0, gif.length >> 1), Buffer.from([0x3b])]);
    await expect(inspect(cut, 'cut.gif')).rejects.toMatchObject({ code: 'CORRUPT_FILE' });
  });

  it('refuses a WebP whose image header is missing', async () => {
    const webp = await rgb(64, 64).webp().toBuffer();
    const headerless = Buffer.from(webp.subarray(0, 20));
    headerless.writeUInt32LE(headerless.length - 8, 4);
    headerless.writeUInt32LE(0, 16);
    await expect(inspect(headerless, 'cut.webp')).rejects.toMatchObject({ code: 'CORRUPT_FILE' });
  });
});

describe('FileMediaInspector: damaged images', () => {
  const expectedCodes = ['CORRUPT_FILE', 'UNSUPPORTED_MEDIA_TYPE', 'FILE_TYPE_MISMATCH', 'IMAGE_TOO_LARGE'];
  const image = sharp({
    create: { width: 40, height: 30, channels: 4, background: { r: 9, g: 99, b: 199, alpha: 1 } },
  });
  const samples: Array<[string, () => Promise<Buffer>]> = [
    ['png', () => image.clone().png().toBuffer()],
    ['jpg', () => image.clone().jpeg().toBuffer()],
    ['webp', () => image.clone().webp().toBuffer()],
    ['gif', () => image.clone().gif().toBuffer()],
  ];
  for (const [ext, make] of samples) {
    it(`refuses a cut or bit-flipped .${ext} with a file error, never an internal one`, async () => {
      const bytes = await make();
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: bytes.length }),
          fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 })), { maxLength: 4 }),
          async (length, flips) => {
            const damaged = Buffer.from(bytes.subarray(0, length));
            for (const [at, mask] of flips) if (at < damaged.length) damaged[at]! ^= mask;
            const code = await codeOf(inspect(damaged, `damaged.${ext}`, true));
            if (code !== undefined) expect(expectedCodes).toContain(code);
          },
        ),
        { numRuns: 150 },
      );
    });
  }
});
