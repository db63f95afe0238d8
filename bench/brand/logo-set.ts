/**
 * The logo evaluation set (issue 13, Proof): generated reference logos, each pasted at 5–30 % of the picture's width
 * at a known position over varied backgrounds (flat, gradient, photograph, busy scene, painted scene) and recompressed
 * as JPEG at quality 70–95; and distractors — the same kinds of background without the logo, some carrying a lookalike
 * (another mark of the same shape and colours) or another of the reference logos.
 *
 * Logos and lookalikes are placed where they stand out from the background (legiblePlacement), in brightness or in
 * colour: a brand's guideline asks for that, and a dark wordmark on an equally dark ground is not a logo anyone can
 * see; a red one on a green of the same brightness is, though not in greyscale.
 *
 * Three references, the shapes a brand hands over: a text-and-shape mark (a letter in a rounded square beside a
 * wordmark), a round badge with transparent corners, and a wide wordmark. Photographs are those already on this
 * machine (bench:dupes obtains Debian python3-skimage's into .data/); without them, generated scenes take their place.
 * Deterministic for a seed, so the benchmark and the test beside the matcher (src/enrich/logo/) see the same pictures.
 */
import sharp from 'sharp';
import type { Box, DetailImage } from '../../src/domain/image-content.ts';
import { paintPixels, prng } from '../../test/provenance-fixtures.ts';
import { photosOnDisk } from './text-set.ts';

export type LogoName = 'mark-and-wordmark' | 'round-badge' | 'wide-wordmark';
export const logoNames: readonly LogoName[] = ['mark-and-wordmark', 'round-badge', 'wide-wordmark'];

export type BackgroundKind = 'flat' | 'gradient' | 'photo' | 'busy' | 'scene';
const backgroundKinds: readonly BackgroundKind[] = ['flat', 'gradient', 'photo', 'busy', 'scene'];

export interface LogoSample {
  name: string;
  /** The reference logo pasted, or undefined for a distractor. */
  logo: LogoName | undefined;
  /** Where its visible part was pasted, in the picture's pixels (undefined for a distractor). */
  box: Box | undefined;
  /** What else is in the picture: a lookalike mark or another reference logo (distractors only). */
  decoy: string | undefined;
  background: BackgroundKind;
  quality: number;
  image: DetailImage;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (random: () => number, low: number, high: number): number => low + random() * (high - low);
const hsl = (h: number, s: number, l: number): string => `hsl(${h.toFixed(0)},${s.toFixed(0)}%,${l.toFixed(0)}%)`;

const svg = (width: number, height: number, body: string): Buffer =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`);

/** A letter in a rounded square beside a two-line wordmark (the lookalike swaps the letter and the words). */
const markAndWordmark = (letter: string, word: string, tagline: string): Buffer =>
  svg(
    480,
    160,
    `<rect x="8" y="8" width="144" height="144" rx="28" fill="#1f5fbf"/>` +
      `<text x="80" y="122" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="112" fill="#ffffff">${letter}</text>` +
      `<text x="172" y="92" font-family="DejaVu Sans" font-weight="bold" font-size="76" fill="#1f5fbf">${word}</text>` +
      `<text x="174" y="138" font-family="DejaVu Sans" font-size="32" fill="#e0702a">${tagline}</text>`,
  );

/** A round badge: transparent corners, a ring, a star and a word (the lookalike: a square in place of the star). */
const roundBadge = (inner: 'star' | 'square', word: string): Buffer => {
  const star = Array.from({ length: 10 }, (_, i) => {
    const angle = (Math.PI * i) / 5 - Math.PI / 2;
    const radius = i % 2 === 0 ? 62 : 26;
    return `${(160 + radius * Math.cos(angle)).toFixed(1)},${(140 + radius * Math.sin(angle)).toFixed(1)}`;
  }).join(' ');
  const centre =
    inner === 'star'
      ? `<polygon points="${star}" fill="#ffd23f"/>`
      : `<rect x="108" y="88" width="104" height="104" fill="#ffd23f"/>`;
  return svg(
    320,
    320,
    `<circle cx="160" cy="160" r="156" fill="#b3261e"/>` +
      `<circle cx="160" cy="160" r="132" fill="none" stroke="#ffffff" stroke-width="10"/>` +
      centre +
      `<text x="160" y="252" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="44" fill="#ffffff">${word}</text>`,
  );
};

/** A wide wordmark with an underline bar (the lookalike: another word in the same type and colours). */
const wideWordmark = (word: string): Buffer =>
  svg(
    640,
    150,
    `<text x="12" y="100" font-family="DejaVu Serif" font-weight="bold" font-size="104" fill="#2b2b2b">${word}</text>` +
      `<rect x="14" y="118" width="612" height="16" fill="#2a9d5b"/>`,
  );

/** The reference logos as PNG files with transparency, as a brand would upload them. */
export async function referenceLogoFiles(): Promise<Record<LogoName, Buffer>> {
  const png = (source: Buffer): Promise<Buffer> => sharp(source).png().toBuffer();
  return {
    'mark-and-wordmark': await png(markAndWordmark('A', 'ACME', 'since 1948')),
    'round-badge': await png(roundBadge('star', 'NOVA')),
    'wide-wordmark': await png(wideWordmark('Northwind')),
  };
}

/** Marks of the same shapes and colours as the references that are not them. */
async function lookalikeFiles(): Promise<Record<string, Buffer>> {
  const png = (source: Buffer): Promise<Buffer> => sharp(source).png().toBuffer();
  return {
    'lookalike-mark': await png(markAndWordmark('Z', 'ZENO', 'est. 2011')),
    'lookalike-badge': await png(roundBadge('square', 'LUNA')),
    'lookalike-wordmark': await png(wideWordmark('Harborline')),
  };
}

async function background(kind: BackgroundKind, size: number, random: () => number, photos: string[]): Promise<Buffer> {
  const hue = between(random, 0, 360);
  if (kind === 'photo' && photos.length > 0) {
    const path = pick(random, photos);
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
  if (kind === 'photo' || kind === 'scene')
    return Buffer.from(paintPixels(size, size, 3, Math.floor(random() * 1e9) + 1));
  let body: string;
  if (kind === 'flat')
    body = `<rect width="${size}" height="${size}" fill="${hsl(hue, between(random, 0, 80), between(random, 10, 95))}"/>`;
  else if (kind === 'gradient')
    body =
      `<defs><linearGradient id="g" x1="0" y1="0" x2="${random().toFixed(2)}" y2="1">` +
      `<stop offset="0" stop-color="${hsl(hue, 60, between(random, 10, 50))}"/>` +
      `<stop offset="1" stop-color="${hsl((hue + between(random, 30, 180)) % 360, 60, between(random, 50, 95))}"/>` +
      `</linearGradient></defs><rect width="${size}" height="${size}" fill="url(#g)"/>`;
  else {
    // Busy: many overlapping shapes, strokes and words in strong colours, the clutter a logo often sits in.
    body = `<rect width="${size}" height="${size}" fill="${hsl(hue, 40, between(random, 20, 80))}"/>`;
    for (let i = 0; i < 90; i++) {
      const x = between(random, -0.1, 1) * size;
      const y = between(random, -0.1, 1) * size;
      const r = between(random, 0.01, 0.12) * size;
      const fill = hsl(between(random, 0, 360), between(random, 20, 90), between(random, 10, 90));
      const roll = random();
      body +=
        roll < 0.35
          ? `<circle cx="${x}" cy="${y}" r="${r}" fill="${fill}"/>`
          : roll < 0.7
            ? `<rect x="${x}" y="${y}" width="${r * 2}" height="${r * between(random, 0.3, 2)}" rx="${r * 0.2}" fill="${fill}"/>`
            : roll < 0.85
              ? `<line x1="${x}" y1="${y}" x2="${x + r * 4}" y2="${y + r * between(random, -2, 2)}" stroke="${fill}" stroke-width="${between(random, 2, 12)}"/>`
              : `<text x="${x}" y="${y}" font-family="DejaVu Sans" font-size="${r}" fill="${fill}">${pick(random, ['SALE', 'new', 'Open', 'city', '24/7', 'Fresh'])}</text>`;
    }
  }
  return sharp(svg(size, size, body))
    .removeAlpha()
    .raw()
    .toBuffer();
}

const luma = (r: number, g: number, b: number): number => (r * 77 + g * 150 + b * 29) >> 8;

/** Grey levels between a logo's outline and the background under it for the logo to count as legible there. */
export const legibleContrast = 40;
/**
 * Or this distance in RGB between their mean colours (about 1.5 times what a 40-level grey shift moves): a red
 * wordmark on a green of the same brightness is legible though its greyscale is not.
 */
export const legibleColourDistance = 100;

/**
 * A place for the logo fully inside the frame where it is legible: a brand places its logo where it stands out
 * (guidelines ask for contrast; a dark wordmark has a light version for dark grounds). Of up to 30 random places, the
 * first whose background (mean grey under the logo's box) differs from the logo's outline by `legibleContrast`
 * grey levels, else the one with the most contrast (and `legible` false: the caller draws another background).
 */
function legiblePlacement(
  random: () => number,
  base: Buffer,
  size: number,
  logo: { width: number; height: number; outlineGrey: number; outlineColour: readonly [number, number, number] },
): { left: number; top: number; legible: boolean } {
  let best = { left: 0, top: 0, legible: false, contrast: -1 };
  for (let attempt = 0; attempt < 30; attempt++) {
    const left = Math.floor(random() * (size - logo.width + 1));
    const top = Math.floor(random() * (size - logo.height + 1));
    let sum = 0;
    let count = 0;
    const colour = [0, 0, 0];
    for (let y = top; y < top + logo.height; y += 2)
      for (let x = left; x < left + logo.width; x += 2) {
        const at = (y * size + x) * 3;
        sum += luma(base[at]!, base[at + 1]!, base[at + 2]!);
        for (let c = 0; c < 3; c++) colour[c]! += base[at + c]!;
        count++;
      }
    const contrast = Math.abs(sum / Math.max(1, count) - logo.outlineGrey);
    const colourDistance = Math.hypot(...colour.map((total, c) => total / Math.max(1, count) - logo.outlineColour[c]!));
    if (contrast >= legibleContrast || colourDistance >= legibleColourDistance) return { left, top, legible: true };
    if (contrast > best.contrast) best = { left, top, legible: false, contrast };
  }
  return best;
}

async function composeAndRecompress(
  base: Buffer,
  size: number,
  pastes: { input: Buffer; left: number; top: number }[],
  quality: number,
): Promise<DetailImage> {
  const jpeg = await sharp(base, { raw: { width: size, height: size, channels: 3 } })
    .composite(pastes)
    .jpeg({ quality })
    .toBuffer();
  const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    channels: 3,
    rgb: new Uint8Array(data),
    originalWidth: info.width,
    originalHeight: info.height,
  };
}

/** The logo resized for pasting, and where its visible part (alpha ≥ 128, what the matcher reports) lies in it. */
async function resizedLogo(
  png: Buffer,
  width: number,
): Promise<{
  input: Buffer;
  width: number;
  height: number;
  visible: Box;
  outlineGrey: number;
  outlineColour: [number, number, number];
}> {
  const { data, info } = await sharp(png).resize({ width }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  let [left, top, right, bottom] = [info.width, info.height, -1, -1];
  for (let y = 0; y < info.height; y++)
    for (let x = 0; x < info.width; x++)
      if (data[(y * info.width + x) * 4 + 3]! >= 128) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
  // The mean grey of the opaque pixels that border transparent ones: what the background must stand apart from.
  let outlineSum = 0;
  let outlineCount = 0;
  const outlineColour: [number, number, number] = [0, 0, 0];
  const opaqueAt = (x: number, y: number): boolean =>
    x >= 0 && y >= 0 && x < info.width && y < info.height && data[(y * info.width + x) * 4 + 3]! >= 128;
  for (let y = 0; y < info.height; y++)
    for (let x = 0; x < info.width; x++)
      if (opaqueAt(x, y) && !(opaqueAt(x - 1, y) && opaqueAt(x + 1, y) && opaqueAt(x, y - 1) && opaqueAt(x, y + 1))) {
        const at = (y * info.width + x) * 4;
        outlineSum += luma(data[at]!, data[at + 1]!, data[at + 2]!);
        for (let c = 0; c < 3; c++) outlineColour[c as 0 | 1 | 2] += data[at + c]!;
        outlineCount++;
      }
  const input = await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } })
    .png()
    .toBuffer();
  return {
    input,
    width: info.width,
    height: info.height,
    visible: { x: left, y: top, width: right - left + 1, height: bottom - top + 1 },
    outlineGrey: outlineSum / Math.max(1, outlineCount),
    outlineColour: outlineColour.map((total) => total / Math.max(1, outlineCount)) as [number, number, number],
  };
}

export interface LogoSetOptions {
  seed?: number;
  /** The pictures' side in pixels (square). */
  size?: number;
  /** Pictures per reference logo with that logo pasted. */
  positivesPerLogo: number;
  /** Pictures without any reference logo (a third carry a lookalike, the rest nothing). */
  distractors: number;
  /** Photographs to use as backgrounds (default: those on this machine, photosOnDisk). */
  photos?: string[];
  /** Background kinds to draw from (default all). */
  backgrounds?: readonly BackgroundKind[];
}

/**
 * The samples, one at a time (a 1024² picture is 3 MB of RGB): positives first (each logo in turn), then the
 * distractors. A positive for one logo is also a distractor for the other two (the benchmark counts it so).
 */
export async function* logoSet(options: LogoSetOptions): AsyncGenerator<LogoSample> {
  const seed = options.seed ?? 1;
  const size = options.size ?? 1024;
  const photos = options.photos ?? photosOnDisk();
  const kinds = options.backgrounds ?? backgroundKinds;
  const logos = await referenceLogoFiles();
  const lookalikes = await lookalikeFiles();
  for (let i = 0; i < options.positivesPerLogo * logoNames.length; i++) {
    const logo = logoNames[i % logoNames.length]!;
    const random = prng(seed * 1_000_003 + i * 7919 + 11);
    const kind = kinds[Math.floor(i / logoNames.length) % kinds.length]!;
    const pasted = await resizedLogo(logos[logo], Math.round(between(random, 0.05, 0.3) * size));
    let base = await background(kind, size, random, photos);
    let place = legiblePlacement(random, base, size, pasted);
    for (let redraw = 0; redraw < 5 && !place.legible; redraw++) {
      base = await background(kind, size, random, photos);
      place = legiblePlacement(random, base, size, pasted);
    }
    const { left, top } = place;
    const quality = Math.round(between(random, 70, 95));
    yield {
      name: `${logo}-${i}-${kind}`,
      logo,
      box: { ...pasted.visible, x: left + pasted.visible.x, y: top + pasted.visible.y },
      decoy: undefined,
      background: kind,
      quality,
      image: await composeAndRecompress(base, size, [{ input: pasted.input, left, top }], quality),
    };
  }
  const decoys = Object.keys(lookalikes);
  for (let i = 0; i < options.distractors; i++) {
    const random = prng(seed * 2_000_029 + i * 104_729 + 13);
    const kind = kinds[i % kinds.length]!;
    const base = await background(kind, size, random, photos);
    const decoy = i % 3 === 0 ? decoys[Math.floor(i / 3) % decoys.length]! : undefined;
    const pastes: { input: Buffer; left: number; top: number }[] = [];
    if (decoy) {
      const pasted = await resizedLogo(lookalikes[decoy]!, Math.round(between(random, 0.05, 0.3) * size));
      pastes.push({ input: pasted.input, ...legiblePlacement(random, base, size, pasted) });
    }
    const quality = Math.round(between(random, 70, 95));
    yield {
      name: `distractor-${i}-${kind}${decoy ? `-${decoy}` : ''}`,
      logo: undefined,
      box: undefined,
      decoy,
      background: kind,
      quality,
      image: await composeAndRecompress(base, size, pastes, quality),
    };
  }
}

/** Intersection over union of two boxes. */
export function boxIoU(a: Box, b: Box): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (width <= 0 || height <= 0) return 0;
  const overlap = width * height;
  return overlap / (a.width * a.height + b.width * b.height - overlap);
}
