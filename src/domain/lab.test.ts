import { converter } from 'culori';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexToLab, labToHex, labToRgb, parseHex, rgbToHex, rgbToLab } from './lab.ts';

const culoriLab = converter('lab');
const culoriRgb = converter('rgb');

const channel = fc.integer({ min: 0, max: 255 });

describe('sRGB ↔ Lab (D50)', () => {
  it('agrees with culori lab (D50) for any 8-bit colour', () => {
    fc.assert(
      fc.property(channel, channel, channel, (r, g, b) => {
        const ours = rgbToLab(r, g, b);
        const theirs = culoriLab({ mode: 'rgb', r: r / 255, g: g / 255, b: b / 255 });
        expect(ours.l).toBeCloseTo(theirs.l, 6);
        expect(ours.a).toBeCloseTo(theirs.a, 6);
        expect(ours.b).toBeCloseTo(theirs.b, 6);
      }),
    );
  });

  it('gives the same value on the fractional (no lookup table) path', () => {
    fc.assert(
      fc.property(channel, channel, channel, (r, g, b) => {
        const exact = rgbToLab(r, g, b);
        const nudged = rgbToLab(r + 1e-9, g + 1e-9, b + 1e-9);
        expect(nudged.l).toBeCloseTo(exact.l, 5);
      }),
    );
  });

  it('round-trips every 8-bit colour through Lab to the same hex', () => {
    fc.assert(
      fc.property(channel, channel, channel, (r, g, b) => {
        expect(labToRgb(rgbToLab(r, g, b))).toEqual([r, g, b]);
      }),
    );
  });

  it('matches culori going back from Lab to sRGB', () => {
    const lab = { l: 54.29, a: 80.8, b: 69.89 };
    const theirs = culoriRgb({ mode: 'lab', ...lab });
    const [r, g, b] = labToRgb(lab);
    expect(r).toBe(Math.round(Math.min(1, theirs.r) * 255));
    expect(g).toBe(Math.round(Math.max(0, theirs.g) * 255));
    expect(b).toBe(Math.round(Math.max(0, theirs.b) * 255));
  });

  it('gives greys no hue', () => {
    for (const v of [0, 1, 77, 128, 254, 255]) {
      const lab = rgbToLab(v, v, v);
      expect(lab.a).toBe(0);
      expect(lab.b).toBe(0);
    }
    expect(rgbToLab(255, 255, 255).l).toBeCloseTo(100, 5);
    expect(rgbToLab(0, 0, 0).l).toBe(0);
  });

  it('clamps out-of-gamut Lab into sRGB', () => {
    expect(labToRgb({ l: 50, a: 200, b: -200 }).every((c) => c >= 0 && c <= 255)).toBe(true);
    expect(labToHex({ l: 120, a: 0, b: 0 })).toBe('#ffffff');
  });

  it('parses hex forms and refuses other text', () => {
    expect(parseHex('#FF6600')).toEqual([255, 102, 0]);
    expect(parseHex('f60')).toEqual([255, 102, 0]);
    expect(parseHex(' #abc ')).toEqual([170, 187, 204]);
    for (const bad of ['', '#12', '#12345', '#gg0000', 'red', '#1234567']) expect(parseHex(bad)).toBeUndefined();
    expect(() => hexToLab('red')).toThrow(RangeError);
    expect(rgbToHex(255, 102, 0)).toBe('#ff6600');
  });
});
