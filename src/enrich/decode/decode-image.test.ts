import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProvenaError } from '../../domain/errors.ts';
import { decodeBase, decodeImage, readSourceFacts, translateDecodeError, type DecodedAsset } from './decode-image.ts';
import { put, testImages } from './test-images.ts';

const limit = { limitInputPixels: 200_000_000 };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provena-decode-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** RGBA of pixel (x, y) of the working image. */
const pixel = (decoded: DecodedAsset, x: number, y: number): number[] => {
  const at = (y * decoded.image.width + x) * 4;
  return [...decoded.image.rgba.subarray(at, at + 4)];
};

const expectCode = async (promise: Promise<unknown>, code: string): Promise<ProvenaError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProvenaError);
  expect((error as ProvenaError).code).toBe(code);
  return error as ProvenaError;
};

describe('decodeImage', () => {
  it('decodes to 8-bit sRGB RGBA at full size when the image is small', async () => {
    const decoded = await decodeImage(await testImages.halves(dir), limit);
    expect(decoded.image).toMatchObject({ width: 64, height: 32, originalWidth: 64, originalHeight: 32, channels: 4 });
    expect(decoded.image.rgba.length).toBe(64 * 32 * 4);
    expect(pixel(decoded, 0, 0)).toEqual([255, 0, 0, 255]);
    expect(pixel(decoded, 63, 31)).toEqual([0, 0, 255, 255]);
    expect(decoded.source).toMatchObject({ format: 'png', width: 64, height: 32, hasAlpha: false, frames: 1 });
    expect(decoded.scaled).toMatchObject({ width: 64, height: 32, channels: 3 });
  });

  it('scales the source in one step, as sharp resizes the file itself, with an RGB twin for the thumbnail', async () => {
    for (const [path, width, height] of [
      [await testImages.textured(dir, 1600, 1200, 5), 256, 192],
      [await testImages.textured(dir, 700, 1000, 8), 179, 256],
      [await testImages.transparent(dir), undefined, undefined],
    ] as const) {
      const decoded = await decodeImage(path, limit);
      const { image } = decoded;
      if (width !== undefined) expect([image.width, image.height], path).toEqual([width, height]);
      const reference = await sharp(path)
        .resize(image.width, image.height, { fit: 'fill' })
        .ensureAlpha()
        .raw()
        .toBuffer();
      expect(Buffer.from(image.rgba).equals(reference), path).toBe(true);
      // The scaled raster holds the same pixels, RGB when opaque.
      const { pixels, channels } = decoded.scaled;
      expect(decoded.scaled).toMatchObject({ width: image.width, height: image.height });
      for (const p of [0, 1, Math.floor(pixels.length / channels) - 1]) {
        expect([...pixels.subarray(p * channels, p * channels + 3)]).toEqual([
          ...image.rgba.subarray(p * 4, p * 4 + 3),
        ]);
      }
    }
  });

  it('scales large images to the working size, keeping the aspect ratio', async () => {
    const decoded = await decodeImage(await testImages.halves(dir, 2000, 1000), limit);
    expect(decoded.scaled).toMatchObject({ width: 256, height: 128, channels: 3 });
    expect(decoded.image).toMatchObject({ width: 256, height: 128, originalWidth: 2000, originalHeight: 1000 });
    expect(pixel(decoded, 10, 10)).toEqual([255, 0, 0, 255]);
    expect(pixel(decoded, 250, 10)).toEqual([0, 0, 255, 255]);

    const custom = await decodeImage(await testImages.halves(dir, 2000, 1000), {
      ...limit,
      workingSize: 224,
    });
    const base = await decodeBase(await testImages.halves(dir, 2000, 1000), { ...limit, baseSize: 300 });
    expect(base.base).toMatchObject({ width: 300, height: 150 });
    expect(custom.image).toMatchObject({ width: 224, height: 112 });
  });

  it('accepts a buffer as well as a path', async () => {
    const bytes = await readFile(await testImages.halves(dir));
    const decoded = await decodeImage(bytes, limit);
    expect(pixel(decoded, 0, 0)).toEqual([255, 0, 0, 255]);
  });

  it('decodes a 1 × 1 image', async () => {
    const decoded = await decodeImage(await testImages.onePixel(dir), limit);
    expect(decoded.image).toMatchObject({ width: 1, height: 1 });
    expect(pixel(decoded, 0, 0)).toEqual([10, 200, 30, 255]);
  });

  it('keeps at least one pixel on the short side of a 100,000 × 1 strip, both ways round', async () => {
    const wide = await decodeImage(await testImages.strip(dir), limit);
    expect(wide.source).toMatchObject({ width: 100_000, height: 1 });
    expect(wide.image).toMatchObject({ width: 256, height: 1 });
    expect(pixel(wide, 100, 0)).toEqual([250, 200, 0, 255]);

    const tall = await decodeImage(await testImages.strip(dir, 1, 100_000), limit);
    expect(tall.image).toMatchObject({ width: 1, height: 256 });
  });

  it('keeps an opaque image with an alpha channel as RGB, and one with any transparency as RGBA', async () => {
    const opaque = await sharp({
      create: { width: 30, height: 20, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 1 } },
    })
      .png()
      .toBuffer();
    const decoded = await decodeImage(opaque, limit);
    expect(decoded.source.hasAlpha).toBe(true);
    expect(decoded.scaled.channels).toBe(3);
    expect([...decoded.scaled.pixels.subarray(0, 3)]).toEqual([1, 2, 3]);
    expect(pixel(decoded, 29, 19)).toEqual([1, 2, 3, 255]);

    const raw = Buffer.alloc(30 * 20 * 4, 255);
    raw[(5 * 30 + 7) * 4 + 3] = 0; // one transparent pixel
    const holed = await decodeImage(
      await sharp(raw, { raw: { width: 30, height: 20, channels: 4 } })
        .png()
        .toBuffer(),
      limit,
    );
    expect(holed.scaled.channels).toBe(4);
    expect(pixel(holed, 7, 5)[3]).toBe(0);
  });

  it('decodes a fully transparent image', async () => {
    const decoded = await decodeImage(await testImages.transparent(dir), limit);
    expect(decoded.source.hasAlpha).toBe(true);
    const alphas = decoded.image.rgba.filter((_, i) => i % 4 === 3);
    expect(alphas.every((a) => a === 0)).toBe(true);
  });

  it('converts a CMYK JPEG to sRGB', async () => {
    const decoded = await decodeImage(await testImages.cmykJpeg(dir), limit);
    expect(decoded.source.colourSpace).toBe('cmyk');
    const [r, g, b, a] = pixel(decoded, 20, 10);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(80);
    expect(b).toBeLessThan(80);
    expect(a).toBe(255);
  });

  it('scales 16-bit samples down to 8 bits instead of clipping them', async () => {
    const decoded = await decodeImage(await testImages.png16(dir, 128 * 257), limit);
    expect(decoded.source.bitDepth).toBe(16);
    const [r, g, b] = pixel(decoded, 3, 3);
    for (const v of [r, g, b]) expect(Math.abs((v ?? 0) - 128)).toBeLessThanOrEqual(1);
    const white = await decodeImage(await testImages.png16(dir, 65535), limit);
    expect(pixel(white, 0, 0)).toEqual([255, 255, 255, 255]);
  });

  it.each(['gif', 'webp'] as const)('takes the first frame of an animated %s', async (format) => {
    const decoded = await decodeImage(await testImages.animated(dir, format), limit);
    expect(decoded.source.frames).toBe(3);
    expect(decoded.image).toMatchObject({ width: 24, height: 24, originalHeight: 24 });
    const [r, g, b] = pixel(decoded, 12, 12);
    expect(r).toBeGreaterThan(230);
    expect(g).toBeLessThan(30);
    expect(b).toBeLessThan(30);
  });

  it('expands a palette PNG with transparency', async () => {
    const path = await testImages.palettePng(dir);
    const decoded = await decodeImage(path, limit);
    expect(decoded.source.isPalette).toBe(true);
    expect(pixel(decoded, 0, 0)[3]).toBe(0);
    const [r, g, b, a] = pixel(decoded, 16, 16);
    expect(a).toBe(255);
    expect(g).toBeGreaterThan(120);
    expect((r ?? 0) + (b ?? 0)).toBeLessThan(60);
  });

  it('decodes greyscale with alpha to RGBA', async () => {
    const decoded = await decodeImage(await testImages.greyAlpha(dir), limit);
    const [r, g, b, a] = pixel(decoded, 5, 5);
    expect(r).toBe(g);
    expect(g).toBe(b);
    expect(Math.abs((r ?? 0) - 90)).toBeLessThanOrEqual(2);
    expect(Math.abs((a ?? 0) - 128)).toBeLessThanOrEqual(1);
  });

  it('applies EXIF orientation', async () => {
    const decoded = await decodeImage(await testImages.rotatedJpeg(dir), limit);
    expect(decoded.source).toMatchObject({ orientation: 6, width: 20, height: 40 });
    expect(decoded.image).toMatchObject({ width: 20, height: 40, originalWidth: 20, originalHeight: 40 });
    // The red band along the stored top edge is on the right once turned 90° clockwise.
    expect(pixel(decoded, 18, 20)[0]).toBeGreaterThan(200);
    expect(pixel(decoded, 2, 20)[2]).toBeGreaterThan(200);
  });

  it('never alters the original file', async () => {
    const path = await testImages.cmykJpeg(dir);
    const before = await readFile(path);
    const beforeStat = await stat(path);
    await decodeImage(path, limit);
    const after = await readFile(path);
    expect(createHash('sha256').update(after).digest('hex')).toBe(createHash('sha256').update(before).digest('hex'));
    expect((await stat(path)).mtimeMs).toBe(beforeStat.mtimeMs);
  });
});

describe('decodeImage on bad input', () => {
  it('reports a truncated PNG as CORRUPT_FILE', async () => {
    const bytes = await readFile(await testImages.textured(dir, 256, 256));
    const error = await expectCode(
      decodeImage(await put(dir, 'cut.png', bytes.subarray(0, bytes.length / 2)), limit),
      'CORRUPT_FILE',
    );
    expect(error.message).toMatch(/damaged or truncated/);
  });

  it('reports a truncated JPEG as CORRUPT_FILE', async () => {
    const bytes = await sharp({
      create: {
        width: 300,
        height: 300,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 30 },
      },
    })
      .jpeg()
      .toBuffer();
    await expectCode(
      decodeImage(await put(dir, 'cut.jpg', bytes.subarray(0, bytes.length / 2)), limit),
      'CORRUPT_FILE',
    );
  });

  it('reports a PNG with a damaged header as CORRUPT_FILE or UNSUPPORTED_MEDIA_TYPE, never a crash', async () => {
    const bytes = Buffer.from(await readFile(await testImages.halves(dir)));
    bytes.fill(0xff, 12, 30); // inside IHDR
    const error = await decodeImage(await put(dir, 'bad-header.png', bytes), limit).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvenaError);
    expect(['CORRUPT_FILE', 'UNSUPPORTED_MEDIA_TYPE']).toContain((error as ProvenaError).code);
  });

  it('refuses bytes that are no image', async () => {
    await expectCode(
      decodeImage(await put(dir, 'text.png', Buffer.from('hello, not an image')), limit),
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('refuses an empty file and a missing one', async () => {
    await expectCode(decodeImage(await put(dir, 'empty.png', new Uint8Array()), limit), 'EMPTY_FILE');
    await expectCode(decodeImage(new Uint8Array(), limit), 'EMPTY_FILE');
    await expectCode(decodeImage(join(dir, 'nope.png'), limit), 'NOT_FOUND');
    await expectCode(decodeImage(dir, limit), 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses an image over the pixel limit before decoding it', async () => {
    const error = await expectCode(
      decodeImage(await testImages.halves(dir, 200, 100), { limitInputPixels: 19_999 }),
      'IMAGE_TOO_LARGE',
    );
    expect(error.details).toEqual({ width: 200, height: 100, limit: 19_999 });
    await expect(
      decodeImage(await testImages.halves(dir, 200, 100), { limitInputPixels: 20_000 }),
    ).resolves.toBeDefined();
  });

  it('refuses a decompression bomb from its header, without allocating its pixels', async () => {
    // A hand-made PNG that claims 60,000 × 60,000 pixels (3.6 G) in a few dozen bytes.
    const crcTable = Array.from({ length: 256 }, (_, n) => {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      return c >>> 0;
    });
    const crc32 = (bytes: Buffer) => {
      let c = 0xffffffff;
      for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
      return (c ^ 0xffffffff) >>> 0;
    };
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const out = Buffer.alloc(body.length + 8);
      out.writeUInt32BE(data.length, 0);
      body.copy(out, 4);
      out.writeUInt32BE(crc32(body), body.length + 4);
      return out;
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(60_000, 0);
    ihdr.writeUInt32BE(60_000, 4);
    ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
    const bomb = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    const error = await expectCode(decodeImage(bomb, { limitInputPixels: 100_000_000 }), 'IMAGE_TOO_LARGE');
    expect(error.details).toMatchObject({ width: 60_000, height: 60_000 });
  });

  it('refuses SVG unless asked for', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"/></svg>',
    );
    const path = await put(dir, 'image.svg', svg);
    await expectCode(decodeImage(path, limit), 'UNSUPPORTED_MEDIA_TYPE');
    const decoded = await decodeImage(path, { ...limit, formats: ['svg'] });
    expect(decoded.image.width).toBe(10);
  });

  it('reads header facts without decoding pixels', async () => {
    const facts = await readSourceFacts(await testImages.animated(dir, 'gif'), limit);
    expect(facts).toMatchObject({ format: 'gif', width: 24, height: 24, frames: 3 });
  });

  it('rejects nonsensical sizes', async () => {
    await expect(decodeImage(await testImages.onePixel(dir), { ...limit, workingSize: 0 })).rejects.toThrow(RangeError);
  });
});

describe('translateDecodeError', () => {
  it.each([
    ['Input file contains unsupported image format', 'UNSUPPORTED_MEDIA_TYPE'],
    ['Input image exceeds pixel limit', 'IMAGE_TOO_LARGE'],
    ['heif: Unsupported feature: Unsupported codec (4.3000)', 'UNSUPPORTED_MEDIA_TYPE'],
    ['timeout: 12% complete', 'JOB_FAILED'],
    ['VipsJpeg: Premature end of input file\nvips2png: unable to write', 'CORRUPT_FILE'],
  ])('maps %j to %s', (message, code) => {
    const error = translateDecodeError(new Error(message));
    expect(error.code).toBe(code);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('keeps server paths out of the message', () => {
    const error = translateDecodeError(new Error('VipsForeignLoadPng: /srv/provena/staging/abc.tmp: read error'));
    expect(error.message).not.toContain('/srv');
    expect(error.message).toContain('<file>');
  });

  it('keeps a ProvenaError as it is', () => {
    const original = new ProvenaError('EMPTY_FILE', 'empty');
    expect(translateDecodeError(original)).toBe(original);
  });
});
