import { describe, expect, it } from 'vitest';
import { blockAverage, thumbhashOf, thumbhashToRaster } from './placeholder.ts';

/** An RGBA image from a pixel function. */
const image = (width: number, height: number, at: (x: number, y: number) => [number, number, number, number]) => {
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgba.set(at(x, y), (y * width + x) * 4);
  return { width, height, rgba };
};

describe('blockAverage', () => {
  it('averages blocks down to at most 32 px, partial edge blocks included', () => {
    const small = blockAverage(image(100, 40, (x) => (x < 50 ? [200, 0, 0, 255] : [0, 0, 200, 255])));
    // f = ⌈100 / 32⌉ = 4: 25 × 10 blocks.
    expect(small).toMatchObject({ width: 25, height: 10, channels: 4 });
    expect([...small.pixels.subarray(0, 4)]).toEqual([200, 0, 0, 255]);
    expect([...small.pixels.subarray(24 * 4, 25 * 4)]).toEqual([0, 0, 200, 255]);
    // 513 wide: f = 17, the last block is 3 px wide and still gets its own samples.
    const odd = blockAverage(image(513, 20, (x) => (x >= 510 ? [0, 255, 0, 255] : [0, 0, 0, 255])));
    expect(odd.width).toBe(31);
    expect([...odd.pixels.subarray(30 * 4, 31 * 4)]).toEqual([0, 255, 0, 255]);
  });

  it('weights colour by alpha, so transparent pixels do not tint a block', () => {
    // Each 2 × 1 pair: an opaque red pixel beside a transparent green one.
    const out = blockAverage(
      image(64, 1, (x) => (x % 2 === 0 ? [255, 0, 0, 255] : [0, 255, 0, 0])),
      32,
    );
    expect([...out.pixels.subarray(0, 4)]).toEqual([255, 0, 0, 128]);
    const clear = blockAverage(image(8, 8, () => [9, 9, 9, 0]));
    expect([...clear.pixels.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
  });

  it('leaves images within the size alone', () => {
    const source = image(3, 2, (x, y) => [x * 10, y * 10, 7, 255]);
    expect(blockAverage(source).pixels.equals(source.rgba)).toBe(true);
  });
});

describe('thumbhashOf', () => {
  it('encodes the colours and aspect ratio of a large image', () => {
    const value = thumbhashOf(image(512, 256, (x) => (x < 256 ? [230, 20, 20, 255] : [20, 20, 230, 255])));
    const back = thumbhashToRaster(value);
    expect(back.aspectRatio).toBeCloseTo(2, 0);
    const left = back.pixels.subarray(4, 8);
    const right = back.pixels.subarray((back.width - 2) * 4, (back.width - 1) * 4);
    expect(left[0]).toBeGreaterThan(left[2] ?? 0);
    expect(right[2]).toBeGreaterThan(right[0] ?? 0);
  });
});
