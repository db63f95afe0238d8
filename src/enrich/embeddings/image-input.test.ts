import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecodedImage } from '../../domain/enrichment.ts';
import { axisTaps, flattenToRgb, resampleToRgbFloats } from './image-input.ts';
import { cosine, l2Normalise } from './vector-math.ts';

function image(width: number, height: number, pixel: (x: number, y: number) => number[]): DecodedImage {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgba.set(pixel(x, y), (y * width + x) * 4);
  return { width, height, originalWidth: width, originalHeight: height, channels: 4, rgba };
}

describe('axisTaps', () => {
  it('gives weights summing to 1 over in-range indices, for any down- or upscale', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 300 }), (source, target) => {
        const taps = axisTaps(source, target);
        expect(taps.length).toBe(target);
        for (const row of taps) {
          expect(row.reduce((sum, tap) => sum + tap.weight, 0)).toBeCloseTo(1, 9);
          for (const tap of row) expect(tap.index >= 0 && tap.index < source).toBe(true);
        }
      }),
    );
  });

  it('averages whole blocks on an exact 4× reduction', () => {
    expect(axisTaps(8, 2)).toEqual([
      [0, 1, 2, 3].map((index) => ({ index, weight: 0.25 })),
      [4, 5, 6, 7].map((index) => ({ index, weight: 0.25 })),
    ]);
  });
});

describe('resampleToRgbFloats', () => {
  it('averages a fine checkerboard to mid grey instead of aliasing', () => {
    const board = image(448, 448, (x, y) => ((x + y) % 2 === 0 ? [0, 0, 0, 255] : [255, 255, 255, 255]));
    const out = resampleToRgbFloats(board, 224, 224);
    for (const value of out) expect(value).toBeCloseTo(0.5, 5);
  });

  it('composites straight alpha over white', () => {
    const half = image(4, 4, () => [255, 0, 0, 128]);
    const out = resampleToRgbFloats(half, 2, 2);
    const a = 128 / 255;
    expect(out[0]).toBeCloseTo(1, 5);
    expect(out[1]).toBeCloseTo(1 - a, 5);
    expect(out[2]).toBeCloseTo(1 - a, 5);
    // Hidden colour under alpha 0 does not bleed into neighbours.
    const edge = image(2, 1, (x) => (x === 0 ? [0, 0, 255, 255] : [255, 0, 0, 0]));
    expect([...resampleToRgbFloats(edge, 1, 1)].map((v) => +v.toFixed(4))).toEqual([0.5, 0.5, 1]);
  });

  it('upscales small images without leaving the value range', () => {
    const tiny = image(3, 2, (x, y) => [x * 100, y * 200, 50, 255]);
    const out = resampleToRgbFloats(tiny, 224, 224);
    expect(out.length).toBe(224 * 224 * 3);
    expect(out.every((value) => value >= 0 && value <= 1)).toBe(true);
  });

  it('refuses malformed images', () => {
    const bad = { ...image(2, 2, () => [0, 0, 0, 255]), height: 3 };
    expect(() => resampleToRgbFloats(bad, 4, 4)).toThrow(/malformed/);
    expect(() => flattenToRgb({ ...bad, height: 0, rgba: new Uint8Array(0) })).toThrow(/malformed/);
    expect(() => flattenToRgb({ ...bad, width: 1e9, height: 1 })).toThrow(/malformed/);
  });
});

describe('flattenToRgb', () => {
  it('keeps opaque pixels and turns transparent ones white', () => {
    const img = image(2, 1, (x) => (x === 0 ? [10, 20, 30, 255] : [10, 20, 30, 0]));
    expect([...flattenToRgb(img)]).toEqual([10, 20, 30, 255, 255, 255]);
  });
});

describe('vector maths', () => {
  it('normalises to unit length and refuses the zero vector', () => {
    const v = l2Normalise(new Float32Array([3, 4]));
    expect([...v]).toEqual([0.6000000238418579, 0.800000011920929]);
    expect(() => l2Normalise(new Float32Array(3))).toThrow(/norm 0/);
  });

  it('computes cosine and refuses mismatched lengths', () => {
    expect(cosine(new Float32Array([1, 0]), new Float32Array([0, 2]))).toBe(0);
    expect(cosine(new Float32Array([1, 1]), new Float32Array([2, 2]))).toBeCloseTo(1, 6);
    expect(() => cosine(new Float32Array(2), new Float32Array(3))).toThrow(/lengths differ/);
  });
});
