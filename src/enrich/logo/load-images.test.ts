import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { isProvenaError } from '../../domain/errors.ts';
import { detailImageFromBytes, detailImageFromFile, referenceImageFromBytes } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'provena-logo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const codeOf = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (isProvenaError(error) ? error.code : error),
  );

const badge = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><circle cx="40" cy="40" r="36" fill="#c0392b"/><rect x="84" y="20" width="30" height="40" fill="#2255aa"/></svg>',
);

describe('reference logo from bytes', () => {
  it('keeps transparency from PNG and rasterises SVG', async () => {
    const png = await sharp(badge).png().toBuffer();
    for (const bytes of [png, badge]) {
      const logo = await referenceImageFromBytes(bytes);
      expect(logo).toMatchObject({ width: 120, height: 80, channels: 4 });
      expect(logo.rgba.length).toBe(120 * 80 * 4);
      expect(logo.rgba[3]).toBe(0); // the corner is transparent
      const centre = (40 * 120 + 40) * 4;
      expect([...logo.rgba.subarray(centre, centre + 4)]).toEqual([0xc0, 0x39, 0x2b, 255]);
    }
  });

  it('gives an opaque JPEG full alpha', async () => {
    const jpeg = await sharp(badge).flatten({ background: '#ffffff' }).jpeg().toBuffer();
    const logo = await referenceImageFromBytes(jpeg);
    expect(logo.rgba[3]).toBe(255);
  });

  it('refuses bytes that are not an image, and an empty file, with a clear code', async () => {
    expect(await codeOf(referenceImageFromBytes(Buffer.from('%PDF-1.4 not a logo')))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await codeOf(referenceImageFromBytes(new Uint8Array(0)))).toBe('EMPTY_FILE');
    expect(await codeOf(referenceImageFromBytes(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"')))).not.toBe(
      'resolved',
    );
  });
});

describe('detail image from bytes or a file', () => {
  it('shrinks to the long edge and keeps the original size for boxes', async () => {
    const bytes = await sharp({ create: { width: 2000, height: 1000, channels: 4, background: '#33669980' } })
      .png()
      .toBuffer();
    const image = await detailImageFromBytes(bytes, 512);
    expect(image).toMatchObject({ width: 512, height: 256, channels: 3, originalWidth: 2000, originalHeight: 1000 });
    expect(image.rgb.length).toBe(512 * 256 * 3);
    const file = join(dir, 'wide.png');
    writeFileSync(file, bytes);
    expect(await detailImageFromFile(file, 1024)).toMatchObject({ width: 1024, height: 512, originalWidth: 2000 });
  });

  it('never enlarges a small picture', async () => {
    const bytes = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#808080' } })
      .jpeg()
      .toBuffer();
    expect(await detailImageFromBytes(bytes, 1024)).toMatchObject({ width: 300, height: 200, originalWidth: 300 });
  });

  it('refuses non-images, a missing file and a nonsense size', async () => {
    expect(await codeOf(detailImageFromBytes(Buffer.from('hello')))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await codeOf(detailImageFromFile(join(dir, 'absent.png')))).toBe('NOT_FOUND');
    expect(await codeOf(detailImageFromBytes(Buffer.from('hello'), 0))).toBe('VALIDATION_FAILED');
  });
});
