/**
 * bench:dupes — near-duplicate detection quality and lookup latency (npm run bench:dupes).
 *
 * Corpus v5 (built once under .data/bench-dupes/, reused while CORPUS_VERSION is unchanged):
 * - originals: real photographs — Debian's python3-skimage (astronaut, cat, coffee…) and mate-backgrounds' nature
 *   photographs (flowers, leaves, grass, water; each cut into two non-overlapping halves, so photographs of the same
 *   kind, palette and light sit side by side) — fetched with apt-get download + dpkg -x when absent (without apt the
 *   bench says so and goes on with generated images), and ≥ 200 generated scenes;
 * - each original × 12 transformations: resize, JPEG q 60–95, crop ≤ 10 % per dimension (random split between the
 *   two sides), brightness ±5–10 %, a small text overlay, format change (WebP); and since v5 the copies a fresh set
 *   of originals showed to be missed: 5–10 % off one side only, off two adjacent sides, off all four unevenly, a crop
 *   then resized and re-encoded as JPEG, a medium caption (6–9 % of the height) in a corner or along the bottom, and
 *   a caption on a band (7–12 % of the height, top or bottom);
 * - ≥ 1,000 distinct generated images (other "prompts");
 * - same-prompt different-seed variants of the generated originals (same scene generator and prompt parameters —
 *   palette, style, layout ranges — another content seed);
 * - look-alikes: one per generated original, made like a variant but filed under a prompt of its own (a distractor
 *   that shares palette and layout, and that lineage says is unrelated).
 *
 * Reports: pair precision/recall of 'near-duplicate' at the thresholds of src/enrich/similarity/near-duplicate.ts
 * (and a sweep around them; recall counts every pair of a group, copy × copy too), false positives by kind, recall
 * per transformation, variants wrongly called near-duplicates, the precision of variant suggestions from visual
 * similarity (domain/sameness.ts visualVariantDecision, with and without lineage), and lookup latency p50/p95 over
 * 1,000,000 stored hashes (random + the corpus's).
 *
 * Flags: --rebuild (regenerate the corpus), --stored N (index size for latency, default 1,000,000),
 * --distinct N (default 1000), --originals N (generated originals, default 200), --bands N (MIH bands, default the
 * size's: bandsForSize).
 */

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';

import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { debianPhotos } from './support.ts';
import { decodeForHashing } from '../src/enrich/hashes/local-decode.ts';
import { integralOf, type HashPair } from '../src/enrich/hashes/perceptual-hash.ts';
import { queryHashesOf, type QueryHashes } from '../src/enrich/hashes/crop-probes.ts';
import { hammingDistance } from '../src/enrich/hashes/hash64.ts';
import { HammingIndex, bandsForSize } from '../src/enrich/similarity/hamming-index.ts';
import { NearDuplicateIndex } from '../src/enrich/similarity/near-duplicate-index.ts';
import {
  cropThresholds,
  directThresholds,
  variantPHashThreshold,
  type PairDistances,
} from '../src/enrich/similarity/near-duplicate.ts';
import { visualVariantDecision, visualVariantLimits } from '../src/domain/sameness.ts';

const CORPUS_VERSION = 5;
/** Prompt ids of the look-alikes (another prompt each, the scene parameters of prompt id − lookalikePromptBase). */
const lookalikePromptBase = 200_000;
const root = resolve(import.meta.dirname, '..', '.data', 'bench-dupes');
const corpusDir = join(root, 'corpus');
const photoDir = join(root, 'photos');

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(`--${name}`);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
};
const storedTarget = option('stored', 1_000_000);
const distinctCount = option('distinct', 1000);
const originalCount = option('originals', 200);
const bands = option('bands', 0) || undefined;

// ─── seeded randomness ───────────────────────────────────────────────────────────────────────────────────────────

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
type Rng = () => number;
const between = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng();
const int = (rng: Rng, lo: number, hi: number): number => Math.floor(between(rng, lo, hi + 1));
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const hsl = (h: number, s: number, l: number): string => `hsl(${h.toFixed(1)},${s.toFixed(1)}%,${l.toFixed(1)}%)`;
const words =
  'amber basalt cedar delta ember fjord glacier harbor iris juniper kelp lumen meadow nimbus onyx prism quartz river sable tundra umber vellum willow xenon yarrow zephyr'.split(
    ' ',
  );

// ─── scene generators: a "prompt" fixes palette, style and layout ranges; the seed picks the content ───────────────

interface Prompt {
  family: string;
  rng: Rng; // fresh per image: prompt parameters are drawn first, identically for every seed
  width: number;
  height: number;
}
type Scene = (prompt: Prompt, seed: Rng) => Promise<Buffer>;

const svg = (w: number, h: number, body: string): Buffer =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${body}</svg>`);
const render = (w: number, h: number, body: string): Promise<Buffer> =>
  sharp(svg(w, h, body))
    .png()
    .toBuffer();

const scenes: Record<string, Scene> = {
  async landscape({ rng: p, width: w, height: h }, s) {
    const hue = between(p, 0, 360);
    const horizon = between(p, 0.45, 0.7);
    const layers = int(p, 2, 4);
    let body = `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(hue, 60, 35)}"/><stop offset="1" stop-color="${hsl((hue + 40) % 360, 70, 80)}"/></linearGradient></defs>`;
    body += `<rect width="${w}" height="${h}" fill="url(#sky)"/>`;
    body += `<circle cx="${between(s, 0.1, 0.9) * w}" cy="${between(s, 0.1, horizon - 0.1) * h}" r="${between(s, 0.04, 0.12) * w}" fill="${hsl((hue + 180) % 360, 80, 85)}"/>`;
    for (let layer = 0; layer < layers; layer++) {
      const base = (horizon + (layer * (1 - horizon)) / (layers + 1)) * h + between(s, -0.12, 0.12) * h;
      const f1 = between(s, 1, 4);
      const f2 = between(s, 4, 9);
      const ph1 = between(s, 0, 6.28);
      const ph2 = between(s, 0, 6.28);
      const amp = between(s, 0.04, 0.15) * h;
      let d = `M0 ${h}`;
      for (let x = 0; x <= w; x += w / 40) {
        const y = base - amp * Math.sin((f1 * x * 6.28) / w + ph1) - amp * 0.3 * Math.sin((f2 * x * 6.28) / w + ph2);
        d += ` L${x.toFixed(1)} ${y.toFixed(1)}`;
      }
      body += `<path d="${d} L${w} ${h} Z" fill="${hsl((hue + 90 + layer * 15) % 360, 40, 40 - layer * 10)}"/>`;
    }
    for (let t = int(s, 0, 8); t > 0; t--) {
      const x = between(s, 0, w);
      const y = between(s, horizon, 0.95) * h;
      const size = between(s, 0.03, 0.09) * h;
      body += `<path d="M${x} ${y - size * 2} L${x - size * 0.6} ${y} L${x + size * 0.6} ${y} Z" fill="${hsl((hue + 120) % 360, 50, 20)}"/>`;
    }
    return render(w, h, body);
  },

  async shapes({ rng: p, width: w, height: h }, s) {
    const bg = hsl(between(p, 0, 360), between(p, 10, 60), between(p, 15, 85));
    const palette = Array.from({ length: 4 }, () => hsl(between(p, 0, 360), between(p, 40, 90), between(p, 20, 80)));
    const kinds = [pick(p, ['circle', 'rect', 'tri']), pick(p, ['circle', 'rect', 'tri'])];
    let body = `<rect width="${w}" height="${h}" fill="${bg}"/>`;
    for (let n = int(s, 4, 14); n > 0; n--) {
      const kind = pick(s, kinds);
      const cx = between(s, 0, w);
      const cy = between(s, 0, h);
      const r = between(s, 0.05, 0.25) * Math.min(w, h);
      const fill = pick(s, palette);
      if (kind === 'circle') body += `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}"/>`;
      else if (kind === 'rect')
        body += `<rect x="${cx - r}" y="${cy - r * 0.7}" width="${2 * r}" height="${1.4 * r}" fill="${fill}" transform="rotate(${between(s, -30, 30)} ${cx} ${cy})"/>`;
      else
        body += `<path d="M${cx} ${cy - r} L${cx - r} ${cy + r * 0.8} L${cx + r} ${cy + r * 0.8} Z" fill="${fill}"/>`;
    }
    return render(w, h, body);
  },

  async stripes({ rng: p, width: w, height: h }, s) {
    const c1 = hsl(between(p, 0, 360), 70, between(p, 20, 50));
    const c2 = hsl(between(p, 0, 360), 60, between(p, 55, 90));
    const baseAngle = between(p, 0, 180);
    const angle = baseAngle + between(s, -60, 60);
    const period = between(s, 0.05, 0.2) * Math.min(w, h);
    const diag = Math.hypot(w, h);
    let body = `<rect width="${w}" height="${h}" fill="${c1}"/><g transform="rotate(${angle} ${w / 2} ${h / 2})">`;
    for (let x = -diag; x < diag; x += period)
      body += `<rect x="${w / 2 + x}" y="${h / 2 - diag}" width="${period * between(s, 0.3, 0.6)}" height="${2 * diag}" fill="${c2}"/>`;
    body += `</g><circle cx="${between(s, 0.2, 0.8) * w}" cy="${between(s, 0.2, 0.8) * h}" r="${between(s, 0.1, 0.3) * Math.min(w, h)}" fill="${c1}" stroke="${c2}" stroke-width="${period / 4}"/>`;
    return render(w, h, body);
  },

  async city({ rng: p, width: w, height: h }, s) {
    const night = p() < 0.5;
    const hue = between(p, 180, 280);
    let body = `<rect width="${w}" height="${h}" fill="${night ? hsl(hue, 50, 10) : hsl(hue, 60, 75)}"/>`;
    let x = between(s, -0.05, 0) * w;
    while (x < w) {
      const bw = between(s, 0.05, 0.14) * w;
      const bh = between(s, 0.2, 0.85) * h;
      body += `<rect x="${x}" y="${h - bh}" width="${bw}" height="${bh}" fill="${hsl(hue, 15, night ? between(s, 12, 25) : between(s, 30, 55))}"/>`;
      for (let wy = h - bh + 8; wy < h - 10; wy += 14) {
        for (let wx = x + 5; wx < x + bw - 8; wx += 11) {
          if (s() < 0.45)
            body += `<rect x="${wx.toFixed(0)}" y="${wy.toFixed(0)}" width="5" height="7" fill="${night ? '#ffd970' : '#9ab'}"/>`;
        }
      }
      x += bw + between(s, 0, 0.03) * w;
    }
    return render(w, h, body);
  },

  async bokeh({ rng: p, width: w, height: h }, s) {
    const hue = between(p, 0, 360);
    let body = `<defs><filter id="b"><feGaussianBlur stdDeviation="${between(p, 4, 12).toFixed(1)}"/></filter><radialGradient id="bg"><stop offset="0" stop-color="${hsl(hue, 50, 30)}"/><stop offset="1" stop-color="${hsl((hue + 30) % 360, 60, 8)}"/></radialGradient></defs>`;
    body += `<rect width="${w}" height="${h}" fill="url(#bg)"/><g filter="url(#b)">`;
    for (let n = int(s, 15, 40); n > 0; n--) {
      body += `<circle cx="${between(s, 0, w)}" cy="${between(s, 0, h)}" r="${between(s, 0.02, 0.12) * w}" fill="${hsl((hue + between(s, -40, 40) + 360) % 360, 80, between(s, 50, 85))}" fill-opacity="${between(s, 0.3, 0.9).toFixed(2)}"/>`;
    }
    return render(w, h, body + '</g>');
  },

  async textCard({ rng: p, width: w, height: h }, s) {
    const dark = p() < 0.4;
    const bg = hsl(between(p, 0, 360), between(p, 20, 70), dark ? between(p, 5, 25) : between(p, 60, 95));
    const ink = hsl(between(p, 0, 360), 60, dark ? between(p, 70, 95) : between(p, 5, 30));
    const accent = hsl(between(p, 0, 360), 70, 50);
    const size = between(p, 0.06, 0.11) * h;
    const align = pick(p, ['start', 'middle', 'end'] as const);
    let body = `<rect width="${w}" height="${h}" fill="${bg}"/>`;
    // Layout blocks vary per seed: a header band, a picture block, a footer rule — as slides and posters do.
    if (s() < 0.6) body += `<rect x="0" y="0" width="${w}" height="${between(s, 0.1, 0.3) * h}" fill="${accent}"/>`;
    if (s() < 0.5)
      body += `<rect x="${between(s, 0, 0.6) * w}" y="${between(s, 0.3, 0.6) * h}" width="${between(s, 0.25, 0.4) * w}" height="${between(s, 0.25, 0.4) * h}" fill="${hsl(between(s, 0, 360), 50, between(s, 20, 80))}"/>`;
    if (s() < 0.5)
      body += `<rect x="0" y="${between(s, 0.85, 0.95) * h}" width="${w}" height="${0.02 * h}" fill="${accent}"/>`;
    const lines = int(s, 2, 6);
    let y = between(s, 0.12, 0.5) * h;
    const x =
      align === 'start'
        ? between(s, 0.03, 0.3) * w
        : align === 'middle'
          ? between(s, 0.4, 0.6) * w
          : between(s, 0.7, 0.97) * w;
    for (let i = 0; i < lines && y < h * 0.95; i++, y += size * between(s, 1.2, 1.8)) {
      const text = Array.from({ length: int(s, 1, 4) }, () => pick(s, words)).join(' ');
      body += `<text x="${x}" y="${y}" text-anchor="${align}" font-size="${size * between(s, 0.7, 1.3)}" font-family="sans-serif" font-weight="${s() < 0.5 ? 'bold' : 'normal'}" fill="${ink}">${text}</text>`;
    }
    return render(w, h, body);
  },

  async portrait({ rng: p, width: w, height: h }, s) {
    const hue = between(p, 0, 360);
    const skin = hsl(between(p, 15, 35), between(p, 30, 60), between(p, 30, 80));
    const angle = between(p, 0, 6.28);
    const setting = pick(p, ['studio', 'window', 'outdoor'] as const);
    const [x1, y1] = [0.5 - 0.5 * Math.cos(angle), 0.5 - 0.5 * Math.sin(angle)];
    let body = `<defs><linearGradient id="g" x1="${x1}" y1="${y1}" x2="${1 - x1}" y2="${1 - y1}"><stop offset="0" stop-color="${hsl(hue, 40, between(p, 50, 85))}"/><stop offset="1" stop-color="${hsl((hue + 60) % 360, 40, between(p, 10, 45))}"/></linearGradient></defs><rect width="${w}" height="${h}" fill="url(#g)"/>`;
    if (setting === 'window') {
      const wx = between(s, 0, 0.7) * w;
      const wy = between(s, 0, 0.4) * h;
      body += `<rect x="${wx}" y="${wy}" width="${between(s, 0.2, 0.35) * w}" height="${between(s, 0.3, 0.5) * h}" fill="${hsl((hue + 200) % 360, 40, between(s, 75, 95))}" stroke="${hsl(hue, 20, 20)}" stroke-width="${0.015 * w}"/>`;
    } else if (setting === 'outdoor') {
      const horizon = between(s, 0.4, 0.75) * h;
      body += `<rect x="0" y="${horizon}" width="${w}" height="${h - horizon}" fill="${hsl((hue + 100) % 360, 40, between(s, 20, 50))}"/>`;
      for (let t = int(s, 1, 4); t > 0; t--)
        body += `<circle cx="${between(s, 0, w)}" cy="${horizon - between(s, 0, 0.15) * h}" r="${between(s, 0.05, 0.15) * w}" fill="${hsl((hue + 110) % 360, 40, between(s, 15, 35))}"/>`;
    }
    for (let person = s() < 0.3 ? 2 : 1; person > 0; person--) {
      const cx = between(s, 0.15, 0.85) * w;
      const cy = between(s, 0.25, 0.6) * h;
      const r = between(s, 0.08, 0.25) * Math.min(w, h);
      body += `<ellipse cx="${cx}" cy="${h}" rx="${r * between(s, 1.6, 2.6)}" ry="${Math.max(r, h - cy - r * 0.4)}" fill="${hsl((hue + between(s, 90, 270)) % 360, 50, between(s, 15, 70))}"/>`;
      body += `<ellipse cx="${cx}" cy="${cy}" rx="${r * 0.8}" ry="${r}" fill="${skin}"/>`;
      body += `<ellipse cx="${cx}" cy="${cy - r * 0.7}" rx="${r * 0.9}" ry="${r * between(s, 0.4, 0.7)}" fill="${hsl(between(s, 0, 50), 40, between(s, 5, 60))}"/>`;
      for (const side of [-1, 1])
        body += `<circle cx="${cx + side * r * 0.32}" cy="${cy - r * 0.05}" r="${r * 0.08}" fill="#222"/>`;
    }
    return render(w, h, body);
  },

  async noise({ rng: p, width: w, height: h }, s) {
    const hueA = between(p, 0, 360);
    const hueB = (hueA + between(p, 60, 180)) % 360;
    const octaves = int(p, 2, 5);
    const baseCells = int(p, 3, 6);
    // Value-noise fBm on a 128-px grid, upscaled by sharp (smooth, photo-like low frequencies).
    const gw = 128;
    const gh = Math.round((128 * h) / w);
    const field = new Float64Array(gw * gh);
    let amp = 1;
    let norm = 0;
    for (let o = 0, cells = baseCells; o < octaves; o++, cells *= 2, amp /= 2) {
      const lattice = Array.from({ length: (cells + 1) * (cells + 1) }, () => s());
      for (let y = 0; y < gh; y++) {
        for (let x = 0; x < gw; x++) {
          const fx = (x / gw) * cells;
          const fy = (y / gh) * cells;
          const ix = Math.floor(fx);
          const iy = Math.floor(fy);
          const tx = fx - ix;
          const ty = fy - iy;
          const at = (i: number, j: number): number => lattice[j * (cells + 1) + i]!;
          const sx = tx * tx * (3 - 2 * tx);
          const sy = ty * ty * (3 - 2 * ty);
          const top = at(ix, iy) + sx * (at(ix + 1, iy) - at(ix, iy));
          const bottom = at(ix, iy + 1) + sx * (at(ix + 1, iy + 1) - at(ix, iy + 1));
          field[y * gw + x]! += amp * (top + sy * (bottom - top));
        }
      }
      norm += amp;
    }
    const pixels = Buffer.alloc(gw * gh * 3);
    const toRgb = (hue: number, l: number): number[] => {
      const c = (1 - Math.abs(2 * l - 1)) * 0.7;
      const hp = hue / 60;
      const x = c * (1 - Math.abs((hp % 2) - 1));
      const [r, g, b] =
        hp < 1
          ? [c, x, 0]
          : hp < 2
            ? [x, c, 0]
            : hp < 3
              ? [0, c, x]
              : hp < 4
                ? [0, x, c]
                : hp < 5
                  ? [x, 0, c]
                  : [c, 0, x];
      const m = l - c / 2;
      return [r + m, g + m, b + m].map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
    };
    for (let i = 0; i < field.length; i++) {
      const v = field[i]! / norm;
      const [r, g, b] = toRgb(v < 0.5 ? hueA : hueB, 0.15 + 0.7 * v);
      pixels[i * 3] = r!;
      pixels[i * 3 + 1] = g!;
      pixels[i * 3 + 2] = b!;
    }
    return sharp(pixels, { raw: { width: gw, height: gh, channels: 3 } })
      .resize(w, h, { kernel: 'cubic' })
      .png()
      .toBuffer();
  },
};
const families = Object.keys(scenes);
const sizes: readonly (readonly [number, number])[] = [
  [640, 480],
  [512, 512],
  [480, 640],
  [768, 432],
];

/** One image of prompt #promptId with content seed #seed. The prompt's parameters come from its own stream. */
async function generate(promptId: number, seed: number): Promise<Buffer> {
  const choose = mulberry32(promptId * 7919 + 17);
  const family = families[promptId % families.length]!;
  const [width, height] = pick(choose, sizes);
  const prompt: Prompt = { family, rng: mulberry32(promptId * 104729 + 3), width, height };
  return scenes[family]!(prompt, mulberry32(promptId * 1_000_003 + seed * 7_777_777 + 11));
}

// ─── transformations ─────────────────────────────────────────────────────────────────────────────────────────────

interface Transformed {
  name: string;
  ext: string;
  data: Buffer;
  detail: string;
}
const transformations: readonly string[] = [
  'resize',
  'jpeg',
  'crop',
  'brightness',
  'overlay-text',
  'format-webp',
  // Corpus v5: the copies a fresh set of originals showed to be missed (uneven 5–10 % crops, captions).
  'crop-one-side',
  'crop-two-sides',
  'crop-four-sides',
  'crop-resize-jpeg',
  'caption-medium',
  'caption-band',
];

/** Pixels to cut from each side, for a fraction `total` of the dimension split between its two sides. */
function sideCuts(size: number, total: number, nearShare: number): [number, number] {
  const near = Math.round(size * total * nearShare);
  return [near, Math.round(size * total) - near];
}

function cropBy(
  input: Buffer,
  w: number,
  h: number,
  [left, right]: [number, number],
  [top, bottom]: [number, number],
): ReturnType<typeof sharp> {
  return sharp(input).extract({ left, top, width: w - left - right, height: h - top - bottom });
}

/** A caption as people add them: white text with a dark outline, or dark text on a light band. */
function captionSvg(
  w: number,
  h: number,
  rng: Rng,
  size: number,
  band: { height: number; atTop: boolean; opacity: number } | undefined,
): { body: string; text: string } {
  const text =
    rng() < 0.5
      ? `© ${pick(rng, words)} ${int(rng, 2019, 2025)}`
      : `${pick(rng, words)} ${pick(rng, words)} ${pick(rng, words)}`;
  if (band) {
    const y0 = band.atTop ? 0 : h - band.height;
    const anchor = pick(rng, ['start', 'middle', 'end'] as const);
    const x = anchor === 'start' ? w * 0.03 : anchor === 'middle' ? w / 2 : w * 0.97;
    return {
      text,
      body: `<rect x="0" y="${y0}" width="${w}" height="${band.height}" fill="${pick(rng, ['black', 'white', '#223'])}" fill-opacity="${band.opacity.toFixed(2)}"/><text x="${x}" y="${y0 + band.height * 0.7}" font-size="${size}" font-family="sans-serif" text-anchor="${anchor}" fill="${pick(rng, ['white', '#ffd970'])}" stroke="black" stroke-width="0.5">${text}</text>`,
    };
  }
  // Any corner, or centred along the bottom.
  const place = pick(rng, ['top-left', 'top-right', 'bottom-left', 'bottom-right', 'bottom-centre'] as const);
  const anchor = place.endsWith('left') ? 'start' : place.endsWith('right') ? 'end' : 'middle';
  const x = anchor === 'start' ? w * 0.03 : anchor === 'end' ? w * 0.97 : w / 2;
  const y = place.startsWith('top') ? h * 0.03 + size : h * 0.97;
  return {
    text,
    body: `<text x="${x}" y="${y}" font-size="${size}" font-family="sans-serif" font-weight="${rng() < 0.5 ? 'bold' : 'normal'}" text-anchor="${anchor}" fill="white" fill-opacity="0.9" stroke="black" stroke-width="${Math.max(1, size / 25).toFixed(1)}">${text}</text>`,
  };
}

async function transform(name: string, input: Buffer, rng: Rng): Promise<Transformed> {
  const meta = await sharp(input).metadata();
  const w = meta.width ?? 1;
  const h = meta.height ?? 1;
  switch (name) {
    case 'resize': {
      const scale = pick(rng, [between(rng, 0.35, 0.75), between(rng, 1.2, 1.6)]);
      const data = await sharp(input)
        .resize(Math.max(16, Math.round(w * scale)))
        .png()
        .toBuffer();
      return { name, ext: 'png', data, detail: `×${scale.toFixed(2)}` };
    }
    case 'jpeg': {
      const quality = int(rng, 60, 95);
      return { name, ext: 'jpg', data: await sharp(input).jpeg({ quality }).toBuffer(), detail: `q${quality}` };
    }
    case 'crop': {
      // Remove up to 10 % per dimension, split at random between the two sides; at least 4 % in one dimension.
      const cutX = between(rng, 0.04, 0.1);
      const cutY = between(rng, 0, 0.1);
      const [ax, ay] = rng() < 0.5 ? [cutX, cutY] : [cutY, cutX];
      const splitX = rng();
      const splitY = rng();
      const left = Math.round(w * ax * splitX);
      const right = Math.round(w * ax * (1 - splitX));
      const top = Math.round(h * ay * splitY);
      const bottom = Math.round(h * ay * (1 - splitY));
      const data = await sharp(input)
        .extract({ left, top, width: w - left - right, height: h - top - bottom })
        .png()
        .toBuffer();
      return { name, ext: 'png', data, detail: `x−${(ax * 100).toFixed(1)}% y−${(ay * 100).toFixed(1)}%` };
    }
    case 'brightness': {
      const factor = 1 + (rng() < 0.5 ? -1 : 1) * between(rng, 0.05, 0.1);
      return {
        name,
        ext: 'png',
        data: await sharp(input).modulate({ brightness: factor }).png().toBuffer(),
        detail: `×${factor.toFixed(3)}`,
      };
    }
    case 'overlay-text': {
      const size = Math.round(h * between(rng, 0.035, 0.06));
      const text = `© ${pick(rng, words)} ${int(rng, 2019, 2025)}`;
      const atRight = rng() < 0.5;
      const atBottom = rng() < 0.7;
      const x = atRight ? w * 0.97 : w * 0.03;
      const y = atBottom ? h * 0.96 : h * 0.04 + size;
      const overlay = svg(
        w,
        h,
        `<text x="${x}" y="${y}" font-size="${size}" font-family="sans-serif" text-anchor="${atRight ? 'end' : 'start'}" fill="white" fill-opacity="0.85" stroke="black" stroke-width="1">${text}</text>`,
      );
      return {
        name,
        ext: 'png',
        data: await sharp(input)
          .composite([{ input: overlay }])
          .png()
          .toBuffer(),
        detail: text,
      };
    }
    case 'crop-one-side': {
      const cut = between(rng, 0.05, 0.1);
      const side = pick(rng, ['left', 'right', 'top', 'bottom'] as const);
      const px = (size: number): number => Math.round(size * cut);
      const x: [number, number] = side === 'left' ? [px(w), 0] : side === 'right' ? [0, px(w)] : [0, 0];
      const y: [number, number] = side === 'top' ? [px(h), 0] : side === 'bottom' ? [0, px(h)] : [0, 0];
      const data = await cropBy(input, w, h, x, y).png().toBuffer();
      return { name, ext: 'png', data, detail: `${side} −${(cut * 100).toFixed(1)}%` };
    }
    case 'crop-two-sides': {
      // A corner kept: one side of each dimension cut, by different amounts.
      const cutX = between(rng, 0.05, 0.1);
      const cutY = between(rng, 0.05, 0.1);
      const fromLeft = rng() < 0.5;
      const fromTop = rng() < 0.5;
      const x = sideCuts(w, cutX, fromLeft ? 1 : 0);
      const y = sideCuts(h, cutY, fromTop ? 1 : 0);
      const data = await cropBy(input, w, h, x, y).png().toBuffer();
      return {
        name,
        ext: 'png',
        data,
        detail: `${fromLeft ? 'left' : 'right'} −${(cutX * 100).toFixed(1)}% ${fromTop ? 'top' : 'bottom'} −${(cutY * 100).toFixed(1)}%`,
      };
    }
    case 'crop-four-sides': {
      const cutX = between(rng, 0.05, 0.1);
      const cutY = between(rng, 0.05, 0.1);
      const shareX = between(rng, 0.1, 0.9);
      const shareY = between(rng, 0.1, 0.9);
      const data = await cropBy(input, w, h, sideCuts(w, cutX, shareX), sideCuts(h, cutY, shareY))
        .png()
        .toBuffer();
      return {
        name,
        ext: 'png',
        data,
        detail: `x−${(cutX * 100).toFixed(1)}% (${(shareX * 100).toFixed(0)}% left) y−${(cutY * 100).toFixed(1)}% (${(shareY * 100).toFixed(0)}% top)`,
      };
    }
    case 'crop-resize-jpeg': {
      const cutX = between(rng, 0.05, 0.1);
      const cutY = between(rng, 0, 0.1);
      const x = sideCuts(w, cutX, rng() < 0.4 ? pick(rng, [0, 1]) : rng());
      const y = sideCuts(h, cutY, rng() < 0.4 ? pick(rng, [0, 1]) : rng());
      const scale = between(rng, 0.45, 0.85);
      const quality = int(rng, 65, 90);
      const cropped = await cropBy(input, w, h, x, y).png().toBuffer();
      const data = await sharp(cropped)
        .resize(Math.max(16, Math.round((w - x[0] - x[1]) * scale)))
        .jpeg({ quality })
        .toBuffer();
      return {
        name,
        ext: 'jpg',
        data,
        detail: `x−${(cutX * 100).toFixed(1)}% y−${(cutY * 100).toFixed(1)}% ×${scale.toFixed(2)} q${quality}`,
      };
    }
    case 'caption-medium': {
      const size = Math.round(Math.min(h, w) * between(rng, 0.06, 0.09));
      const caption = captionSvg(w, h, rng, size, undefined);
      const data = await sharp(input)
        .composite([{ input: svg(w, h, caption.body) }])
        .png()
        .toBuffer();
      return { name, ext: 'png', data, detail: caption.text };
    }
    case 'caption-band': {
      const bandHeight = Math.round(h * between(rng, 0.07, 0.12));
      const band = { height: bandHeight, atTop: rng() < 0.25, opacity: between(rng, 0.55, 1) };
      const caption = captionSvg(w, h, rng, Math.round(bandHeight * 0.6), band);
      const data = await sharp(input)
        .composite([{ input: svg(w, h, caption.body) }])
        .jpeg({ quality: int(rng, 80, 92) })
        .toBuffer();
      return {
        name,
        ext: 'jpg',
        data,
        detail: `${band.atTop ? 'top' : 'bottom'} band ${bandHeight}px: ${caption.text}`,
      };
    }
    case 'format-webp': {
      const quality = int(rng, 70, 90);
      return { name, ext: 'webp', data: await sharp(input).webp({ quality }).toBuffer(), detail: `webp q${quality}` };
    }
    default:
      throw new Error(`unknown transformation ${name}`);
  }
}

// ─── corpus ──────────────────────────────────────────────────────────────────────────────────────────────────────

interface Item {
  file: string;
  kind: 'original' | 'transformed' | 'variant' | 'lookalike' | 'distinct';
  /** Near-duplicate group: an original and its transformations share it; -1 for images with no planted copy. */
  group: number;
  /**
   * Prompt id for generated images (variants and transformed copies share it with their original; distinct images
   * and look-alikes have their own); -1 for photographs (no prompt).
   */
  prompt: number;
  source: 'photo' | 'generated';
  transformation?: string;
  detail?: string;
}
interface Manifest {
  version: number;
  options: { distinctCount: number; originalCount: number };
  photos: boolean;
  items: Item[];
}

const photoNames = [
  'astronaut.png',
  'brick.png',
  'camera.png',
  'cell.png',
  'chelsea.png',
  'clock_motion.png',
  'coffee.png',
  'coins.png',
  'color.png',
  'grass.png',
  'gravel.png',
  'horse.png',
  'hubble_deep_field.jpg',
  'ihc.png',
  'logo.png',
  'microaneurysms.png',
  'moon.png',
  'motorcycle_left.png',
  'page.png',
  'phantom.png',
  'retina.jpg',
  'rocket.jpg',
  'text.png',
];
// motorcycle_right.png is left out on purpose: it is the other half of a stereo pair with motorcycle_left, a real
// near-duplicate that the ground truth would count as distinct.

/**
 * Desktop backgrounds from Debian's mate-backgrounds: twelve nature photographs (flowers, leaves, grass, water — many
 * of the same kind, which is what makes them good distractors for each other). They are large (≥ 1280 px wide), so
 * each gives two originals: its left and right 45 %, with a gap between them (two photographs of the same subject,
 * palette and light, that share no pixels).
 */
const matePhotoDir = join(root, 'photos-mate');
const matePhotoNames = [
  'Aqua.jpg',
  'Blinds.jpg',
  'Dune.jpg',
  'FreshFlower.jpg',
  'Garden.jpg',
  'GreenMeadow.jpg',
  'LadyBird.jpg',
  'RainDrops.jpg',
  'Storm.jpg',
  'TwoWings.jpg',
  'Wood.jpg',
  'YellowFlower.jpg',
];

const ensurePhotos = (): string[] =>
  debianPhotos('python3-skimage', 'usr/lib/python3/dist-packages/skimage/data', photoNames, photoDir);
const ensureMatePhotos = (): string[] =>
  debianPhotos('mate-backgrounds', 'usr/share/backgrounds/mate/nature', matePhotoNames, matePhotoDir);

async function buildCorpus(): Promise<Manifest> {
  const manifestPath = join(corpusDir, 'manifest.json');
  if (!flag('rebuild') && existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (
      manifest.version === CORPUS_VERSION &&
      manifest.options.distinctCount === distinctCount &&
      manifest.options.originalCount === originalCount
    ) {
      console.log(`corpus: reusing ${manifest.items.length} images in ${corpusDir}`);
      return manifest;
    }
  }
  // Built aside and renamed into place: a second bench started meanwhile never sees (or deletes) half a corpus.
  const buildDir = `${corpusDir}.building-${process.pid}`;
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });
  const items: Item[] = [];
  const save = (name: string, data: Buffer, item: Omit<Item, 'file'>): void => {
    writeFileSync(join(buildDir, name), data);
    items.push({ file: name, ...item });
  };
  const started = performance.now();
  const photos = ensurePhotos();
  const matePhotos = ensureMatePhotos();
  let group = 0;
  const addWithTransforms = async (
    name: string,
    original: Buffer,
    source: Item['source'],
    prompt: number,
  ): Promise<void> => {
    const g = group++;
    save(`${name}.png`, original, { kind: 'original', group: g, prompt, source });
    const rng = mulberry32(g * 31337 + 5);
    for (const t of transformations) {
      const out = await transform(t, original, rng);
      save(`${name}~${t}.${out.ext}`, out.data, {
        kind: 'transformed',
        group: g,
        prompt,
        source,
        transformation: t,
        detail: out.detail,
      });
    }
  };
  for (const path of photos) {
    const base = path
      .split('/')
      .pop()!
      .replace(/\.\w+$/, '');
    // Normalise to 8-bit sRGB PNG so "format change" and the original differ only by the transformation.
    const original = await sharp(path).toColourspace('srgb').png().toBuffer();
    await addWithTransforms(`photo-${base}`, original, 'photo', -1);
  }
  for (const path of matePhotos) {
    const base = path
      .split('/')
      .pop()!
      .replace(/\.\w+$/, '');
    const { width = 0, height = 0 } = await sharp(path).metadata();
    const half = Math.floor(width * 0.45);
    for (const [side, left] of [
      ['left', 0],
      ['right', width - half],
    ] as const) {
      // 45 % of a 2560-px background is ~1150 px: scaled to 768 px wide, as a web-sized photograph.
      const original = await sharp(path)
        .extract({ left, top: 0, width: half, height })
        .resize(768)
        .toColourspace('srgb')
        .png()
        .toBuffer();
      await addWithTransforms(`photo-${base}-${side}`, original, 'photo', -1);
    }
  }
  for (let p = 0; p < originalCount; p++) {
    await addWithTransforms(`gen-p${p}-s0`, await generate(p, 0), 'generated', p);
    // Same prompt, other seeds: one variant for every original, a second for every other one.
    for (let seed = 1; seed <= (p % 2 === 0 ? 2 : 1); seed++) {
      save(`gen-p${p}-s${seed}.png`, await generate(p, seed), {
        kind: 'variant',
        group: -1,
        prompt: p,
        source: 'generated',
      });
    }
    // A look-alike: the same scene generator and prompt parameters (palette, style, layout ranges) with other
    // content, but filed under a prompt of its own — visually a variant, by lineage unrelated.
    save(`gen-p${p}-lookalike.png`, await generate(p, 1000 + p), {
      kind: 'lookalike',
      group: -1,
      prompt: lookalikePromptBase + p,
      source: 'generated',
    });
    if (p % 50 === 49) console.log(`  … ${p + 1}/${originalCount} originals`);
  }
  for (let i = 0; i < distinctCount; i++) {
    const p = 100_000 + i;
    save(`gen-p${p}-s0.png`, await generate(p, 0), { kind: 'distinct', group: -1, prompt: p, source: 'generated' });
  }
  const manifest: Manifest = {
    version: CORPUS_VERSION,
    options: { distinctCount, originalCount },
    photos: photos.length > 0,
    items,
  };
  writeFileSync(join(buildDir, 'manifest.json'), JSON.stringify(manifest));
  rmSync(corpusDir, { recursive: true, force: true });
  renameSync(buildDir, corpusDir);
  console.log(
    `corpus: built ${items.length} images in ${((performance.now() - started) / 1000).toFixed(1)} s → ${corpusDir}`,
  );
  return manifest;
}

// ─── evaluation ──────────────────────────────────────────────────────────────────────────────────────────────────

interface Hashed extends Item {
  id: string;
  hashes: QueryHashes;
}

const pairKey = (a: number, b: number): number => (a < b ? a * 100_000 + b : b * 100_000 + a);
const percent = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(2)} %` : 'n/a');
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** All Pareto-minimal (dHash, pHash) points seen for a pair on one path: lets the sweep test any threshold. */
type Points = [number, number][];
function addPoint(points: Points, d: number, p: number): void {
  if (points.some(([pd, pp]) => pd <= d && pp <= p)) return;
  for (let i = points.length - 1; i >= 0; i--) if (points[i]![0] >= d && points[i]![1] >= p) points.splice(i, 1);
  points.push([d, p]);
}

async function main(): Promise<void> {
  const manifest = await buildCorpus();
  const hashStart = performance.now();
  // Hashes are cached per corpus version AND per source of the hash and decode code, so a change to the hashing or
  // to the working image reruns it.
  const sourceDigest = createHash('sha256');
  for (const folder of ['hashes', 'decode']) {
    const dir = resolve(import.meta.dirname, '..', 'src', 'enrich', folder);
    for (const f of readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .sort())
      sourceDigest.update(readFileSync(join(dir, f)));
  }
  const cachePath = join(root, `hashes-v${CORPUS_VERSION}-${sourceDigest.digest('hex').slice(0, 16)}.json`);
  let hashed: Hashed[];
  let hashNote: string;
  if (existsSync(cachePath) && !flag('rebuild')) {
    hashed = JSON.parse(readFileSync(cachePath, 'utf8')) as Hashed[];
    hashNote = 'hashes reused from cache';
  } else {
    hashed = [];
    for (const item of manifest.items) {
      const image = await decodeForHashing(readFileSync(join(corpusDir, item.file)));
      hashed.push({ ...item, id: item.file, hashes: queryHashesOf(integralOf(image)) });
    }
    writeFileSync(cachePath, JSON.stringify(hashed));
    hashNote = `decode+hash ${((performance.now() - hashStart) / hashed.length).toFixed(1)} ms/image`;
  }
  const counts = (kind: Item['kind']): number => hashed.filter((h) => h.kind === kind).length;
  console.log(
    `images: ${hashed.length} (originals ${counts('original')} of which photographs ${hashed.filter((h) => h.kind === 'original' && h.source === 'photo').length}, transformed ${counts('transformed')}, variants ${counts('variant')}, look-alikes ${counts('lookalike')}, distinct ${counts('distinct')}); ${hashNote}`,
  );

  // Candidate pairs with generous radii, then any threshold can be evaluated from the recorded points.
  const sweepDirect = 20;
  const sweepCrop = 12;
  const direct = new Map<number, Points>();
  const crop = new Map<number, Points>();
  const record = (map: Map<number, Points>, a: number, b: number, x: HashPair, y: HashPair): void => {
    const key = pairKey(a, b);
    let points = map.get(key);
    if (!points) map.set(key, (points = []));
    addPoint(points, hammingDistance(x.dHash, y.dHash), hammingDistance(x.pHash, y.pHash));
  };
  const fullIdx = new HammingIndex();
  const insetIdx = new HammingIndex();
  hashed.forEach((h, i) => {
    fullIdx.add(String(i), h.hashes.full.pHash);
    insetIdx.add(String(i), h.hashes.inset.pHash);
  });
  hashed.forEach((q, i) => {
    for (const m of fullIdx.query(q.hashes.full.pHash, sweepDirect)) {
      const j = Number(m.id);
      if (j !== i) record(direct, i, j, q.hashes.full, hashed[j]!.hashes.full);
    }
    for (const probe of q.hashes.forwardProbes) {
      for (const m of insetIdx.query(probe.pHash, sweepCrop)) {
        const j = Number(m.id);
        if (j !== i) record(crop, i, j, probe, hashed[j]!.hashes.inset);
      }
    }
    for (const probe of q.hashes.reverseProbes) {
      for (const m of fullIdx.query(probe.pHash, sweepCrop)) {
        const j = Number(m.id);
        if (j !== i) record(crop, i, j, probe, hashed[j]!.hashes.full);
      }
    }
  });

  // Ground truth.
  const groups = new Map<number, number[]>();
  hashed.forEach((h, i) => {
    if (h.group >= 0) groups.set(h.group, [...(groups.get(h.group) ?? []), i]);
  });
  let positives = 0;
  for (const members of groups.values()) positives += (members.length * (members.length - 1)) / 2;
  const isPositive = (a: number, b: number): boolean => hashed[a]!.group >= 0 && hashed[a]!.group === hashed[b]!.group;
  const isVariantPair = (a: number, b: number): boolean =>
    hashed[a]!.prompt >= 0 &&
    hashed[a]!.prompt === hashed[b]!.prompt &&
    !isPositive(a, b) &&
    (hashed[a]!.kind === 'variant' || hashed[b]!.kind === 'variant');
  let variantPairs = 0;
  const byPrompt = new Map<number, number[]>();
  hashed.forEach((h, i) => {
    if (h.prompt >= 0 && h.prompt < 100_000) byPrompt.set(h.prompt, [...(byPrompt.get(h.prompt) ?? []), i]);
  });
  for (const members of byPrompt.values())
    for (let x = 0; x < members.length; x++)
      for (let y = x + 1; y < members.length; y++) if (isVariantPair(members[x]!, members[y]!)) variantPairs++;

  interface Thresholds {
    direct: { d: number; p: number };
    crop: { d: number; p: number } | null;
  }
  const predicted = (t: Thresholds): Set<number> => {
    const out = new Set<number>();
    for (const [key, points] of direct) if (points.some(([d, p]) => d <= t.direct.d && p <= t.direct.p)) out.add(key);
    if (t.crop)
      for (const [key, points] of crop) if (points.some(([d, p]) => d <= t.crop!.d && p <= t.crop!.p)) out.add(key);
    return out;
  };
  const evaluate = (t: Thresholds) => {
    const predictedPairs = predicted(t);
    let tp = 0;
    let fp = 0;
    let variantFp = 0;
    const fpKinds = new Map<string, number>();
    for (const key of predictedPairs) {
      const a = Math.floor(key / 100_000);
      const b = key % 100_000;
      if (isPositive(a, b)) tp++;
      else {
        fp++;
        if (isVariantPair(a, b)) variantFp++;
        const kind = [hashed[a]!, hashed[b]!]
          .map((h) => `${h.source === 'photo' ? 'photo' : 'gen'} ${h.kind}`)
          .sort()
          .join(' × ');
        fpKinds.set(kind, (fpKinds.get(kind) ?? 0) + 1);
      }
    }
    // Intake view: original ↔ each of its transformations, per transformation.
    const perTransform = new Map<string, { hit: number; total: number }>();
    for (const members of groups.values()) {
      const original = members.find((i) => hashed[i]!.kind === 'original')!;
      for (const i of members) {
        if (i === original) continue;
        const t = `${hashed[i]!.source === 'photo' ? 'photo' : 'gen'}:${hashed[i]!.transformation}`;
        const entry = perTransform.get(t) ?? { hit: 0, total: 0 };
        entry.total++;
        if (predictedPairs.has(pairKey(original, i))) entry.hit++;
        perTransform.set(t, entry);
      }
    }
    return {
      precision: tp / (tp + fp),
      recall: tp / positives,
      tp,
      fp,
      variantFp,
      fpKinds,
      perTransform,
      predictedPairs,
    };
  };

  const chosen: Thresholds = {
    direct: { d: directThresholds.dHash, p: directThresholds.pHash },
    crop: { d: cropThresholds.dHash, p: cropThresholds.pHash },
  };
  const result = evaluate(chosen);

  // Cross-check: the production path (NearDuplicateIndex.find with classifyPair) must give the same pairs.
  const nd = new NearDuplicateIndex();
  hashed.forEach((h) => nd.add(h.id, h.hashes));
  const indexOf = new Map(hashed.map((h, i) => [h.id, i]));
  const productionPairs = new Set<number>();
  let variantCandidatesForVariants = 0;
  // Every variant candidate as intake records it (the new image's side), for the variant-suggestion table.
  const variantCandidates: { i: number; j: number; distances: PairDistances }[] = [];
  hashed.forEach((q, i) => {
    for (const m of nd.find(q.hashes, { excludeId: q.id, variants: true })) {
      const j = indexOf.get(m.id)!;
      if (m.verdict === 'near-duplicate') productionPairs.add(pairKey(i, j));
      else {
        variantCandidates.push({ i, j, distances: m.distances });
        if (q.kind === 'variant' && isVariantPair(i, j)) variantCandidatesForVariants++;
      }
    }
  });
  const sameAsSweep =
    productionPairs.size === result.predictedPairs.size &&
    [...productionPairs].every((k) => result.predictedPairs.has(k));

  console.log('\n== Near-duplicate detection at the chosen thresholds (src/enrich/similarity/near-duplicate.ts) ==');
  console.log(
    `direct: dHash ≤ ${chosen.direct.d} and pHash ≤ ${chosen.direct.p}; crop probes: dHash ≤ ${chosen.crop!.d} and pHash ≤ ${chosen.crop!.p}; variant candidate: direct pHash ≤ ${variantPHashThreshold} and dHash ≤ ${visualVariantLimits.dHash}`,
  );
  console.table({
    'pairs (all within-group pairs)': {
      precision: percent(result.precision),
      recall: percent(result.recall),
      'true pos': result.tp,
      'false pos': result.fp,
      'ground-truth pairs': positives,
      target: 'P ≥ 98 %, R ≥ 97 %',
      verdict: result.precision >= 0.98 && result.recall >= 0.97 ? 'met' : 'NOT met',
    },
  });
  console.log(
    `false positives by kind: ${[...result.fpKinds]
      .sort((x, y) => y[1] - x[1])
      .map(([k, n]) => `${k} ${n}`)
      .join('; ')}`,
  );
  console.log(
    `variants wrongly called near-duplicates: ${result.variantFp} of ${variantPairs} same-prompt different-seed pairs (${percent(result.variantFp / variantPairs)})`,
  );
  console.log(
    `variant pairs proposed as variant candidates (from the variant's side): ${variantCandidatesForVariants}`,
  );
  console.log(
    `production path (NearDuplicateIndex.find) agrees with the sweep: ${sameAsSweep ? 'yes' : `NO (${productionPairs.size} vs ${result.predictedPairs.size} pairs)`}`,
  );

  variantSuggestions(hashed, variantCandidates, productionPairs, isPositive);

  console.log('\n== Recall per transformation (original ↔ transformed copy) ==');
  const rows: Record<string, { recall: string; found: number; of: number }> = {};
  for (const [t, v] of [...result.perTransform].sort())
    rows[t] = { recall: percent(v.hit / v.total), found: v.hit, of: v.total };
  console.table(rows);

  console.log('\n== Threshold sweep (pairs) ==');
  const sweep: Record<string, Record<string, string | number>> = {};
  const sweepRow = (label: string, t: Thresholds): void => {
    const r = evaluate(t);
    sweep[label] = {
      precision: percent(r.precision),
      recall: percent(r.recall),
      'false pos': r.fp,
      'variant FP': r.variantFp,
    };
  };
  sweepRow('no crop probes, direct as chosen', { ...chosen, crop: null });
  for (const v of [6, 8, 12, 14]) sweepRow(`direct d,p ≤ ${v}`, { ...chosen, direct: { d: v, p: v } });
  for (const v of [4, 6, 10, 12]) sweepRow(`crop d,p ≤ ${v}`, { ...chosen, crop: { d: v, p: v } });
  for (const [d, p] of [
    [8, 6],
    [10, 6],
    [6, 8],
    [8, 8],
    [10, 8],
    [12, 8],
    [10, 7],
    [12, 7],
    [10, 9],
  ] as const) {
    sweepRow(`crop d ≤ ${d}, p ≤ ${p}`, { ...chosen, crop: { d, p } });
  }
  sweepRow('chosen', chosen);
  console.table(sweep);

  latency(hashed);
}

// ─── variant suggestions from visual similarity ──────────────────────────────────────────────────────────────────

/**
 * Precision of the pairs suggested as variants from visual similarity: a suggestion is right when the two images are
 * truly related — same prompt with another seed (a variant), or an original and one of its edits that the
 * near-duplicate rule did not catch. Lineage as the family service sees it: generated images carry their prompt
 * (copies keep it; look-alikes and distinct images have their own), photographs none. Pairs already linked as
 * near-duplicates are not variant suggestions. No embeddings here: the embedding branch of the rule is untested by
 * this bench.
 */
function variantSuggestions(
  hashed: Hashed[],
  candidates: { i: number; j: number; distances: PairDistances }[],
  nearDuplicatePairs: Set<number>,
  isPositive: (a: number, b: number) => boolean,
): void {
  const promptKeyOf = (i: number): string | undefined =>
    hashed[i]!.prompt >= 0 ? `prompt-${hashed[i]!.prompt}` : undefined;
  const related = (a: number, b: number): boolean =>
    isPositive(a, b) || (hashed[a]!.prompt >= 0 && hashed[a]!.prompt === hashed[b]!.prompt);
  const kindOf = (a: number, b: number): string => {
    if (isPositive(a, b)) return 'edit';
    if (hashed[a]!.prompt >= 0 && hashed[a]!.prompt === hashed[b]!.prompt) return 'same prompt';
    const kinds = [hashed[a]!, hashed[b]!].map((h) => (h.kind === 'lookalike' ? 'look-alike' : h.source));
    return `unrelated (${kinds.sort().join(' × ')})`;
  };
  const rows: Record<string, Record<string, string | number>> = {};
  const measure = (label: string, accept: (c: (typeof candidates)[number]) => boolean): void => {
    const suggested = new Map<number, boolean>();
    const wrongKinds = new Map<string, number>();
    for (const c of candidates) {
      const key = pairKey(c.i, c.j);
      if (nearDuplicatePairs.has(key) || suggested.has(key) || !accept(c)) continue;
      suggested.set(key, related(c.i, c.j));
      if (!related(c.i, c.j)) wrongKinds.set(kindOf(c.i, c.j), (wrongKinds.get(kindOf(c.i, c.j)) ?? 0) + 1);
    }
    const right = [...suggested.values()].filter(Boolean).length;
    rows[label] = {
      suggested: suggested.size,
      right,
      precision: percent(right / suggested.size),
      'wrong, by kind': [...wrongKinds].map(([k, n]) => `${k} ${n}`).join('; ') || '—',
    };
  };
  const decide = (c: (typeof candidates)[number], limits?: { pHash: number; dHash: number }): boolean => {
    const evidence = { distances: c.distances, promptKeys: [promptKeyOf(c.i), promptKeyOf(c.j)] as const };
    if (!limits) return visualVariantDecision(evidence).suggest;
    const [mine, theirs] = evidence.promptKeys;
    if (mine !== undefined && theirs !== undefined) return mine === theirs;
    return c.distances.via === 'direct' && c.distances.pHash <= limits.pHash && c.distances.dHash <= limits.dHash;
  };
  measure(
    `hashes only: every variant candidate (direct pHash ≤ ${variantPHashThreshold}, dHash ≤ ${visualVariantLimits.dHash})`,
    () => true,
  );
  measure('lineage + hashes (visualVariantDecision, the rule in use)', (c) => decide(c));
  for (const [p, d] of [
    [10, 12],
    [14, 16],
    [16, 20],
    [18, 64],
  ] as const)
    measure(`  same, no-prompt pairs at pHash ≤ ${p}, dHash ≤ ${d}`, (c) => decide(c, { pHash: p, dHash: d }));
  const close = (c: (typeof candidates)[number]): boolean =>
    c.distances.via === 'direct' &&
    c.distances.pHash <= visualVariantLimits.pHash &&
    c.distances.dHash <= visualVariantLimits.dHash;
  measure(
    `hashes only, at the rule's closeness (pHash ≤ ${visualVariantLimits.pHash}, dHash ≤ ${visualVariantLimits.dHash})`,
    close,
  );
  measure('lineage + hashes, candidates at that closeness only', (c) => close(c) && decide(c));
  measure('  no-prompt pairs only (photographs), the rule in use', (c) => {
    return promptKeyOf(c.i) === undefined && promptKeyOf(c.j) === undefined && decide(c);
  });
  console.log('\n== Variant suggestions from visual similarity (src/domain/sameness.ts visualVariantDecision) ==');
  console.log(
    `rule: same prompt → suggest; different prompts → never; no prompt on one side → whole image pHash ≤ ${visualVariantLimits.pHash} and dHash ≤ ${visualVariantLimits.dHash} (or embedding cosine ≥ ${visualVariantLimits.embeddingCosine}); target precision ≥ 90 %`,
  );
  console.table(rows);
}

// ─── latency over 1,000,000 stored hashes ────────────────────────────────────────────────────────────────────────

function latency(hashed: Hashed[]): void {
  const n = Math.max(storedTarget, hashed.length);
  const random = mulberry32(424242);
  const u32 = (): number => Math.floor(random() * 4294967296) >>> 0;
  const ids: string[] = new Array<string>(n);
  const arrays = {
    fullP: { his: new Uint32Array(n), los: new Uint32Array(n) },
    fullD: { his: new Uint32Array(n), los: new Uint32Array(n) },
    insetP: { his: new Uint32Array(n), los: new Uint32Array(n) },
    insetD: { his: new Uint32Array(n), los: new Uint32Array(n) },
  };
  for (let i = 0; i < n; i++) {
    const h = hashed[i];
    ids[i] = h ? h.id : `random-${i}`;
    const put = (target: { his: Uint32Array; los: Uint32Array }, pair?: { hi: number; lo: number }): void => {
      target.his[i] = pair ? pair.hi : u32();
      target.los[i] = pair ? pair.lo : u32();
    };
    put(arrays.fullP, h?.hashes.full.pHash);
    put(arrays.fullD, h?.hashes.full.dHash);
    put(arrays.insetP, h?.hashes.inset.pHash);
    put(arrays.insetD, h?.hashes.inset.dHash);
  }
  global.gc?.();
  const before = process.memoryUsage();
  let t0 = performance.now();
  const single = new HammingIndex({ initialCapacity: n, bands: bands ?? bandsForSize(n) });
  single.addMany(ids, arrays.fullP.his, arrays.fullP.los, arrays.fullD);
  const singleLoadMs = performance.now() - t0;
  global.gc?.();
  const afterSingle = process.memoryUsage();
  t0 = performance.now();
  const index = new NearDuplicateIndex({ initialCapacity: n, bands, expectedSize: n });
  index.addMany(ids, arrays);
  const loadMs = performance.now() - t0;

  const queries = hashed.filter((_, i) => i % 3 === 0); // ~1,000 queries
  const time = (fn: (q: Hashed) => unknown): { p50: number; p95: number; max: number; mean: number } => {
    for (const q of queries.slice(0, 50)) fn(q); // warm-up
    const samples: number[] = [];
    for (const q of queries) {
      const s = performance.now();
      fn(q);
      samples.push(performance.now() - s);
    }
    samples.sort((a, b) => a - b);
    return {
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      max: samples[samples.length - 1]!,
      mean: samples.reduce((a, b) => a + b, 0) / samples.length,
    };
  };
  const fmt = (r: { p50: number; p95: number; max: number; mean: number }) => ({
    'p50 ms': r.p50.toFixed(3),
    'p95 ms': r.p95.toFixed(3),
    'max ms': r.max.toFixed(2),
    'mean ms': r.mean.toFixed(3),
  });
  let found = 0;
  const probes = queries[0]!.hashes.forwardProbes.length + queries[0]!.hashes.reverseProbes.length;
  const rows = {
    [`HammingIndex.query(pHash, r=${directThresholds.pHash}) — one look-up`]: fmt(
      time((q) => (found += single.query(q.hashes.full.pHash, directThresholds.pHash).length)),
    ),
    [`HammingIndex.query(pHash, r=${cropThresholds.pHash}) — one crop-probe look-up`]: fmt(
      time((q) => single.query(q.hashes.full.pHash, cropThresholds.pHash)),
    ),
    'find: near-duplicates, same framing only': fmt(time((q) => index.find(q.hashes, { crops: false }))),
    [`find: near-duplicates incl. ${probes} crop probes`]: fmt(time((q) => index.find(q.hashes))),
    [`find: + variant candidates (r=${variantPHashThreshold}) — what intake runs`]: fmt(
      time((q) => index.find(q.hashes, { variants: true })),
    ),
  };
  console.log(
    `\n== Lookup latency over ${n.toLocaleString('en')} stored hashes, ${single.bands} bands (${hashed.length} from the corpus, the rest random), ${queries.length} queries ==`,
  );
  console.table(rows);
  const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MiB`;
  console.log(
    `bulk load: HammingIndex ${(singleLoadMs / 1000).toFixed(2)} s (${mib(single.typedArrayBytes())} typed arrays, heap+buffers +${mib(afterSingle.heapUsed + afterSingle.arrayBuffers - before.heapUsed - before.arrayBuffers)}); NearDuplicateIndex (two indexes) ${(loadMs / 1000).toFixed(2)} s (${mib(index.typedArrayBytes())} typed arrays)`,
  );
  console.log(`target: near-duplicate lookup p95 ≤ 10 ms (sanity: ${found} matches found)`);
}

await main();
