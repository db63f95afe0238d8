import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { DecodedImage } from '../../domain/enrichment.ts';
import { queryHashes, storedHashes, storedHashesFromHex, storedHashesToHex } from './crop-probes.ts';
import { toGray } from './grayscale.ts';
import { hammingDistanceHex as distance } from './hash64.ts';
import { IntegralImage } from './integral-image.ts';
import { decodeForHashing } from './local-decode.ts';
import { dHash, lowFrequencyDct, pHash, perceptualHashes } from './perceptual-hash.ts';
import { compareWithStored } from '../similarity/near-duplicate.ts';

/** A small generated scene: the test makes its own inputs, so it needs no fixtures. */
function scene(seed: number, width = 480, height = 360): Promise<Buffer> {
  let a = seed;
  const r = (): number => (a = (a * 1103515245 + 12345) % 2147483648) / 2147483648;
  let body = `<rect width="${width}" height="${height}" fill="hsl(${r() * 360},50%,${20 + r() * 60}%)"/>`;
  for (let i = 0; i < 8; i++) {
    body += `<circle cx="${r() * width}" cy="${r() * height}" r="${20 + r() * 90}" fill="hsl(${r() * 360},70%,${10 + r() * 80}%)"/>`;
    body += `<rect x="${r() * width}" y="${r() * height}" width="${30 + r() * 120}" height="${30 + r() * 80}" fill="hsl(${r() * 360},60%,${10 + r() * 80}%)"/>`;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const hashesOf = async (buf: Buffer) => perceptualHashes(await decodeForHashing(buf));

const image = (
  width: number,
  height: number,
  fill: (x: number, y: number) => [number, number, number, number],
): DecodedImage => {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgba.set(fill(x, y), (y * width + x) * 4);
  return { width, height, originalWidth: width, originalHeight: height, channels: 4, rgba };
};

describe('perceptual hashes', () => {
  it('stay close under re-encoding, resizing and brightness, and far apart for different images', async () => {
    const originals = await Promise.all([1, 2, 3, 4, 5].map((s) => scene(s)));
    const base = await Promise.all(originals.map(hashesOf));
    for (const [i, original] of originals.entries()) {
      const copies = [
        await sharp(original).jpeg({ quality: 60 }).toBuffer(),
        await sharp(original).webp({ quality: 75 }).toBuffer(),
        await sharp(original).resize(200).png().toBuffer(),
        await sharp(original).modulate({ brightness: 1.1 }).png().toBuffer(),
      ];
      for (const copy of copies) {
        const h = await hashesOf(copy);
        expect(distance(h.dHash, base[i]!.dHash)).toBeLessThanOrEqual(6);
        expect(distance(h.pHash, base[i]!.pHash)).toBeLessThanOrEqual(6);
      }
    }
    for (let i = 0; i < base.length; i++) {
      for (let j = i + 1; j < base.length; j++) {
        expect(
          distance(base[i]!.dHash, base[j]!.dHash) + distance(base[i]!.pHash, base[j]!.pHash),
        ).toBeGreaterThanOrEqual(24);
      }
    }
  });

  it('are 16 lowercase hex characters and deterministic', async () => {
    const buf = await scene(9);
    const a = await hashesOf(buf);
    const b = await hashesOf(buf);
    expect(a).toEqual(b);
    expect(a.dHash).toMatch(/^[0-9a-f]{16}$/);
    expect(a.pHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('hash a flat image to zero instead of float noise, whatever its colour', () => {
    for (const grey of [0, 77, 255]) {
      const flat = image(37, 23, () => [grey, grey, grey, 255]);
      expect(dHash(flat)).toEqual({ hi: 0, lo: 0 });
      expect(pHash(flat)).toEqual({ hi: 0, lo: 0 });
    }
  });

  it('read left-to-right brightening as all dHash bits set', () => {
    const ramp = image(90, 40, (x) => [x * 2, x * 2, x * 2, 255]);
    expect(dHash(ramp)).toEqual({ hi: 0xffffffff, lo: 0xffffffff });
    const reversed = image(90, 40, (x) => [255 - x * 2, 255 - x * 2, 255 - x * 2, 255]);
    expect(dHash(reversed)).toEqual({ hi: 0, lo: 0 });
  });

  it('composite transparency over white', () => {
    const transparent = image(30, 30, (x) => (x < 15 ? [0, 0, 0, 255] : [12, 200, 40, 0]));
    const onWhite = image(30, 30, (x) => (x < 15 ? [0, 0, 0, 255] : [255, 255, 255, 255]));
    expect(perceptualHashes(transparent)).toEqual(perceptualHashes(onWhite));
  });

  it('reject a DecodedImage whose buffer does not match its dimensions', () => {
    const bad: DecodedImage = {
      width: 10,
      height: 10,
      originalWidth: 10,
      originalHeight: 10,
      channels: 4,
      rgba: new Uint8Array(399),
    };
    expect(() => perceptualHashes(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => perceptualHashes({ ...bad, width: 0, rgba: new Uint8Array(0) })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });

  it('work on a 1×1 image', () => {
    expect(perceptualHashes(image(1, 1, () => [10, 20, 30, 255]))).toEqual({
      dHash: '0000000000000000',
      pHash: '0000000000000000',
    });
  });
});

describe('lowFrequencyDct', () => {
  it('gives the textbook DCT-II of a 32×32 grid (its 8×8 lowest frequencies), grid after grid', () => {
    let state = 7;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 20; round++) {
      const grid = Float64Array.from({ length: 1024 }, () => random() * 255);
      const fast = Array.from(lowFrequencyDct(grid));
      for (let v = 0; v < 8; v++) {
        for (let u = 0; u < 8; u++) {
          let textbook = 0;
          for (let y = 0; y < 32; y++) {
            for (let x = 0; x < 32; x++) {
              textbook +=
                grid[y * 32 + x]! *
                Math.cos(((2 * x + 1) * u * Math.PI) / 64) *
                Math.cos(((2 * y + 1) * v * Math.PI) / 64);
            }
          }
          expect(fast[v * 8 + u]).toBeCloseTo(textbook, 8);
        }
      }
    }
  });
});

describe('IntegralImage', () => {
  it('builds the same table straight from RGBA as from the luma plane, transparent pixels included', () => {
    const img = image(61, 47, (x, y) => [
      (x * 37 + y * 11) % 256,
      (x * 5 + y) % 256,
      (y * 29) % 256,
      (x * y) % 7 === 0 ? (x * 13) % 256 : 255,
    ]);
    const fromImage = new IntegralImage(img);
    const fromPlane = new IntegralImage(toGray(img));
    for (const rect of [
      { left: 0, top: 0, right: 1, bottom: 1 },
      { left: 0.1, top: 0.05, right: 0.93, bottom: 0.9 },
    ]) {
      expect([...fromImage.grid(rect, 32, 32)]).toEqual([...fromPlane.grid(rect, 32, 32)]);
      expect([...fromImage.grid(rect, 9, 8)]).toEqual([...fromPlane.grid(rect, 9, 8)]);
    }
  });

  it('averages fractional rectangles exactly like a pixel-by-pixel area average', () => {
    const img = image(13, 7, (x, y) => [(x * 37 + y * 11) % 256, (x * 5) % 256, (y * 29) % 256, 255]);
    const gray = toGray(img);
    const integral = new IntegralImage(gray);
    const rect = { left: 0.13, top: 0.21, right: 0.87, bottom: 0.95 };
    const cols = 5;
    const rows = 3;
    const grid = integral.grid(rect, cols, rows);
    const x0 = rect.left * 13;
    const y0 = rect.top * 7;
    const cw = ((rect.right - rect.left) * 13) / cols;
    const ch = ((rect.bottom - rect.top) * 7) / rows;
    for (let j = 0; j < rows; j++) {
      for (let i = 0; i < cols; i++) {
        let sum = 0;
        for (let y = 0; y < 7; y++) {
          for (let x = 0; x < 13; x++) {
            const ox = Math.max(0, Math.min(x + 1, x0 + (i + 1) * cw) - Math.max(x, x0 + i * cw));
            const oy = Math.max(0, Math.min(y + 1, y0 + (j + 1) * ch) - Math.max(y, y0 + j * ch));
            sum += ox * oy * gray.data[y * 13 + x]!;
          }
        }
        expect(grid[j * cols + i]).toBeCloseTo(sum / (cw * ch), 9);
      }
    }
  });
});

describe('crop probes', () => {
  it('match a crop of up to 10 % per dimension in either upload order, while the direct hashes do not', async () => {
    const original = await scene(21, 600, 450);
    // 3 % off the left, 6 % off the right, 8 % off the top.
    const cropped = await sharp(original)
      .extract({ left: 18, top: 36, width: 600 - 18 - 36, height: 450 - 36 })
      .png()
      .toBuffer();
    const o = await decodeForHashing(original);
    const c = await decodeForHashing(cropped);
    const cropAfterOriginal = compareWithStored(queryHashes(c), storedHashes(o));
    const originalAfterCrop = compareWithStored(queryHashes(o), storedHashes(c));
    expect(cropAfterOriginal.verdict).toBe('near-duplicate');
    expect(cropAfterOriginal.distances.via).toBe('crop');
    expect(originalAfterCrop.verdict).toBe('near-duplicate');
    const unrelated = await decodeForHashing(await scene(22, 600, 450));
    expect(compareWithStored(queryHashes(unrelated), storedHashes(o)).verdict).not.toBe('near-duplicate');
  });
});

describe('stored hash form', () => {
  it('round-trips through hex and matches perceptualHashes for the whole image', async () => {
    const decoded = await decodeForHashing(await scene(31));
    const stored = storedHashes(decoded);
    const hex = storedHashesToHex(stored);
    expect(storedHashesFromHex(hex)).toEqual(stored);
    expect({ dHash: hex.dHash, pHash: hex.pHash }).toEqual(perceptualHashes(decoded));
    expect(hex.insetPHash).not.toBe(hex.pHash);
    expect(() => storedHashesFromHex({ ...hex, insetDHash: 'nope' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
