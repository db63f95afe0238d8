import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeDetail } from './detail-image.ts';

const limits = { limitInputPixels: 100_000_000 };

describe('detail-size decode', () => {
  it('shrinks to the long edge, never enlarges, and reports the original size', async () => {
    const wide = await sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    const detail = await decodeDetail(wide, 1024, limits);
    expect(detail).toMatchObject({ width: 1024, height: 341, channels: 3, originalWidth: 3000, originalHeight: 1000 });
    expect(detail.rgb).toHaveLength(1024 * 341 * 3);

    const small = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    expect(await decodeDetail(small, 2048, limits)).toMatchObject({ width: 300, height: 200 });
  });

  it('turns the picture as its EXIF orientation says, and flattens transparency onto white', async () => {
    // Stored 400 × 200, orientation 6 (rotate 90° clockwise): seen 200 × 400, the red half on the right side.
    const stored = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#0000ff' } })
      .composite([
        {
          input: { create: { width: 200, height: 200, channels: 3, background: '#ff0000' } },
          left: 0,
          top: 0,
        },
      ])
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const turned = await decodeDetail(stored, 1024, limits);
    expect(turned).toMatchObject({ width: 200, height: 400, originalWidth: 200, originalHeight: 400 });
    const at = (x: number, y: number) => [...turned.rgb.subarray((y * 200 + x) * 3, (y * 200 + x) * 3 + 3)];
    expect(at(150, 50)[0]).toBeGreaterThan(200); // top right: red
    expect(at(150, 350)[2]).toBeGreaterThan(200); // bottom right: blue

    const transparent = await sharp({ create: { width: 40, height: 40, channels: 4, background: '#00000000' } })
      .png()
      .toBuffer();
    const flat = await decodeDetail(transparent, 1024, limits);
    expect(flat.channels).toBe(3);
    expect([...flat.rgb.subarray(0, 3)]).toEqual([255, 255, 255]);
  });

  it('refuses a bad long edge, a picture over the pixel limit and bytes that are no image, with clear errors', async () => {
    const png = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    await expect(decodeDetail(png, 0, limits)).rejects.toThrow(RangeError);
    await expect(decodeDetail(png, 1024, { limitInputPixels: 5000 })).rejects.toMatchObject({
      code: 'IMAGE_TOO_LARGE',
    });
    await expect(decodeDetail(Buffer.from('not an image at all'), 1024, limits)).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
  });
});
