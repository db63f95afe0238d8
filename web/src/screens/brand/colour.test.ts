import { describe, expect, it } from 'vitest';
import { deltaE2000, hexToLab, hexToRgb, rgbToLab } from './colour.ts';

/** Sharma, Wu & Dalal (2005), Table 1: Lab pairs with their published CIEDE2000 differences. */
const sharma: [[number, number, number], [number, number, number], number][] = [
  [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
  [[50, 3.1571, -77.2803], [50, 0, -82.7485], 2.8615],
  [[50, 2.8361, -74.02], [50, 0, -82.7485], 3.4412],
  [[50, -1.3802, -84.2814], [50, 0, -82.7485], 1.0],
  [[50, 0, 0], [50, -1, 2], 2.3669],
  [[50, 2.49, -0.001], [50, -2.49, 0.0009], 7.1792],
  [[50, 2.49, -0.001], [50, -2.49, 0.001], 7.2195],
  [[50, -0.001, 2.49], [50, 0.0009, -2.49], 4.8045],
  [[50, 2.5, 0], [73, 25, -18], 27.1492],
  [[50, 2.5, 0], [50, 3.1736, 0.5854], 1.0],
  [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
  [[22.7233, 20.0904, -46.694], [23.0331, 14.973, -42.5619], 2.0373],
  [[90.8027, -2.0831, 1.441], [91.1528, -1.6435, 0.0447], 1.4441],
  [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082],
];
const lab = ([l, a, b]: [number, number, number]) => ({ l, a, b });

describe('deltaE2000', () => {
  it.each(sharma)('matches Sharma et al. for %j vs %j', (x, y, expected) => {
    expect(deltaE2000(lab(x), lab(y))).toBeCloseTo(expected, 4);
    expect(deltaE2000(lab(y), lab(x))).toBeCloseTo(expected, 4);
  });

  it('is zero for the same colour', () => {
    expect(deltaE2000(lab([40, 20, -30]), lab([40, 20, -30]))).toBe(0);
  });
});

describe('sRGB to Lab (D50)', () => {
  it('gives white, black and greys without hue', () => {
    expect(rgbToLab(255, 255, 255).l).toBeCloseTo(100, 3);
    expect(rgbToLab(0, 0, 0)).toEqual({ l: 0, a: 0, b: 0 });
    expect(rgbToLab(128, 128, 128)).toMatchObject({ a: 0, b: 0 });
  });

  it('matches the CSS Color 4 Lab of sRGB red (D50)', () => {
    const red = hexToLab('#ff0000')!;
    expect(red.l).toBeCloseTo(54.29, 1);
    expect(red.a).toBeCloseTo(80.8, 0);
    expect(red.b).toBeCloseTo(69.89, 0);
  });

  it('reads #rrggbb and refuses anything else', () => {
    expect(hexToRgb('#D62828')).toEqual([214, 40, 40]);
    expect(hexToRgb('d62828')).toBeUndefined();
    expect(hexToRgb('#fff')).toBeUndefined();
  });
});
