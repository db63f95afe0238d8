import { describe, expect, it } from 'vitest';
import { colourFamilyOf } from './colour-family.ts';
import { colourFamilies } from './enrichment.ts';
import { hexToLab } from './lab.ts';

const family = (hex: string) => colourFamilyOf(hexToLab(hex));

describe('colourFamilyOf', () => {
  it.each([
    ['#ff0000', 'red'],
    ['#00ff00', 'green'],
    ['#0000ff', 'blue'],
    ['#00ffff', 'teal'],
    ['#ff00ff', 'pink'],
    ['#ffff00', 'yellow'],
    ['#000000', 'black'],
    ['#ffffff', 'white'],
    ['#808080', 'grey'],
    ['#7f7f7f', 'grey'],
    ['#c0c0c0', 'grey'],
    ['#101010', 'black'],
    ['#1a1a2e', 'black'],
    ['#f8f8f8', 'white'],
    ['#fffff0', 'white'],
    ['#708090', 'grey'],
    ['#8b4513', 'brown'],
    ['#964b00', 'brown'],
    ['#795548', 'brown'],
    ['#d2b48c', 'brown'],
    ['#c3b091', 'brown'],
    ['#ffc0cb', 'pink'],
    ['#ff69b4', 'pink'],
    ['#fa8072', 'pink'],
    ['#ff8c00', 'orange'],
    ['#ffa500', 'orange'],
    ['#ff6600', 'orange'],
    ['#ffcba4', 'orange'],
    ['#ffd700', 'yellow'],
    ['#e1ad01', 'yellow'],
    ['#000080', 'blue'],
    ['#191970', 'blue'],
    ['#87ceeb', 'blue'],
    ['#4682b4', 'blue'],
    ['#808000', 'green'],
    ['#556b2f', 'green'],
    ['#9caf88', 'green'],
    ['#008080', 'teal'],
    ['#40e0d0', 'teal'],
    ['#800080', 'purple'],
    ['#4b0082', 'purple'],
    ['#8f00ff', 'purple'],
    ['#c8a2c8', 'purple'],
    ['#dc143c', 'red'],
    ['#800000', 'red'],
    ['#800020', 'red'],
  ])('%s is %s', (hex, expected) => {
    expect(family(hex)).toBe(expected);
  });

  it('darkening orange gives brown and lightening red gives pink, along one hue', () => {
    expect(colourFamilyOf({ l: 65, a: 40, b: 70 })).toBe('orange');
    expect(colourFamilyOf({ l: 40, a: 25, b: 45 })).toBe('brown');
    expect(colourFamilyOf({ l: 50, a: 60, b: 40 })).toBe('red');
    expect(colourFamilyOf({ l: 75, a: 40, b: 25 })).toBe('pink');
  });

  it('treats low chroma as achromatic at any hue, split by lightness', () => {
    for (let h = 0; h < 360; h += 15) {
      const a = 8 * Math.cos((h * Math.PI) / 180);
      const b = 8 * Math.sin((h * Math.PI) / 180);
      expect(colourFamilyOf({ l: 10, a, b })).toBe('black');
      expect(colourFamilyOf({ l: 50, a, b })).toBe('grey');
      expect(colourFamilyOf({ l: 95, a, b })).toBe('white');
    }
  });

  it('answers a family for every sRGB colour on a coarse grid and for hostile input', () => {
    for (let r = 0; r < 256; r += 17)
      for (let g = 0; g < 256; g += 17)
        for (let b = 0; b < 256; b += 17) {
          const hex = '#' + [r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('');
          expect(colourFamilies).toContain(family(hex));
        }
    expect(colourFamilyOf({ l: Number.NaN, a: 0, b: 0 })).toBe('black');
    expect(colourFamilyOf({ l: 50, a: Infinity, b: 0 })).toBe('black');
  });
});
