import { describe, expect, it } from 'vitest';
import { outlinedTextMask } from './outlined-text-mask.ts';

/** A grey canvas with rectangles painted on it. */
function canvas(width: number, height: number, background: number) {
  const grey = new Uint8Array(width * height).fill(background);
  const paint = (x: number, y: number, w: number, h: number, value: number) => {
    for (let row = y; row < y + h; row++) grey.fill(value, row * width + x, row * width + x + w);
  };
  const at = (x: number, y: number, pixels: Uint8Array) => pixels[y * width + x];
  return { grey, paint, at };
}

describe('outlined text mask', () => {
  it('keeps a light region ringed by a dark outline and drops a light region that only touches dark here and there', () => {
    const { grey, paint, at } = canvas(200, 200, 128);
    paint(10, 10, 24, 34, 10); // the outline
    paint(14, 14, 16, 26, 250); // the letter inside it
    paint(60, 10, 40, 40, 240); // a highlight in the photograph…
    paint(58, 10, 2, 10, 10); // …with a little shadow along part of one side
    const { pixels, regions } = outlinedTextMask(grey, 200, 200, 'light-on-dark');
    expect(regions).toBe(1);
    expect(at(20, 20, pixels)).toBe(0);
    expect(at(80, 30, pixels)).toBe(255);
    expect(at(11, 11, pixels)).toBe(255); // the outline itself is not letter
  });

  it('reads the other polarity: dark letters with a light outline', () => {
    const { grey, paint, at } = canvas(200, 200, 128);
    paint(10, 10, 30, 40, 250);
    paint(14, 14, 22, 32, 5);
    const light = outlinedTextMask(grey, 200, 200, 'light-on-dark');
    const dark = outlinedTextMask(grey, 200, 200, 'dark-on-light');
    expect(dark.regions).toBe(1);
    expect(at(20, 20, dark.pixels)).toBe(0);
    expect(light.regions).toBe(0);
  });

  it('drops regions cut by the frame, too small, or too large to be a letter', () => {
    const { grey, paint } = canvas(200, 200, 0);
    paint(0, 50, 20, 20, 255); // cut by the left edge
    paint(100, 100, 2, 2, 255); // a speck
    paint(20, 10, 150, 150, 255); // a panel, not a letter
    expect(outlinedTextMask(grey, 200, 200, 'light-on-dark').regions).toBe(0);
  });

  it('gives an empty mask for a flat picture and for a one-pixel one', () => {
    expect(outlinedTextMask(new Uint8Array(64 * 64).fill(200), 64, 64, 'light-on-dark').regions).toBe(0);
    expect(outlinedTextMask(new Uint8Array([255]), 1, 1, 'light-on-dark').regions).toBe(0);
  });
});
