import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { photoLike, webPreset } from './export-test-support.ts';
import { renderPixels } from './render-pixels.ts';

/** What libvips writes when it transforms the pixels to the sRGB profile and attaches it (the general path). */
async function transformedToSrgb(source: Uint8Array, resize?: number): Promise<Buffer> {
  let image = sharp(source).autoOrient();
  if (resize !== undefined) image = image.resize({ width: resize, height: resize, fit: 'fill' });
  return image.withIccProfile('srgb').webp({ quality: 82, effort: 2 }).toBuffer();
}

const rendered = async (source: Uint8Array, preset = webPreset) => {
  const out = await renderPixels(source, 'image/png', preset, { maxPixels: 1e8 });
  if (out.kind !== 'rendered') throw new Error('expected a rendition');
  return out;
};

describe('renderPixels: the sRGB profile of a WebP', () => {
  it('for an 8-bit RGB original without a profile: the same bytes as the transform to sRGB, profile attached', async () => {
    const png = await photoLike(480, 320, 'png', { seed: 7 });
    const out = await rendered(png);
    expect(Buffer.from(out.bytes).equals(await transformedToSrgb(png))).toBe(true);
    expect((await sharp(out.bytes).metadata()).icc).toBeDefined();
  });

  it('the same bytes when the original is resized too', async () => {
    const png = await photoLike(900, 900, 'png', { seed: 8 });
    const out = await rendered(png);
    expect(out).toMatchObject({ width: 600, height: 600 });
    expect(Buffer.from(out.bytes).equals(await transformedToSrgb(png, 600))).toBe(true);
  });

  it('an original with an alpha channel still gets the profile', async () => {
    const png = await sharp({
      create: { width: 64, height: 48, channels: 4, background: { r: 20, g: 90, b: 200, alpha: 0.5 } },
    })
      .png()
      .toBuffer();
    const out = await rendered(png);
    const metadata = await sharp(out.bytes).metadata();
    expect(metadata).toMatchObject({ format: 'webp', hasAlpha: true });
    expect(metadata.icc).toBeDefined();
  });

  it('Display P3 is transformed, never attached to sRGB pixels', async () => {
    const png = await photoLike(120, 80, 'png', { seed: 9 });
    const out = await rendered(png, { ...webPreset, colourSpace: 'display-p3' });
    const p3 = await sharp(png).autoOrient().withIccProfile('p3').webp({ quality: 82, effort: 2 }).toBuffer();
    expect(Buffer.from(out.bytes).equals(p3)).toBe(true);
  });
});
