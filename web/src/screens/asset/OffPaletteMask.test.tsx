/** The off-palette mask: pixels nearest an off-palette colour of the version's palette are marked, the rest clear. */
import { describe, expect, it } from 'vitest';
import { maskPixels } from './OffPaletteMask.tsx';

describe('maskPixels', () => {
  it('marks the pixels whose nearest palette colour the brand check counted off-palette', () => {
    // Four pixels: near red, near green, near red, pure green.
    const pixels = new Uint8ClampedArray([250, 10, 10, 255, 20, 240, 30, 255, 230, 0, 0, 255, 0, 255, 0, 255]);
    const marked = maskPixels(pixels, 2, ['#ff0000', '#00ff00'], new Set(['#00ff00']));
    expect(marked).toBe(2);
    const alpha = [pixels[3], pixels[7], pixels[11], pixels[15]];
    expect(alpha[0]).toBe(0);
    expect(alpha[2]).toBe(0);
    expect(alpha[1]).toBeGreaterThan(0);
    expect(alpha[3]).toBeGreaterThan(0);
  });

  it('marks nothing when no colour is off the palette', () => {
    const pixels = new Uint8ClampedArray([1, 2, 3, 255]);
    expect(maskPixels(pixels, 1, ['#010203'], new Set())).toBe(0);
    expect(pixels[3]).toBe(0);
  });
});
