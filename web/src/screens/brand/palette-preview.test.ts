import { describe, expect, it } from 'vitest';
import { classifyPixels, pixelClasses } from './palette-preview.ts';

/** RGBA bytes of the given pixels (opaque unless an alpha is given). */
const pixels = (...rgba: [number, number, number, number?][]) =>
  Uint8ClampedArray.from(rgba.flatMap(([r, g, b, a = 255]) => [r, g, b, a]));

const rule = {
  colours: [
    { name: 'Red', hex: '#d62828' },
    { name: 'Ink', hex: '#1d1d1b' },
  ],
  tolerance: 10,
  forbidden: [{ name: 'Competitor green', hex: '#00a651', tolerance: 12 }],
};

describe('the palette preview’s classification', () => {
  it('classes each pixel on palette, off palette or forbidden, with the shares', () => {
    const sample = pixels([214, 40, 40], [210, 44, 42], [29, 29, 27], [40, 90, 220], [0, 166, 81], [255, 255, 255, 0]);
    const result = classifyPixels(sample, rule);
    expect([...result.classes]).toEqual([
      pixelClasses.on,
      pixelClasses.on,
      pixelClasses.on,
      pixelClasses.off,
      pixelClasses.forbidden,
      pixelClasses.transparent,
    ]);
    // The transparent pixel takes no part.
    expect(result.onShare).toBeCloseTo(3 / 5);
    expect(result.offShare).toBeCloseTo(1 / 5);
    expect(result.forbiddenShare).toBeCloseTo(1 / 5);
    expect(result.byColour.map((c) => c.share)).toEqual([2 / 5, 1 / 5]);
  });

  it('takes in more pixels as the tolerance widens, as the slider does', () => {
    const orange = pixels([230, 90, 40]);
    expect(classifyPixels(orange, { ...rule, tolerance: 5 }).classes[0]).toBe(pixelClasses.off);
    expect(classifyPixels(orange, { ...rule, tolerance: 30 }).classes[0]).toBe(pixelClasses.on);
  });

  it('lets a forbidden colour win over a brand colour it is also near', () => {
    const result = classifyPixels(pixels([0, 160, 80]), {
      ...rule,
      colours: [{ name: 'Green', hex: '#00a050' }],
    });
    expect(result.classes[0]).toBe(pixelClasses.forbidden);
  });

  it('ignores colours that are not #rrggbb and answers zero shares for an empty sample', () => {
    const result = classifyPixels(new Uint8ClampedArray(0), { ...rule, colours: [{ name: 'bad', hex: 'red' }] });
    expect(result).toMatchObject({ onShare: 0, offShare: 0, forbiddenShare: 0 });
  });
});
