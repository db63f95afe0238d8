import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../decode/decode-image.ts';
import { testImages } from '../decode/test-images.ts';
import { thumbhashToRaster } from './placeholder.ts';
import { makeRenditions, renderPreview, type ImageRenditions, type RenditionFile } from './renditions.ts';
import { describeWith, sharedFixturesDir } from '../../../test/requirements.ts';

const limit = { limitInputPixels: 200_000_000 };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provena-renditions-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What an asset ends up with: the renditions of enrichment plus the preview made on first request. */
const render = async (path: string): Promise<ImageRenditions & { preview: RenditionFile }> => ({
  ...(await makeRenditions(await decodeImage(path, limit))),
  preview: await renderPreview(path, limit),
});

const previewOf = (result: { preview: RenditionFile }): RenditionFile => result.preview;

/** Checks the metadata against the bytes themselves and returns the decoded pixels. */
const check = async (file: RenditionFile) => {
  const meta = await sharp(file.bytes).metadata();
  expect(meta.format).toBe('webp');
  expect(file.rendition.mediaType).toBe('image/webp');
  expect(file.rendition.width).toBe(meta.width);
  expect(file.rendition.height).toBe(meta.height);
  expect(file.rendition.size).toBe(file.bytes.length);
  expect(file.rendition.sha256).toBe(createHash('sha256').update(file.bytes).digest('hex'));
  const { data, info } = await sharp(file.bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    meta,
    at: (x: number, y: number) => [...data.subarray((y * info.width + x) * 4, (y * info.width + x) * 4 + 4)],
  };
};

describe('makeRenditions', () => {
  it('makes a 256 px thumbnail and a 1024 px preview in WebP with the right pixels', async () => {
    const result = await render(await testImages.halves(dir, 2000, 1000));
    expect(result.thumbnail.rendition).toMatchObject({ role: 'thumbnail', width: 256, height: 128 });
    expect(previewOf(result).rendition).toMatchObject({ role: 'preview', width: 1024, height: 512 });
    const thumbnail = await check(result.thumbnail);
    const preview = await check(previewOf(result));
    expect(thumbnail.meta.hasAlpha).toBe(false);
    for (const [x, y] of [
      [20, 60],
      [60, 100],
    ] as const) {
      const [r, , b] = thumbnail.at(x, y);
      expect(r).toBeGreaterThan(200);
      expect(b).toBeLessThan(60);
    }
    expect(preview.at(900, 300)[2]).toBeGreaterThan(200);
    expect(result.signals).toMatchObject({ width: 2000, height: 1000, hasAlpha: false, transparentShare: 0 });
    expect(result.producer.model).toBe('sharp-webp');
  });

  it('never upscales a small image', async () => {
    const result = await render(await testImages.halves(dir, 64, 32));
    expect(result.thumbnail.rendition).toMatchObject({ width: 64, height: 32 });
    expect(previewOf(result).rendition).toMatchObject({ width: 64, height: 32 });
  });

  it('gives renditions of a 1 × 1 image', async () => {
    const result = await render(await testImages.onePixel(dir));
    await check(result.thumbnail);
    expect(previewOf(result).rendition).toMatchObject({ width: 1, height: 1 });
    expect(result.signals.placeholder?.value).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('keeps at least one pixel on each side of a 100,000 × 1 strip', async () => {
    const wide = await render(await testImages.strip(dir));
    expect(wide.thumbnail.rendition).toMatchObject({ width: 256, height: 1 });
    expect(previewOf(wide).rendition).toMatchObject({ width: 1024, height: 1 });
    await check(wide.thumbnail);
    await check(previewOf(wide));
    const tall = await render(await testImages.strip(dir, 1, 100_000));
    expect(tall.thumbnail.rendition).toMatchObject({ width: 1, height: 256 });
    expect(thumbhashToRaster(tall.signals.placeholder?.value ?? '').aspectRatio).toBeLessThan(0.5);
  });

  it('keeps transparency and reports the transparent share', async () => {
    const clear = await render(await testImages.transparent(dir));
    expect(clear.signals).toMatchObject({ hasAlpha: true, transparentShare: 1 });
    const thumbnail = await check(clear.thumbnail);
    expect(thumbnail.meta.hasAlpha).toBe(true);
    expect(thumbnail.at(5, 5)[3]).toBe(0);

    const palette = await render(await testImages.palettePng(dir));
    expect(palette.signals.transparentShare).toBeCloseTo(0.75, 2);
    const pixels = await check(previewOf(palette));
    expect(pixels.at(0, 0)[3]).toBe(0);
    expect(pixels.at(16, 16)[3]).toBe(255);
  });

  it.each([
    ['CMYK JPEG', () => testImages.cmykJpeg(dir)],
    ['16-bit PNG', () => testImages.png16(dir)],
    ['animated GIF', () => testImages.animated(dir, 'gif')],
    ['animated WebP', () => testImages.animated(dir, 'webp')],
    ['palette PNG', () => testImages.palettePng(dir)],
    ['EXIF-rotated JPEG', () => testImages.rotatedJpeg(dir)],
  ])('renders a %s as a still 8-bit sRGB WebP', async (_name, make) => {
    const result = await render(await make());
    for (const file of [result.thumbnail, previewOf(result)]) {
      const { meta } = await check(file);
      expect(meta.pages ?? 1).toBe(1);
      expect(meta.space).toBe('srgb');
      expect(meta.depth).toBe('uchar');
      expect(meta.exif).toBeUndefined();
    }
  });

  it('makes a ThumbHash that keeps the colours and the aspect ratio', async () => {
    const result = await render(await testImages.halves(dir, 400, 200));
    const placeholder = thumbhashToRaster(result.signals.placeholder?.value ?? '');
    expect(result.signals.placeholder?.kind).toBe('thumbhash');
    expect(placeholder.aspectRatio).toBeCloseTo(2, 0);
    const at = (x: number) => [...placeholder.pixels.subarray(x * 4, x * 4 + 3)];
    const [leftR, , leftB] = at(2);
    const [rightR, , rightB] = at(placeholder.width - 3);
    expect(leftR).toBeGreaterThan(leftB ?? 0);
    expect(rightB).toBeGreaterThan(rightR ?? 0);
  });

  it('is deterministic', async () => {
    const path = await testImages.textured(dir, 300, 200);
    const [a, b] = [await render(path), await render(path)];
    expect(a.thumbnail.rendition.sha256).toBe(b.thumbnail.rendition.sha256);
    expect(previewOf(a).rendition.sha256).toBe(previewOf(b).rendition.sha256);
    expect(a.signals).toEqual(b.signals);
  });

  it('makes the same preview from the file and from its bytes', async () => {
    const path = await testImages.halves(dir, 2000, 1000);
    const fromPath = await renderPreview(path, limit);
    const fromBytes = await renderPreview(await readFile(path), limit);
    expect(fromBytes.rendition).toEqual(fromPath.rendition);
  });

  it('cuts the thumbnail as a separate scale of the working image would (one pipeline, same pixels)', async () => {
    const decoded = await decodeImage(await testImages.textured(dir, 900, 600, 4), limit);
    const { thumbnail } = await makeRenditions(decoded);
    const { scaled } = decoded;
    const raster = await sharp(scaled.pixels, { raw: { width: scaled.width, height: scaled.height, channels: 3 } })
      .resize({ width: 256, height: 171, fit: 'fill' })
      .raw()
      .toBuffer();
    const separate = await sharp(raster, { raw: { width: 256, height: 171, channels: 3 } })
      .webp({ quality: 80, effort: 2 })
      .toBuffer();
    expect(thumbnail.rendition.sha256).toBe(createHash('sha256').update(separate).digest('hex'));
  });

  it('honours custom sizes', async () => {
    const path = await testImages.halves(dir, 2000, 1000);
    const result = await makeRenditions(await decodeImage(path, limit), { thumbnailSize: 100 });
    expect(result.thumbnail.rendition).toMatchObject({ width: 100, height: 50 });
    expect((await renderPreview(path, { ...limit, previewSize: 500 })).rendition).toMatchObject({
      width: 500,
      height: 250,
    });
  });
});

describeWith('sharedFixtures', 'originals with embedded provenance (../shared/fixtures)', () => {
  it.each(['c2pa_microsoft_bing_image_creator.jpg', 'c2pa_openai_dalle3_chatgpt.webp', 'a1111_parameters_text.png'])(
    'leaves %s byte-for-byte unchanged and keeps its metadata out of the renditions',
    async (name) => {
      const path = join(sharedFixturesDir, name);
      const before = createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
      const result = await render(path);
      expect(
        createHash('sha256')
          .update(await readFile(path))
          .digest('hex'),
      ).toBe(before);
      const meta = await sharp(previewOf(result).bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(previewOf(result).bytes.includes(Buffer.from('c2pa'))).toBe(false);
    },
  );
});
