/**
 * Dominant palette of a decoded image, and on-palette shares for brand checks.
 *
 * Method: a 15-bit colour histogram (32 levels per channel; each bin keeps the mean colour of its pixels),
 * then weighted k-means in Lab over the non-empty bins, seeded deterministically (heaviest bin first, then the bin
 * with the largest weight × squared distance to the chosen seeds — k-means++ without the dice), then clusters
 * closer than a just-noticeable ΔE2000 are merged. Working on bins instead of pixels makes the cost depend on the
 * number of distinct colours (a few thousand for a photograph) rather than on the pixel count, and the fixed
 * order makes the result identical on every run. Pixels count by their alpha, so transparent areas are ignored and
 * anti-aliased edges count partly.
 */
import { colourFamilyOf } from '../../domain/colour-family.ts';
import { deltaE2000 } from '../../domain/delta-e.ts';
import type { DecodedImage, PaletteColour, Producer } from '../../domain/enrichment.ts';
import { hexToLab, labToHex, rgbToLab, type Lab } from '../../domain/lab.ts';
import { nearestNamedColour } from './colour-names.ts';

/**
 * Bump modelVersion whenever the method, its defaults or the name table change, so stored palettes are redone.
 * 2: clusters built from the 4-bit histogram (paletteBits) of at most paletteSamples pixels, instead of the
 * 5-bit one of 65,536; each colour gains its family.
 */
export const paletteProducer: Producer = {
  enricher: 'palette',
  model: 'provena-palette-kmeans-lab',
  modelVersion: '2',
};

/** Non-empty histogram bins: mean colour in Lab and total alpha weight, in bin-index order. */
export interface ColourHistogram {
  readonly size: number;
  readonly l: Float64Array;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly weight: Float64Array;
  /** Sum of all weights (alpha / 255 per pixel): the number of fully opaque pixel equivalents. */
  readonly totalWeight: number;
}

/**
 * Histogram bits per channel for palettes: 4 (4,096 bins at most). k-means runs over the non-empty bins, so its cost
 * follows their number: on noisy generated images 5 bits leave ~7,000 bins and the palette took ~7.6 ms, 4 bits
 * ~2.1 ms; on photographs 1.1 against 0.65 ms. Each bin keeps the mean colour of its pixels, so coarser bins lose
 * little: see docs/decisions/0008-working-image-and-palette-cost.md for the quality comparison.
 */
export const paletteBits = 4;

/**
 * Pixels a palette is built from at most: 16,384, i.e. a lattice over larger images. The shares stay within ±0.25 %
 * (one standard error for a 10 % colour) and the palette as good: mean CIEDE2000 from each pixel to its nearest
 * palette colour 2.49 with 16,384 or 65,536 samples on 44 photographs, 10.63 against 10.59 on the noisy bench images,
 * ~0.6 ms less per image. Brand measures (measureShareWithin) keep defaultMaxSamples.
 */
export const paletteSamples = 1 << 14;

/** Pixels read at most for a histogram (default): enough for shares to ±0.5 %, and ~1 ms of work. */
export const defaultMaxSamples = 1 << 16;

export interface HistogramOptions {
  /** Bits kept per channel (default 5: 32 levels, bins at most 8 levels wide — fine enough for pixel shares). */
  bits?: number;
  maxSamples?: number;
}

/**
 * Builds the histogram from every pixel, or from an even lattice of about `maxSamples` pixels on larger images:
 * every s-th pixel with s odd, so that on the usual power-of-two widths the samples step through all columns
 * instead of repeating the same few. Deterministic.
 */
export const colourHistogram = (
  image: Pick<DecodedImage, 'rgba'>,
  { bits = 5, maxSamples = defaultMaxSamples }: HistogramOptions = {},
): ColourHistogram => {
  if (!(Number.isInteger(bits) && bits >= 1 && bits <= 8)) throw new RangeError(`colourHistogram: bits ${bits}`);
  const BITS = bits;
  const SHIFT = 8 - BITS;
  const BINS = 1 << (3 * BITS);
  const { rgba } = image;
  const pixels = rgba.length >> 2;
  let step = Math.max(1, Math.ceil(pixels / Math.max(1, maxSamples)));
  if (step > 1 && step % 2 === 0) step++;
  // Integer accumulators: unweighted channel sums for the bin's mean colour (< 2^32 up to 16 M samples),
  // alpha sums for its weight. Integer typed arrays keep this loop at a few ns per pixel.
  const alphaSum = new Uint32Array(BINS);
  const count = new Uint32Array(BINS);
  const sumR = new Uint32Array(BINS);
  const sumG = new Uint32Array(BINS);
  const sumB = new Uint32Array(BINS);
  for (let p = 0; p + 3 < rgba.length; p += 4 * step) {
    const alpha = rgba[p + 3] as number;
    if (alpha === 0) continue;
    const r = rgba[p] as number;
    const g = rgba[p + 1] as number;
    const b = rgba[p + 2] as number;
    const bin = ((r >> SHIFT) << (2 * BITS)) | ((g >> SHIFT) << BITS) | (b >> SHIFT);
    alphaSum[bin] = (alphaSum[bin] as number) + alpha;
    count[bin] = (count[bin] as number) + 1;
    sumR[bin] = (sumR[bin] as number) + r;
    sumG[bin] = (sumG[bin] as number) + g;
    sumB[bin] = (sumB[bin] as number) + b;
  }
  let size = 0;
  for (let i = 0; i < BINS; i++) if ((count[i] as number) > 0) size++;
  const out = {
    l: new Float64Array(size),
    a: new Float64Array(size),
    b: new Float64Array(size),
    weight: new Float64Array(size),
  };
  let total = 0;
  for (let i = 0, j = 0; i < BINS; i++) {
    const n = count[i] as number;
    if (n === 0) continue;
    // The mean rounded to whole levels: half a level is far below a visible difference, and it lets rgbToLab
    // use its lookup table instead of three pow() calls per bin.
    const lab = rgbToLab(
      Math.round((sumR[i] as number) / n),
      Math.round((sumG[i] as number) / n),
      Math.round((sumB[i] as number) / n),
    );
    const w = (alphaSum[i] as number) / 255;
    out.l[j] = lab.l;
    out.a[j] = lab.a;
    out.b[j] = lab.b;
    out.weight[j] = w;
    total += w;
    j++;
  }
  return { size, ...out, totalWeight: total };
};

export interface PaletteOptions {
  /** Most colours returned (default 8). Fewer come back when the image has fewer distinct colours. */
  maxColours?: number;
  /** Clusters closer than this CIEDE2000 distance are one colour (default 3: barely distinguishable). */
  mergeBelow?: number;
  /** k-means iterations at most (default 24; it usually settles in under ten). */
  maxIterations?: number;
  /** Bits per channel of the histogram the clusters are built from, when given pixels (default paletteBits). */
  histogramBits?: number;
}

interface Cluster {
  lab: Lab;
  weight: number;
}

const seed = (h: ColourHistogram, k: number): Lab[] => {
  const minD2 = new Float64Array(h.size).fill(Infinity);
  const seeds: Lab[] = [];
  let pick = 0;
  for (let i = 1; i < h.size; i++) if ((h.weight[i] as number) > (h.weight[pick] as number)) pick = i;
  while (seeds.length < k) {
    const s = { l: h.l[pick] as number, a: h.a[pick] as number, b: h.b[pick] as number };
    seeds.push(s);
    let best = -1;
    let bestScore = 0;
    for (let i = 0; i < h.size; i++) {
      const dl = (h.l[i] as number) - s.l;
      const da = (h.a[i] as number) - s.a;
      const db = (h.b[i] as number) - s.b;
      const d2 = Math.min(minD2[i] as number, dl * dl + da * da + db * db);
      minD2[i] = d2;
      const score = d2 * (h.weight[i] as number);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    if (best < 0) break; // every bin coincides with a seed: the image has fewer colours than k
    pick = best;
  }
  return seeds;
};

const kMeans = (h: ColourHistogram, k: number, maxIterations: number): Cluster[] => {
  const seeds = seed(h, k);
  const n = seeds.length;
  // Centres as a flat array: this loop runs bins × k × iterations times.
  const centres = new Float64Array(n * 3);
  seeds.forEach((s, c) => centres.set([s.l, s.a, s.b], c * 3));
  const assignment = new Int32Array(h.size).fill(-1);
  const sums = new Float64Array(n * 4);
  // Squared distances between centres, for the triangle-inequality skip below.
  const between = new Float64Array(n * n);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let movedWeight = 0;
    sums.fill(0);
    for (let c = 0; c < n; c++) {
      for (let d = 0; d < n; d++) {
        const dl = (centres[c * 3] as number) - (centres[d * 3] as number);
        const da = (centres[c * 3 + 1] as number) - (centres[d * 3 + 1] as number);
        const db = (centres[c * 3 + 2] as number) - (centres[d * 3 + 2] as number);
        between[c * n + d] = dl * dl + da * da + db * db;
      }
    }
    for (let i = 0; i < h.size; i++) {
      const l = h.l[i] as number;
      const a = h.a[i] as number;
      const b = h.b[i] as number;
      // The bin's distance to the centre it had: a centre c farther than twice that from this one cannot be closer
      // to the bin (|bin − c| ≥ |c − mine| − |bin − mine| > |bin − mine|), so its distance is not worked out. The
      // nearest centre, lowest index first on a tie, is the same as with every distance computed: skipped centres
      // are strictly farther (the margin covers the rounding of the squares).
      const mine = assignment[i] as number;
      let mineD2 = Infinity;
      if (mine >= 0) {
        const dl = l - (centres[mine * 3] as number);
        const da = a - (centres[mine * 3 + 1] as number);
        const db = b - (centres[mine * 3 + 2] as number);
        mineD2 = dl * dl + da * da + db * db;
      }
      const farther = 4 * mineD2 * (1 + 1e-9);
      let best = 0;
      let bestD2 = Infinity;
      for (let c = 0; c < n; c++) {
        let d2: number;
        if (c === mine) d2 = mineD2;
        else if (mine >= 0 && (between[mine * n + c] as number) > farther) continue;
        else {
          const dl = l - (centres[c * 3] as number);
          const da = a - (centres[c * 3 + 1] as number);
          const db = b - (centres[c * 3 + 2] as number);
          d2 = dl * dl + da * da + db * db;
        }
        if (d2 < bestD2) {
          bestD2 = d2;
          best = c;
        }
      }
      const w = h.weight[i] as number;
      if (assignment[i] !== best) {
        assignment[i] = best;
        movedWeight += w;
      }
      sums[best * 4] = (sums[best * 4] as number) + l * w;
      sums[best * 4 + 1] = (sums[best * 4 + 1] as number) + a * w;
      sums[best * 4 + 2] = (sums[best * 4 + 2] as number) + b * w;
      sums[best * 4 + 3] = (sums[best * 4 + 3] as number) + w;
    }
    for (let c = 0; c < n; c++) {
      const w = sums[c * 4 + 3] as number;
      if (w === 0) continue;
      for (let d = 0; d < 3; d++) centres[c * 3 + d] = (sums[c * 4 + d] as number) / w;
    }
    // Settled when under 0.1 % of the pixels changed cluster: later rounds only shuffle a few rare bins.
    if (movedWeight <= h.totalWeight * 1e-3) break;
  }
  const clusters: Cluster[] = [];
  for (let c = 0; c < n; c++) {
    const weight = sums[c * 4 + 3] as number;
    if (weight > 0) {
      clusters.push({
        weight,
        lab: { l: centres[c * 3] as number, a: centres[c * 3 + 1] as number, b: centres[c * 3 + 2] as number },
      });
    }
  }
  return clusters;
};

/** Merges the closest pair below `threshold` until none is left (k ≤ 8, so the quadratic scan is trivial). */
const mergeClose = (clusters: Cluster[], threshold: number): Cluster[] => {
  const out = [...clusters];
  for (;;) {
    let pair: [number, number] | undefined;
    let closest = threshold;
    for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const d = deltaE2000((out[i] as Cluster).lab, (out[j] as Cluster).lab);
        if (d < closest) {
          closest = d;
          pair = [i, j];
        }
      }
    }
    if (!pair) return out;
    const x = out[pair[0]] as Cluster;
    const y = out[pair[1]] as Cluster;
    const w = x.weight + y.weight;
    out[pair[0]] = {
      weight: w,
      lab: {
        l: (x.lab.l * x.weight + y.lab.l * y.weight) / w,
        a: (x.lab.a * x.weight + y.lab.a * y.weight) / w,
        b: (x.lab.b * x.weight + y.lab.b * y.weight) / w,
      },
    };
    out.splice(pair[1], 1);
  }
};

const round = (value: number, digits: number): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/**
 * The dominant colours, largest share first. Empty when the image has no visible pixel (fully transparent).
 * Accepts a histogram so that a caller measuring brand shares too builds it once.
 */
export const extractPalette = (
  source: Pick<DecodedImage, 'rgba'> | ColourHistogram,
  options: PaletteOptions = {},
): PaletteColour[] => {
  const { maxColours = 8, mergeBelow = 3, maxIterations = 24, histogramBits = paletteBits } = options;
  const histogram =
    'rgba' in source ? colourHistogram(source, { bits: histogramBits, maxSamples: paletteSamples }) : source;
  if (histogram.size === 0 || histogram.totalWeight === 0) return [];
  const clusters = mergeClose(kMeans(histogram, Math.max(1, maxColours), maxIterations), mergeBelow);
  return clusters
    .sort((x, y) => y.weight - x.weight || x.lab.l - y.lab.l)
    .map(({ lab, weight }) => {
      const hex = labToHex(lab);
      return {
        hex,
        lab: { l: round(lab.l, 2), a: round(lab.a, 2), b: round(lab.b, 2) },
        share: round(weight / histogram.totalWeight, 4),
        name: nearestNamedColour(lab).name,
        family: colourFamilyOf(lab),
      };
    });
};

/** A brand colour as hex text ('#ff6600') or Lab. */
export type ColourInput = string | Lab;

const toLab = (colour: ColourInput): Lab => (typeof colour === 'string' ? hexToLab(colour) : colour);

const within = (lab: Lab, targets: readonly Lab[], tolerance: number): boolean =>
  targets.some((target) => deltaE2000(lab, target) <= tolerance);

/**
 * Share (0..1) of the palette, weighted by each colour's share, lying within `tolerance` (CIEDE2000) of some brand
 * colour. Coarse (a palette colour is a cluster mean); `measureShareWithin` gives the pixel-level figure.
 */
export const onPaletteShare = (
  palette: readonly Pick<PaletteColour, 'lab' | 'share'>[],
  brandColours: readonly ColourInput[],
  tolerance: number,
): number => {
  const targets = brandColours.map(toLab);
  let total = 0;
  let on = 0;
  for (const colour of palette) {
    total += colour.share;
    if (within(colour.lab, targets, tolerance)) on += colour.share;
  }
  return total > 0 ? on / total : 0;
};

/**
 * Share (0..1) of visible pixels within `tolerance` (CIEDE2000) of any of `colours`, measured on the histogram
 * (each bin by its mean colour, bins are at most 8 levels wide per channel). Use it for on-palette share and for
 * forbidden colours; 0 for an image with no visible pixel.
 */
export const measureShareWithin = (
  source: Pick<DecodedImage, 'rgba'> | ColourHistogram,
  colours: readonly ColourInput[],
  tolerance: number,
): number => {
  const histogram = 'rgba' in source ? colourHistogram(source) : source;
  if (histogram.totalWeight === 0 || colours.length === 0) return 0;
  const targets = colours.map(toLab);
  let on = 0;
  for (let i = 0; i < histogram.size; i++) {
    const lab = { l: histogram.l[i] as number, a: histogram.a[i] as number, b: histogram.b[i] as number };
    if (within(lab, targets, tolerance)) on += histogram.weight[i] as number;
  }
  return on / histogram.totalWeight;
};
