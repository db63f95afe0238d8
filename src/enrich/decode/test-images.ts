/**
 * Test support (not a test): the degenerate and awkward images of the enrichment brief, generated with sharp so
 * that the suites need no fixture files. Each writer returns the path of a new file in `dir`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

type Colour = { r: number; g: number; b: number; alpha?: number };

const solid = (width: number, height: number, background: Colour, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background } });

/** Writes bytes under `name` in `dir` and returns the path. */
export const put = async (dir: string, name: string, bytes: Uint8Array): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
};

export const testImages = {
  /** Left half red, right half blue. */
  halves: async (dir: string, width = 64, height = 32): Promise<string> => {
    const raw = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) raw.set(x < width / 2 ? [255, 0, 0] : [0, 0, 255], (y * width + x) * 3);
    }
    const bytes = await sharp(raw, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer();
    return put(dir, `halves-${width}x${height}.png`, bytes);
  },

  onePixel: async (dir: string): Promise<string> =>
    put(dir, 'one-pixel.png', await solid(1, 1, { r: 10, g: 200, b: 30 }).png().toBuffer()),

  /** A very long, one-pixel-high strip (100,000 × 1 by default). */
  strip: async (dir: string, width = 100_000, height = 1): Promise<string> =>
    put(dir, `strip-${width}x${height}.png`, await solid(width, height, { r: 250, g: 200, b: 0 }).png().toBuffer()),

  transparent: async (dir: string): Promise<string> =>
    put(dir, 'transparent.png', await solid(40, 30, { r: 0, g: 0, b: 0, alpha: 0 }, 4).png().toBuffer()),

  /** A CMYK JPEG of a solid colour given in sRGB (sharp converts on the way out). */
  cmykJpeg: async (dir: string, colour: Colour = { r: 255, g: 0, b: 0 }): Promise<string> =>
    put(dir, 'cmyk.jpg', await solid(48, 32, colour).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer()),

  /** A 16-bit RGB PNG whose every sample is `value16` (0..65535). */
  png16: async (dir: string, value16 = 128 * 257, width = 20, height = 10): Promise<string> => {
    const samples = new Uint16Array(width * height * 3).fill(value16);
    // sharp takes the sample depth from the typed array: a Uint16Array is read as 16-bit.
    const bytes = await sharp(samples, { raw: { width, height, channels: 3 } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    return put(dir, 'sixteen-bit.png', bytes);
  },

  /** An animated image whose frames are red, green, blue (format 'gif' or 'webp'). */
  animated: async (dir: string, format: 'gif' | 'webp', size = 24): Promise<string> => {
    const frames = [
      { r: 255, g: 0, b: 0 },
      { r: 0, g: 255, b: 0 },
      { r: 0, g: 0, b: 255 },
    ];
    const raw = Buffer.concat(await Promise.all(frames.map((c) => solid(size, size, c).raw().toBuffer())));
    const animation = sharp(raw, { raw: { width: size, height: size * frames.length, channels: 3, pageHeight: size } });
    const bytes =
      format === 'gif'
        ? await animation.gif({ delay: [100, 100, 100], loop: 0 }).toBuffer()
        : await animation.webp({ lossless: true, delay: [100, 100, 100], loop: 0 }).toBuffer();
    return put(dir, `animated.${format}`, bytes);
  },

  /** An indexed-colour (palette) PNG with a transparent background and a solid green square. */
  palettePng: async (dir: string): Promise<string> => {
    const square = await solid(16, 16, { r: 0, g: 160, b: 0 }).png().toBuffer();
    const bytes = await solid(32, 32, { r: 0, g: 0, b: 0, alpha: 0 }, 4)
      .composite([{ input: square, left: 8, top: 8 }])
      .png({ palette: true, colours: 4 })
      .toBuffer();
    return put(dir, 'palette.png', bytes);
  },

  /** A grey JPEG with EXIF orientation 6 (display rotated 90° clockwise): stored 40 × 20, shown 20 × 40. */
  rotatedJpeg: async (dir: string): Promise<string> => {
    const top = await solid(40, 10, { r: 255, g: 0, b: 0 }).png().toBuffer();
    const bytes = await solid(40, 20, { r: 0, g: 0, b: 255 })
      .composite([{ input: top, left: 0, top: 0 }])
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 95 })
      .toBuffer();
    return put(dir, 'rotated.jpg', bytes);
  },

  /** A greyscale PNG with alpha. */
  greyAlpha: async (dir: string): Promise<string> =>
    put(
      dir,
      'grey-alpha.png',
      await solid(10, 10, { r: 90, g: 90, b: 90, alpha: 0.5 }, 4).toColourspace('b-w').png().toBuffer(),
    ),

  /** A larger, textured photo-like PNG (deterministic noise over gradients). */
  textured: async (dir: string, width = 1024, height = 1024, seed = 1): Promise<string> => {
    const noise = await sharp({
      create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } },
    })
      .raw()
      .toBuffer();
    for (let p = 0, y = 0; y < height; y++) {
      for (let x = 0; x < width; x++, p += 3) {
        noise[p] = ((noise[p] ?? 0) + x / 4 + seed * 40) & 255;
        noise[p + 2] = ((noise[p + 2] ?? 0) + y / 4) & 255;
      }
    }
    const bytes = await sharp(noise, { raw: { width, height, channels: 3 } })
      .blur(1.5)
      .png()
      .toBuffer();
    return put(dir, `textured-${width}x${height}-${seed}.png`, bytes);
  },
};
