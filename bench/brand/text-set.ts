/**
 * The OCR evaluation set (issue 13, Proof): pictures with known words rendered by sharp (SVG text in the DejaVu fonts,
 * 24–72 px, varied font, weight, case, colour and position), in three categories:
 * - plain: dark or light text on flat or gently graded backgrounds;
 * - outlined-photo: light text with a dark outline (or the reverse) over real photographs (Debian python3-skimage, as
 *   bench/dupes.bench.ts obtains them into .data/), or over generated photo-like scenes when none are present;
 * - distractor: the same photographs and scenes without any text (every word read there is a false word).
 * Deterministic for a seed, so the benchmark and the test beside the OCR module see the same pictures.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import type { DetailImage } from '../../src/domain/image-content.ts';
import { paintPixels, prng } from '../../test/provenance-fixtures.ts';

export type TextCategory = 'plain' | 'outlined-photo' | 'distractor';

export interface TextSample {
  name: string;
  category: TextCategory;
  /** The words drawn, in drawing order (none for distractors). */
  words: string[];
  /** Where each drawn line is, roughly (its box estimated from the font size and character count). */
  lines: { text: string; x: number; y: number; fontPx: number }[];
  /** What the background is: a photograph's file name, 'scene' (generated) or 'flat'. */
  background: string;
  image: DetailImage;
}

/** Real words (the recogniser's dictionary helps with these, as it would with real captions and watermarks). */
const vocabulary = (
  'market garden window silver planet coffee summer winter autumn spring morning evening harbour mountain river ' +
  'forest island bridge castle station library museum theatre gallery studio kitchen bakery orange purple yellow ' +
  'golden crystal marble velvet cotton leather paper letter answer question number simple modern classic future ' +
  'nature travel journey holiday weekend festival concert dinner breakfast picnic sunset sunrise ocean desert ' +
  'valley meadow canyon village city street avenue square corner market fresh quality premium special limited ' +
  'edition collection season offer sale discount free delivery today tomorrow always never every better bright ' +
  'happy lucky quiet gentle strong rapid smooth clean pure natural organic local global digital creative design ' +
  'studio brand product service family friend people health energy power light shadow colour picture camera ' +
  'photo stock sample preview draft copy original version review approved control secure private public'
).split(/\s+/);

const fonts = [
  { family: 'DejaVu Sans', weight: 'normal', advance: 0.62 },
  { family: 'DejaVu Sans', weight: 'bold', advance: 0.7 },
  { family: 'DejaVu Serif', weight: 'normal', advance: 0.62 },
  { family: 'DejaVu Serif', weight: 'bold', advance: 0.72 },
  { family: 'DejaVu Sans Mono', weight: 'normal', advance: 0.61 },
  { family: 'DejaVu Sans Condensed', weight: 'normal', advance: 0.56 },
] as const;

/**
 * Photographs that carry no text of their own (text.png, page.png, logo.png and the clock are left out: their own
 * letters would count as false words or as unexpected hits).
 */
export const textFreePhotoNames = [
  'astronaut.png',
  'brick.png',
  'camera.png',
  'chelsea.png',
  'coffee.png',
  'coins.png',
  'grass.png',
  'gravel.png',
  'horse.png',
  'hubble_deep_field.jpg',
  'ihc.png',
  'moon.png',
  'motorcycle_left.png',
  'retina.jpg',
  'cell.png',
  'color.png',
];

/**
 * The photographs already on this machine (python3-skimage installed, or unpacked into .data/skimage by .ci/run, or
 * bench:dupes' copies); never downloads.
 */
export function photosOnDisk(root = resolve(import.meta.dirname, '..', '..', '.data')): string[] {
  const folders = [
    '/usr/lib/python3/dist-packages/skimage/data',
    join(root, 'skimage'),
    join(root, 'bench-dupes', 'photos'),
    join(root, 'bench-brand', 'photos'),
  ];
  for (const dir of folders) {
    if (!existsSync(dir)) continue;
    const present = readdirSync(dir).filter((f) => textFreePhotoNames.includes(f));
    if (present.length > 0) return present.sort().map((f) => join(dir, f));
  }
  return [];
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (random: () => number, low: number, high: number): number => low + random() * (high - low);
const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function caseOf(random: () => number, word: string): string {
  const roll = random();
  if (roll < 0.5) return word;
  if (roll < 0.8) return word[0]!.toUpperCase() + word.slice(1);
  return word.toUpperCase();
}

interface Layout {
  svg: string;
  words: string[];
  lines: TextSample['lines'];
}

/** Lines of 1–3 words stacked down the picture at random heights and indents, each fully inside the frame. */
function layoutText(
  random: () => number,
  size: number,
  style: (fontPx: number) => { fill: string; stroke?: string; strokeWidth?: number },
): Layout {
  const words: string[] = [];
  const lines: TextSample['lines'] = [];
  let svg = '';
  let y = between(random, 0.03, 0.12) * size;
  for (let line = 0; line < 6; line++) {
    const fontPx = Math.round(between(random, 24, 72));
    const font = pick(random, fonts);
    const lineWords = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
      caseOf(random, pick(random, vocabulary)),
    );
    const text = lineWords.join(' ');
    const estimatedWidth = text.length * fontPx * font.advance * (text === text.toUpperCase() ? 1.15 : 1);
    if (estimatedWidth > size * 0.94) continue;
    y += fontPx * between(random, 1.3, 2.4);
    if (y + fontPx * 0.3 > size * 0.97) break;
    const x = between(random, 0.03 * size, size * 0.97 - estimatedWidth);
    const { fill, stroke, strokeWidth } = style(fontPx);
    const outline = stroke
      ? ` stroke="${stroke}" stroke-width="${strokeWidth}" paint-order="stroke" stroke-linejoin="round"`
      : '';
    svg += `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="${font.family}" font-weight="${font.weight}" font-size="${fontPx}" fill="${fill}"${outline}>${escapeXml(text)}</text>`;
    words.push(...lineWords);
    lines.push({ text, x, y: y - fontPx * 0.8, fontPx });
  }
  return { svg, words, lines };
}

const hsl = (h: number, s: number, l: number): string => `hsl(${h.toFixed(0)},${s.toFixed(0)}%,${l.toFixed(0)}%)`;

async function photoBackground(path: string, size: number, random: () => number): Promise<Buffer> {
  // A random crop (60–100 % of the short side) scaled to the frame: the same photograph looks different each time.
  const meta = await sharp(path).metadata();
  const short = Math.min(meta.width, meta.height);
  const side = Math.round(short * between(random, 0.6, 1));
  const left = Math.floor(random() * (meta.width - side + 1));
  const top = Math.floor(random() * (meta.height - side + 1));
  return sharp(path)
    .extract({ left, top, width: side, height: side })
    .resize(size, size)
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer();
}

function sceneBackground(size: number, seed: number): Buffer {
  return Buffer.from(paintPixels(size, size, 3, seed));
}

async function compose(background: Buffer, size: number, svg: string): Promise<DetailImage> {
  const overlay = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">${svg}</svg>`);
  const rgb = await sharp(background, { raw: { width: size, height: size, channels: 3 } })
    .composite([{ input: overlay }])
    .removeAlpha()
    .raw()
    .toBuffer();
  return {
    width: size,
    height: size,
    channels: 3,
    rgb: new Uint8Array(rgb),
    originalWidth: size,
    originalHeight: size,
  };
}

export async function plainSample(index: number, size = 1024, seed = 1): Promise<TextSample> {
  const random = prng(seed * 1_000_003 + index * 7919 + 1);
  const hue = between(random, 0, 360);
  const darkText = random() < 0.6;
  const [bgLight, textLight] = darkText
    ? [between(random, 78, 97), between(random, 5, 30)]
    : [between(random, 5, 25), between(random, 75, 98)];
  const graded = random() < 0.5;
  const fill = hsl((hue + between(random, 0, 180)) % 360, between(random, 0, 70), textLight);
  const layout = layoutText(random, size, () => ({ fill }));
  const background = graded
    ? `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${hsl(hue, 40, bgLight)}"/><stop offset="1" stop-color="${hsl((hue + 40) % 360, 40, darkText ? bgLight - 12 : bgLight + 10)}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>`
    : `<rect width="100%" height="100%" fill="${hsl(hue, between(random, 0, 50), bgLight)}"/>`;
  const flat = Buffer.alloc(size * size * 3, 255);
  return {
    name: `plain-${index}`,
    category: 'plain',
    words: layout.words,
    lines: layout.lines,
    background: 'flat',
    image: await compose(flat, size, background + layout.svg),
  };
}

export async function outlinedSample(
  index: number,
  photos: readonly string[],
  size = 1024,
  seed = 1,
): Promise<TextSample> {
  const random = prng(seed * 2_000_003 + index * 104729 + 2);
  const photo = photos.length > 0 ? photos[index % photos.length]! : undefined;
  const background = photo ? await photoBackground(photo, size, random) : sceneBackground(size, seed * 31 + index);
  const lightFill = random() < 0.75;
  const fill = lightFill
    ? pick(random, ['#ffffff', '#fff6d5', '#ffe14d', '#e8f4ff'])
    : pick(random, ['#000000', '#1a1a40']);
  const stroke = lightFill ? pick(random, ['#000000', '#202020', '#3a0a0a']) : '#ffffff';
  const layout = layoutText(random, size, (fontPx) => ({
    fill,
    stroke,
    strokeWidth: Math.max(2, Math.round(fontPx / between(random, 9, 14))),
  }));
  return {
    name: `outlined-${index}`,
    category: 'outlined-photo',
    words: layout.words,
    lines: layout.lines,
    background: photo ? photo.split('/').pop()! : 'scene',
    image: await compose(background, size, layout.svg),
  };
}

export async function distractorSample(
  index: number,
  photos: readonly string[],
  size = 1024,
  seed = 1,
): Promise<TextSample> {
  const random = prng(seed * 3_000_017 + index * 15485863 + 3);
  // Every other distractor is a photograph (when there are any): textures such as gravel and brick are where OCR
  // invents words.
  const photo = photos.length > 0 && index % 2 === 0 ? photos[(index / 2) % photos.length]! : undefined;
  const background = photo ? await photoBackground(photo, size, random) : sceneBackground(size, seed * 57 + index);
  return {
    name: `distractor-${index}`,
    category: 'distractor',
    words: [],
    lines: [],
    background: photo ? photo.split('/').pop()! : 'scene',
    image: await compose(background, size, ''),
  };
}

/** The whole set: `plain` + `outlined` + `distractors` samples, generated one at a time (each 1024² is 3 MB). */
export async function* textSet(options: {
  plain: number;
  outlined: number;
  distractors: number;
  photos: readonly string[];
  size?: number;
  seed?: number;
}): AsyncGenerator<TextSample> {
  const { size = 1024, seed = 1, photos } = options;
  for (let i = 0; i < options.plain; i++) yield plainSample(i, size, seed);
  for (let i = 0; i < options.outlined; i++) yield outlinedSample(i, photos, size, seed);
  for (let i = 0; i < options.distractors; i++) yield distractorSample(i, photos, size, seed);
}

/** How a recognised word is compared with a drawn one: case-folded, surrounding punctuation dropped. */
export const normaliseWord = (word: string): string =>
  word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

/** Drawn words found among the recognised ones, each recognised word used once (a multiset match). */
export function wordsFound(drawn: readonly string[], recognised: readonly string[]): number {
  const pool = new Map<string, number>();
  for (const word of recognised.map(normaliseWord)) pool.set(word, (pool.get(word) ?? 0) + 1);
  let found = 0;
  for (const word of drawn.map(normaliseWord)) {
    const left = pool.get(word) ?? 0;
    if (left > 0) {
      found++;
      pool.set(word, left - 1);
    }
  }
  return found;
}
