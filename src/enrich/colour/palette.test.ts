import { describe, expect, it } from 'vitest';
import { deltaE2000 } from '../../domain/delta-e.ts';
import { colourFamilies, type DecodedImage } from '../../domain/enrichment.ts';
import { hexToLab, parseHex } from '../../domain/lab.ts';
import { namedColours, nearestNamedColour } from './colour-names.ts';
import {
  colourHistogram,
  extractPalette,
  measureShareWithin,
  onPaletteShare,
  paletteBits,
  paletteSamples,
} from './palette.ts';

type Rgba = [number, number, number, number];

/** A width × height image whose pixel (x, y) is paint(x, y). */
const image = (width: number, height: number, paint: (x: number, y: number) => Rgba): DecodedImage => {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rgba.set(paint(x, y), (y * width + x) * 4);
  }
  return { width, height, originalWidth: width, originalHeight: height, channels: 4, rgba };
};

/** Deterministic pseudo-random numbers (mulberry32) so that "noise" images are the same on every run. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const RED: Rgba = [255, 0, 0, 255];
const BLUE: Rgba = [0, 0, 255, 255];

describe('extractPalette', () => {
  it('finds red and blue in equal shares in a half-red, half-blue image', () => {
    const palette = extractPalette(image(64, 32, (x) => (x < 32 ? RED : BLUE)));
    expect(palette).toHaveLength(2);
    const byHex = Object.fromEntries(palette.map((c) => [c.hex, c]));
    expect(byHex['#ff0000']?.share).toBeCloseTo(0.5, 3);
    expect(byHex['#0000ff']?.share).toBeCloseTo(0.5, 3);
    expect(byHex['#ff0000']?.name).toBe('red');
    expect(byHex['#0000ff']?.name).toBe('blue');
    const red = byHex['#ff0000']?.lab;
    expect(red?.l).toBeCloseTo(54.29, 1); // CIELAB D50 of sRGB red
    expect(red?.a).toBeCloseTo(80.8, 1);
  });

  it('samples large images without losing the shares', () => {
    const palette = extractPalette(image(512, 512, (x, y) => (x < 128 && y < 512 ? RED : BLUE)));
    expect(palette.map((c) => c.hex)).toEqual(['#0000ff', '#ff0000']);
    expect(palette[1]?.share).toBeCloseTo(0.25, 2);
    const histogram = colourHistogram(image(512, 512, () => RED));
    expect(histogram.totalWeight).toBeLessThanOrEqual(65_536);
    expect(
      colourHistogram(
        image(512, 512, () => RED),
        { maxSamples: Infinity },
      ).totalWeight,
    ).toBe(512 * 512);
  });

  it('orders colours by share and reports the shares', () => {
    const palette = extractPalette(
      image(100, 10, (x) => (x < 60 ? [255, 255, 0, 255] : x < 90 ? [0, 128, 0, 255] : [0, 0, 0, 255])),
    );
    expect(palette.map((c) => c.name)).toEqual(['yellow', 'green', 'black']);
    expect(palette.map((c) => c.share)).toEqual([0.6, 0.3, 0.1]);
  });

  it('ignores fully transparent pixels and weighs partly transparent ones by alpha', () => {
    const cutOut = extractPalette(image(10, 10, (x) => (x < 3 ? RED : [0, 255, 0, 0])));
    expect(cutOut).toHaveLength(1);
    expect(cutOut[0]?.hex).toBe('#ff0000');
    expect(cutOut[0]?.share).toBe(1);

    const faded = extractPalette(image(30, 1, (x) => (x < 10 ? RED : [0, 0, 255, 128])));
    const blue = faded.find((c) => c.hex === '#0000ff');
    expect(blue?.share).toBeCloseTo((20 * 128) / 255 / (10 + (20 * 128) / 255), 3);
  });

  it('returns an empty palette for a fully transparent image', () => {
    expect(extractPalette(image(16, 16, () => [12, 34, 56, 0]))).toEqual([]);
    expect(extractPalette(image(0, 0, () => RED))).toEqual([]);
  });

  it('merges colours no one could tell apart', () => {
    const palette = extractPalette(image(20, 20, (x) => (x % 2 ? [255, 0, 0, 255] : [253, 2, 1, 255])));
    expect(palette).toHaveLength(1);
    expect(palette[0]?.share).toBe(1);
  });

  it('gives 5 to 8 colours for a many-coloured image, summing to the whole, every time the same', () => {
    const next = random(42);
    const photo = image(256, 256, (x, y) => [
      Math.min(255, Math.round(x + 40 * next())),
      Math.min(255, Math.round(y * 0.6 + 30 * next())),
      Math.min(255, Math.round(255 - x * 0.5 + 20 * next())),
      255,
    ]);
    const palette = extractPalette(photo);
    expect(palette.length).toBeGreaterThanOrEqual(5);
    expect(palette.length).toBeLessThanOrEqual(8);
    expect(palette.reduce((sum, c) => sum + c.share, 0)).toBeCloseTo(1, 3);
    for (let i = 1; i < palette.length; i++) {
      expect(palette[i]?.share).toBeLessThanOrEqual(palette[i - 1]?.share ?? 1);
    }
    for (const c of palette) {
      expect(c.hex).toMatch(/^#[0-9a-f]{6}$/);
      expect(namedColours.some((n) => n.name === c.name)).toBe(true);
      // hex and Lab describe the same colour
      expect(deltaE2000(hexToLab(c.hex), c.lab)).toBeLessThan(1);
    }
    expect(extractPalette(photo)).toEqual(palette);
    expect(extractPalette(colourHistogram(photo, { bits: paletteBits, maxSamples: paletteSamples }))).toEqual(palette);
    expect(extractPalette(photo, { maxColours: 3 }).length).toBeLessThanOrEqual(3);
  });

  it('keeps a small but distinct accent colour', () => {
    // 95 % grey background, 5 % orange logo: the accent is what a brand check needs to see.
    const palette = extractPalette(
      image(100, 100, (x, y) => (x < 10 && y < 50 ? [255, 102, 0, 255] : [128, 128, 128, 255])),
    );
    const orange = palette.find((c) => c.hex === '#ff6600');
    expect(orange?.share).toBeCloseTo(0.05, 3);
  });
});

describe('colour names', () => {
  it('names every table entry by itself', () => {
    for (const entry of namedColours) expect(nearestNamedColour(hexToLab(entry.hex)).name).toBe(entry.name);
  });

  it('has unique names, valid hex values and known families', () => {
    expect(new Set(namedColours.map((c) => c.name)).size).toBe(namedColours.length);
    for (const c of namedColours) {
      expect(parseHex(c.hex)).toBeDefined();
      expect(colourFamilies).toContain(c.family);
    }
  });

  it('gives sensible names and families for colours not in the table', () => {
    const named = (hex: string) => nearestNamedColour(hexToLab(hex));
    expect(named('#ff6600').family).toBe('orange');
    expect(named('#0a0a0a').name).toBe('black');
    expect(named('#fefefe').name).toBe('white');
    expect(named('#7f7f7f').family).toBe('grey');
    expect(named('#1a237e').family).toBe('blue');
    expect(named('#2e7d32').family).toBe('green');
    expect(named('#f48fb1').family).toBe('pink');
    expect(named('#6a1b9a').family).toBe('purple');
    expect(named('#795548').family).toBe('brown');
  });
});

describe('on-palette share', () => {
  const halves = image(64, 32, (x) => (x < 32 ? RED : BLUE));
  const palette = extractPalette(halves);

  it('counts the palette share within tolerance of a brand colour', () => {
    expect(onPaletteShare(palette, ['#ff0000'], 2)).toBeCloseTo(0.5, 3);
    expect(onPaletteShare(palette, ['#ff0000', '#0000ff'], 2)).toBeCloseTo(1, 3);
    expect(onPaletteShare(palette, [hexToLab('#00ff00')], 10)).toBe(0);
    expect(onPaletteShare([], ['#ff0000'], 10)).toBe(0);
  });

  it('depends on the tolerance', () => {
    const nearRed = '#e81010';
    const distance = deltaE2000(hexToLab(nearRed), hexToLab('#ff0000'));
    expect(onPaletteShare(palette, [nearRed], distance - 0.1)).toBe(0);
    expect(onPaletteShare(palette, [nearRed], distance + 0.1)).toBeCloseTo(0.5, 3);
  });

  it('measures the pixel-level share on the histogram', () => {
    const logo = image(100, 100, (x, y) => (x < 10 && y < 50 ? [255, 102, 0, 255] : [128, 128, 128, 255]));
    expect(measureShareWithin(logo, ['#ff6600'], 3)).toBeCloseTo(0.05, 4);
    expect(measureShareWithin(logo, ['#808080', '#ff6600'], 3)).toBeCloseTo(1, 4);
    expect(measureShareWithin(logo, ['#00ff00'], 3)).toBe(0);
    expect(
      measureShareWithin(
        image(4, 4, () => [0, 0, 0, 0]),
        ['#000000'],
        3,
      ),
    ).toBe(0);
  });
});
