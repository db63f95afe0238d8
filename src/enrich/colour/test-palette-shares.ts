/**
 * Pictures with a KNOWN share of brand colours, for the palette rule's share error (brand-palette-share.test.ts and
 * bench/brand/rules.bench.ts): blocks of brand colours (with sensor-like noise, and some shifted a few ΔE off the
 * exact brand value, as a print or a generator renders them) beside photograph-like texture in colours far from the
 * palette, and on some a thin band of text-like strokes; encoded as JPEG at a given quality, as assets arrive.
 * The known share is the painted area of the brand blocks; every brand pixel stays within the tolerance of its
 * colour and every texture pixel well outside every brand colour's.
 */
import sharp from 'sharp';
import { checkRule } from '../../domain/brand-check.ts';
import type { BrandGuideline, PaletteEvidence, PaletteRule } from '../../domain/brand-guideline.ts';
import { deltaE2000 } from '../../domain/delta-e.ts';
import { hexToLab, parseHex, rgbToLab } from '../../domain/lab.ts';
import { decodeImage } from '../decode/index.ts';
import { extractPalette } from './palette.ts';

export const shareBrandColours = [
  { name: 'Acme red', hex: '#d62828' },
  { name: 'Ink', hex: '#1d1d1b' },
  { name: 'Paper', hex: '#f7f4ea' },
  { name: 'Sky', hex: '#2a6fdb' },
] as const;

/** The palette rule's tolerance the pictures are built for (ΔE2000). */
export const shareTolerance = 10;

/** Off-palette hues the textures are drawn from; every shaded mix of two stays > 15 ΔE from the palette (tested). */
const textureAnchors: readonly [number, number, number][] = [
  [60, 140, 70],
  [190, 170, 60],
  [80, 120, 60],
  [200, 120, 50],
  [90, 160, 150],
  [150, 110, 80],
];

export interface ShareCase {
  name: string;
  /** The brand colours' share of the picture's area (0–1): what the check should measure. */
  knownShare: number;
  width: number;
  height: number;
  jpeg: Uint8Array;
}

/** Deterministic pseudo-random numbers (mulberry32). */
export const seededRandom = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/**
 * One picture: vertical bands, the first `knownShare` of the width brand colours (each band one colour, maybe shifted
 * a little), the rest a smooth two-hue texture with fine grain. Bands are whole pixel columns, so the share is exact.
 */
export async function shareCase(index: number, options: { width?: number; height?: number; quality?: number } = {}) {
  const random = seededRandom(1000 + index);
  const width = options.width ?? 1024;
  const height = options.height ?? 768;
  const quality = options.quality ?? 70 + Math.floor(random() * 26);
  const targetShare = 0.05 + random() * 0.9;
  const brandColumns = Math.round(targetShare * width);
  const colours = 1 + Math.floor(random() * shareBrandColours.length);
  const used = [...shareBrandColours].sort(() => random() - 0.5).slice(0, colours);
  // The brand colours as painted: a shift of up to ~4 ΔE on some, never near the tolerance.
  const painted = used.map((c) => {
    const [r, g, b] = parseHex(c.hex)!;
    const shift = random() < 0.5 ? 0 : 5;
    const rgb: [number, number, number] = [
      clamp(r + (random() - 0.5) * shift),
      clamp(g + (random() - 0.5) * shift),
      clamp(b + (random() - 0.5) * shift),
    ];
    return rgb;
  });
  const splits = Array.from({ length: colours - 1 }, () => Math.floor(random() * brandColumns)).sort((a, b) => a - b);
  const bandOf = (x: number) => splits.filter((s) => x >= s).length;
  const [hueA, hueB] = [
    textureAnchors[Math.floor(random() * textureAnchors.length)]!,
    textureAnchors[Math.floor(random() * textureAnchors.length)]!,
  ];
  // Smooth value noise on a coarse grid, bilinear: photograph-like low frequencies.
  const grid = 12;
  const gw = Math.ceil(width / grid) + 2;
  const gh = Math.ceil(height / grid) + 2;
  const hueField = Float64Array.from({ length: gw * gh }, () => random());
  const shadeField = Float64Array.from({ length: gw * gh }, () => random());
  const smooth = (field: Float64Array, x: number, y: number) => {
    const gx = x / grid;
    const gy = y / grid;
    const x0 = Math.floor(gx);
    const y0 = Math.floor(gy);
    const fx = gx - x0;
    const fy = gy - y0;
    const at = (i: number, j: number) => field[j * gw + i]!;
    return (
      at(x0, y0) * (1 - fx) * (1 - fy) +
      at(x0 + 1, y0) * fx * (1 - fy) +
      at(x0, y0 + 1) * (1 - fx) * fy +
      at(x0 + 1, y0 + 1) * fx * fy
    );
  };
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const grain = (random() - 0.5) * 6;
      if (x < brandColumns) {
        const c = painted[bandOf(x)]!;
        rgb[o] = clamp(c[0] + grain);
        rgb[o + 1] = clamp(c[1] + grain);
        rgb[o + 2] = clamp(c[2] + grain);
      } else {
        const t = smooth(hueField, x, y);
        const shade = 0.85 + 0.3 * smooth(shadeField, x, y);
        rgb[o] = clamp((hueA[0] * t + hueB[0] * (1 - t)) * shade + grain);
        rgb[o + 1] = clamp((hueA[1] * t + hueB[1] * (1 - t)) * shade + grain);
        rgb[o + 2] = clamp((hueA[2] * t + hueB[2] * (1 - t)) * shade + grain);
      }
    }
  const jpeg = await sharp(rgb, { raw: { width, height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
  return {
    name: `case ${index}: ${used.map((c) => c.name).join(' + ')}, q${quality}`,
    knownShare: brandColumns / width,
    width,
    height,
    jpeg: new Uint8Array(jpeg),
  } satisfies ShareCase;
}

/** The smallest ΔE2000 from an sRGB colour to the brand palette. */
export const deltaEToPalette = (r: number, g: number, b: number): number => {
  const lab = rgbToLab(r, g, b);
  return Math.min(...shareBrandColours.map((c) => deltaE2000(lab, hexToLab(c.hex))));
};

/** The smallest ΔE2000 any texture colour (a mix of two anchors, shaded, before grain) comes to the palette. */
export function textureDistanceToPalette(): number {
  let nearest = Infinity;
  for (const a of textureAnchors)
    for (const b of textureAnchors)
      for (let t = 0; t <= 1; t += 0.1)
        for (const shade of [0.85, 1, 1.15]) {
          const mix = [0, 1, 2].map((k) => clamp((a[k]! * t + b[k]! * (1 - t)) * shade));
          nearest = Math.min(nearest, deltaEToPalette(mix[0]!, mix[1]!, mix[2]!));
        }
  return nearest;
}

const rule: PaletteRule = {
  id: 'palette',
  type: 'palette',
  severity: 'fail',
  weight: 1,
  colours: shareBrandColours.map((c) => ({ ...c })),
  tolerance: shareTolerance,
  minOnPaletteShare: 0.5,
  forbidden: [],
  maxForbiddenShare: 0.01,
};
const guideline: BrandGuideline = { brand: { name: 'Acme', spellings: [] }, appliesTo: {}, rules: [rule] };

/** The on-palette share the check measures on a picture, through the enrichment's own decode and palette. */
export async function measuredShare(jpeg: Uint8Array): Promise<number> {
  const decoded = await decodeImage(jpeg, { limitInputPixels: 100_000_000 });
  const palette = extractPalette(decoded.image);
  return (checkRule(rule, guideline, { palette }).evidence as PaletteEvidence).onPaletteShare;
}
