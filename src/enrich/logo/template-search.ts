/**
 * Finds a reference logo in a picture at unknown scale and position: normalised cross-correlation
 * (TM_CCOEFF_NORMED) on greyscale, coarse to fine.
 *
 * 1. Coarse: every logo width from `minLogoFraction` of the picture's width up to the largest that fits, in steps of
 *    10 %. Each scale is searched on a copy of the picture shrunk so that the logo is small there (about 32 px long,
 *    10 px on its short side, never from more than 384 px of picture): a large logo is looked for in a small
 *    picture, so the work per scale falls as the logo grows, and the whole sweep costs a few full-size
 *    correlations. A logo under 100 px long is looked for in 20 % steps, and an outline-only one (a wordmark) on a
 *    larger copy (up to 640 px): shrunk to 384 px, a 60 px wordmark's letters were 2–3 px high and lost among a
 *    photograph's texture. A mark or badge of that size is found on the 384 px copy, at the same places (the larger
 *    copy was ~2/3 of their coarse pass: decision 0024). The best peaks of each scale become candidates.
 * 2. Check: the best 64 candidates, each scored as the fine pass scores (below) on a copy where the logo is ~48 px
 *    long, at its scale and 8 % either side. On busy scenes texture peaks as high as the logo at coarse resolution;
 *    the three-way score tells them apart, cheaply. The best few of each octave of width go on.
 * 3. Fine: around each of those only, the picture region at a size where the logo is ~96 px long, searched at ±12 %
 *    of the candidate's scale in 3 % steps (further when the best is at the range's edge). The best position and
 *    scale is scored three ways, averaged: the correlation of the filled template, the same with the logo's alpha as
 *    a mask, and the correlation of edges (gradient magnitude) around the logo's outline and strokes. An outline-only
 *    logo (a wordmark) is also scored with the picture's own ground under its transparent pixels, and with each of its
 *    inks at a level fitted to the picture (a green bar may be lighter than a ground its dark letters are darker than).
 *    Where grey hides its ink (dark letters on a saturated ground of their grey) and colour does not, the region is
 *    searched and scored again in its colours rendered as the template's greys (colourRendering).
 *
 * What shows through a logo's transparent parts is unknown, so each plausible guess (the mean of the opaque pixels,
 * a ground lighter or darker than the outline) is a template of its own in both passes (prepareLogo); only the
 * final score, one small correlation, pays for the mask. The guesses differ only in that fill, so the coarse pass
 * correlates two templates (the opaque part, the transparent map) and combines them into each guess's score.
 * Templates shrunk to a size are kept for the next search of the same logo (SizedTemplates). Pure functions over an
 * OpenCV instance (but for that cache): the matcher runs them in its thread (logo.worker.ts); tests and benchmarks
 * may run them inline.
 */
import type { Box, DetailImage, LogoMatch, ReferenceImage } from '../../domain/image-content.ts';
import { ProvenaError } from '../../domain/errors.ts';
import type { CvMat, OpenCv } from './opencv-runtime.ts';

export interface LogoSearchOptions {
  /** Matches scoring below this are not reported (0..1). */
  minScore: number;
  /** At most this many matches, best first. */
  limit: number;
  /** The smallest logo looked for, as a share of the picture's width. */
  minLogoFraction: number;
}

export const defaultLogoSearchOptions: LogoSearchOptions = { minScore: 0.64, limit: 3, minLogoFraction: 0.04 };

/** A reference logo needs this many pixels on each side of its visible part to be matched at all. */
export const minimumLogoSide = 8;

/** The narrowest a logo is looked for, in pixels of the picture searched. */
const smallestLogoInPicture = 20;
/**
 * The fewest pixels a logo is looked for at (width × height in the picture searched): at 20×10 px an 80×40 mark of a
 * square and a disc correlated 0.70–0.79 with lettering; 400 px² still admits a 5:1 wordmark at 5 % of a 1024 px
 * picture (51×10 px).
 */
const smallestLogoArea = 400;

/** Coarse pass: the logo's target size at each scale, the largest picture searched, the step between scales. */
const coarse = {
  longSide: 32,
  shortSide: 10,
  maxPictureEdge: 384,
  maxSmallPictureEdge: 640,
  smallLogo: 100,
  smallStep: 1.2,
  step: 1.1,
  peaksPerScale: 3,
} as const;
/** Fine pass: the logo's target size, the scale range around a candidate, how many candidates are refined. */
const fine = { longSide: 96, shortSide: 16, scaleSpan: 0.12, scaleStep: 0.03, candidates: 12, perOctave: 3 } as const;
/**
 * Check pass, between the two: the best `candidates` coarse peaks are scored the fine pass's three ways at their own
 * scale, on a copy where the logo is ~48 px long, and the fine pass takes the best of those. On busy scenes texture
 * peaks at coarse resolution as high as the logo does (0.78–0.80); the three-way score tells them apart cheaply.
 */
const check = { longSide: 48, shortSide: 12, scaleSpan: 0.08, scaleStep: 0.08, candidates: 64 } as const;

/** What a pass searches: the logo's size on the copy searched, and the scales around a candidate's. */
interface PassSizes {
  longSide: number;
  shortSide: number;
  scaleSpan: number;
  scaleStep: number;
  /** Score the filled template with the picture's own ground under its transparent pixels (outline-only logos). */
  groundFromPicture?: boolean;
  /** With it, an outline-only logo's inks (PreparedLogo.inks), each fitted to the picture (inkFitCorrelation). */
  inks?: CvMat[];
  /** An outline-only logo is also scored in colour where grey hides it (colourRendering). */
  colour?: ColourSearch;
}

/** What the colour check needs: the picture in RGB and the grey of the logo's ground. */
interface ColourSearch {
  /** The picture as the detail image has it (the colour check samples the ground from its pixels). */
  image: DetailImage;
  /** The same pixels as an 8-bit, 3-channel Mat, made on first use: most searches never pass the check's gates. */
  picture: () => CvMat;
  /** The grey the outline template gives the logo's surroundings (PreparedLogo.outlineGrey). */
  groundGrey: number;
  /** PreparedLogo.inkColours, the largest ink first. */
  inks: PreparedLogo['inkColours'];
}

/**
 * The colour check (search-6, decision 0024): where the logo's main ink (its colour in the reference) and the ground
 * under the candidate's box differ in grey by less than `greyContrast` levels but by `colourDistance` or more in
 * CIELAB (8-bit units: L scaled to 0–255, a and b offset by 128), and the picture under that ink has moved at least
 * `towardsInk` of the way from the ground's colour to the ink's, the region is scored again in its colours rendered
 * as the template's greys. Dark grey letters on a saturated purple of nearly their grey differ by 50–85 there; most
 * places on a coloured ground with no letters move under 0.05 of the way, the logo's own place 0.3–0.8.
 */
const colourCheck = { greyContrast: 64, colourDistance: 20, towardsInk: 0.1 } as const;

/**
 * How far below minScore an outline-only logo's match may score (see PreparedLogo.outlineOnly): measured on the logo
 * set, a wide wordmark scores 0.45–0.94 where it is and at most 0.50 elsewhere, the other logos 0.76+ and up to 0.63.
 * With its inks fitted (search-4, inkFitCorrelation), the wordmark scored at most 0.451 anywhere else in 3 seeds'
 * pictures (~200 searches each) and 0.51–0.56 on several true places over mid-tone grounds: 0.52 leaves 0.07 above.
 */
const outlineOnlyAllowance = 0.12;

/** A fine-search candidate whose filled-template score is below this is dropped without the other two checks. */
const hopelessFilledScore = 0.45;

/** Below this share of the variance kept by a mean fill, a logo is matched by its outline (see prepareLogo). */
const outlineOnlyVarianceShare = 0.1;

/** The reference logo as the search uses it: cropped to its visible part, greyscale. */
export interface PreparedLogo {
  /** Names the reference's pixels (a hash): what a search learnt of this logo is kept under it for the next. */
  key: string;
  width: number;
  height: number;
  /**
   * The grey templates searched, one per guess at what shows through the transparent pixels (see prepareLogo): the
   * mean of the opaque ones, and a ground lighter and/or darker than the logo's outline.
   */
  variants: Uint8Array[];
  /**
   * What each variant puts under the transparent pixels (one per variant; empty for a logo opaque everywhere): every
   * variant is the opaque pixels' grey plus its fill times the transparent map, which lets the coarse pass correlate
   * two templates instead of one per variant (linearPeaks).
   */
  fills: number[];
  /** 255 where the logo is opaque (alpha ≥ 128), whatever its variance. */
  opaque: Uint8Array;
  /** Grey values with the transparent pixels as a ground the logo stands out from: its outline is an edge. */
  outlineGrey: Uint8Array;
  /** 255 where the logo is opaque; undefined when it is opaque everywhere (no mask needed). */
  mask: Uint8Array | undefined;
  /** Where the visible part lies in the reference image. */
  crop: Box;
  /**
   * True for a logo matched by its outline only (a wordmark: letters on nothing, no mean-fill template): its filled
   * score is taken against a guessed ground, so its matches are accepted `outlineOnlyAllowance` below minScore.
   */
  outlineOnly: boolean;
  /**
   * An outline-only logo's inks, each as a map (255 where the logo is opaque in that ink's grey), the largest first:
   * the ground behind a wordmark decides which of its inks are lighter or darker than it (see inkFitCorrelation).
   */
  inks: Uint8Array[];
  /**
   * Each ink's mean colour in CIELAB (8-bit units, as OpenCV's COLOR_RGB2Lab: L × 255 / 100, a and b + 128) and its
   * grey: the colour check (colourRendering) renders the picture's colours as the template's greys from them.
   */
  inkColours: { lab: [number, number, number]; grey: number }[];
}

const luma = (r: number, g: number, b: number): number => (r * 77 + g * 150 + b * 29) >> 8;

function logoProblem(message: string, details: Record<string, unknown>): ProvenaError {
  return new ProvenaError('VALIDATION_FAILED', message, { field: 'logo', ...details });
}

/** Checks the reference image and prepares it; a logo that cannot be matched fails with what is wrong with it. */
export function prepareLogo(logo: ReferenceImage): PreparedLogo {
  const { width, height, rgba } = logo;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw logoProblem('The logo image has no pixels.', { width, height });
  if (rgba.length !== width * height * 4)
    throw logoProblem(
      `The logo's pixels do not match its size (${width}×${height} RGBA needs ${width * height * 4} bytes).`,
      {
        width,
        height,
        bytes: rgba.length,
      },
    );
  let [left, top, right, bottom] = [width, height, -1, -1];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (rgba[(y * width + x) * 4 + 3]! >= 128) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
      }
  if (right < 0)
    throw logoProblem(
      'The logo is fully transparent: there is nothing to look for. Upload the logo with its artwork.',
      {
        width,
        height,
      },
    );
  const cropWidth = right - left + 1;
  const cropHeight = bottom - top + 1;
  if (cropWidth < minimumLogoSide || cropHeight < minimumLogoSide)
    throw logoProblem(
      `The logo's visible part is ${cropWidth}×${cropHeight} pixels; a reference logo needs at least ${minimumLogoSide} pixels on each side (upload a larger image).`,
      { width: cropWidth, height: cropHeight },
    );
  const grey = new Uint8Array(cropWidth * cropHeight);
  const mask = new Uint8Array(cropWidth * cropHeight);
  let opaque = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let y = 0; y < cropHeight; y++)
    for (let x = 0; x < cropWidth; x++) {
      const from = ((y + top) * width + x + left) * 4;
      const at = y * cropWidth + x;
      const value = luma(rgba[from]!, rgba[from + 1]!, rgba[from + 2]!);
      grey[at] = value;
      if (rgba[from + 3]! >= 128) {
        mask[at] = 255;
        opaque++;
        sum += value;
        sumSquares += value * value;
      }
    }
  const mean = sum / opaque;
  const variance = sumSquares / opaque - mean * mean;
  const everywhereOpaque = opaque === grey.length;
  if (variance < 4 && everywhereOpaque)
    throw logoProblem('The logo is a single flat colour with no shape: there is nothing in it to match.', {
      width: cropWidth,
      height: cropHeight,
    });
  const outlineGrey = new Uint8Array(grey);
  const variants: Uint8Array[] = [];
  const variantFills: number[] = [];
  let outlineOnly = false;
  if (everywhereOpaque) variants.push(grey);
  else {
    // What shows through the transparent pixels is unknown, so each guess is a template of its own:
    // - the mean of the opaque pixels: they then add nothing to the correlation, and a busy ground (a photograph
    //   behind a round badge's corners) cannot spoil a match; but a plain ground that contrasts with the logo
    //   dilutes it, and a wordmark (dark letters on nothing) is left nearly flat, like any dark streak;
    // - a ground the logo stands out from, lighter than its outline where that is dark, darker where it is light
    //   (both for a mid-tone outline), which keeps the shapes of letters and gaps.
    // The mean fill is left out when it keeps under a tenth of the template's variance (the wordmark case).
    let edgeSum = 0;
    let edges = 0;
    for (let y = 0; y < cropHeight; y++)
      for (let x = 0; x < cropWidth; x++) {
        const at = y * cropWidth + x;
        if (mask[at] === 0) continue;
        const besideTransparent =
          (x > 0 && mask[at - 1] === 0) ||
          (x < cropWidth - 1 && mask[at + 1] === 0) ||
          (y > 0 && mask[at - cropWidth] === 0) ||
          (y < cropHeight - 1 && mask[at + cropWidth] === 0);
        if (besideTransparent) {
          edgeSum += grey[at]!;
          edges++;
        }
      }
    const outlineMean = edges > 0 ? edgeSum / edges : mean;
    const contrast = outlineMean < 128 ? 255 : 0;
    const transparent = grey.length - opaque;
    const varianceWith = (fill: number): number => {
      const total = sum + transparent * fill;
      const totalSquares = sumSquares + transparent * fill * fill;
      return totalSquares / grey.length - (total / grey.length) ** 2;
    };
    const fills = [
      ...(varianceWith(mean) < outlineOnlyVarianceShare * varianceWith(contrast) ? [] : [Math.round(mean)]),
      contrast,
      ...(outlineMean >= 64 && outlineMean <= 192 ? [255 - contrast] : []),
    ];
    outlineOnly = fills.length > 0 && fills[0] !== Math.round(mean);
    for (let i = 0; i < grey.length; i++) if (mask[i] === 0) outlineGrey[i] = contrast;
    for (const fill of fills) {
      variantFills.push(fill);
      const variant = new Uint8Array(grey);
      for (let i = 0; i < grey.length; i++) if (mask[i] === 0) variant[i] = fill;
      variants.push(variant);
    }
  }
  const inks = outlineOnly ? inkMaps(grey, mask) : [];
  return {
    key: pixelsKey(width, height, rgba),
    width: cropWidth,
    height: cropHeight,
    variants,
    fills: variantFills,
    opaque: mask,
    outlineGrey,
    mask: everywhereOpaque || variance < 4 ? undefined : mask,
    crop: { x: left, y: top, width: cropWidth, height: cropHeight },
    outlineOnly,
    inks,
    inkColours: inks.map((ink) => inkColour(rgba, width, { left, top, width: cropWidth, height: cropHeight }, ink)),
  };
}

/** An ink's mean colour (CIELAB, 8-bit units) and grey over its pixels in the reference. */
function inkColour(
  rgba: Uint8Array,
  width: number,
  crop: { left: number; top: number; width: number; height: number },
  ink: Uint8Array,
): { lab: [number, number, number]; grey: number } {
  let [r, g, b, count] = [0, 0, 0, 0];
  for (let y = 0; y < crop.height; y++)
    for (let x = 0; x < crop.width; x++) {
      if (ink[y * crop.width + x] !== 255) continue;
      const from = ((y + crop.top) * width + x + crop.left) * 4;
      r += rgba[from]!;
      g += rgba[from + 1]!;
      b += rgba[from + 2]!;
      count++;
    }
  [r, g, b] = [r / count, g / count, b / count];
  return { lab: labOf(r, g, b), grey: luma(r, g, b) };
}

/**
 * sRGB (0–255) to CIELAB (D65) in OpenCV's 8-bit units: L × 255 / 100, a + 128, b + 128. Not domain/lab.ts (D50, the
 * palette's space): these values are compared with the picture's own cvtColor(COLOR_RGB2Lab) output, so they must be
 * in OpenCV's space.
 */
function labOf(r: number, g: number, b: number): [number, number, number] {
  const linear = (value: number): number => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const [lr, lg, lb] = [linear(r), linear(g), linear(b)];
  const f = (t: number): number => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const fx = f((0.412453 * lr + 0.35758 * lg + 0.180423 * lb) / 0.950456);
  const fy = f(0.212671 * lr + 0.71516 * lg + 0.072169 * lb);
  const fz = f((0.019334 * lr + 0.119193 * lg + 0.950227 * lb) / 1.088754);
  return [((116 * fy - 16) * 255) / 100, 500 * (fx - fy) + 128, 200 * (fy - fz) + 128];
}

/** Two independent 32-bit FNV-style hashes of the pixels, with the size: a name for the reference's content. */
function pixelsKey(width: number, height: number, rgba: Uint8Array): string {
  let first = 0x811c9dc5;
  let second = 0x9747b28c;
  for (let i = 0; i < rgba.length; i++) {
    first = Math.imul(first ^ rgba[i]!, 0x01000193);
    second = Math.imul(second ^ rgba[i]!, 0x5bd1e995);
    second ^= second >>> 15;
  }
  return `${width}x${height}:${(first >>> 0).toString(16)}:${(second >>> 0).toString(16)}`;
}

/** Two inks whose grey differs by less than this are one (antialiasing and JPEG blur them into each other). */
const inkSeparation = 32;
/** A grey level is an ink when at least this share of the opaque pixels has it (give or take inkSeparation / 2). */
const inkShare = 0.08;

/**
 * The logo's inks: the grey levels most of its opaque pixels have, at least `inkSeparation` apart; every opaque pixel
 * belongs to the nearest. A wordmark of dark letters over a green bar has two; most logos' outlines one.
 */
function inkMaps(grey: Uint8Array, mask: Uint8Array): Uint8Array[] {
  const histogram = new Array<number>(256).fill(0);
  let opaque = 0;
  for (let i = 0; i < grey.length; i++)
    if (mask[i] === 255) {
      histogram[grey[i]!]!++;
      opaque++;
    }
  const near = (level: number): number => {
    let total = 0;
    for (let other = Math.max(0, level - inkSeparation / 2); other <= Math.min(255, level + inkSeparation / 2); other++)
      total += histogram[other]!;
    return total;
  };
  const levels: number[] = [];
  for (const level of [...histogram.keys()].sort((a, b) => near(b) - near(a) || a - b)) {
    if (near(level) < inkShare * opaque) break;
    if (levels.every((other) => Math.abs(other - level) >= inkSeparation)) levels.push(level);
  }
  const maps = levels.map((level) =>
    Uint8Array.from(grey, (value, i) => {
      if (mask[i] !== 255) return 0;
      const nearest = levels.reduce((best, other) => (Math.abs(other - value) < Math.abs(best - value) ? other : best));
      return nearest === level ? 255 : 0;
    }),
  );
  // A level between two inks (their antialiased edges) counts as one by its neighbours but owns few pixels.
  const owned = (map: Uint8Array): number => map.reduce((total, value) => total + (value ? 1 : 0), 0);
  return maps.filter((map) => owned(map) >= inkShare * opaque).sort((a, b) => owned(b) - owned(a));
}

/** Checks a detail image's shape (it crosses a thread boundary as plain data). */
export function assertDetailImage(image: DetailImage): void {
  const { width, height, rgb, originalWidth, originalHeight } = image;
  const problems: string[] = [];
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) problems.push('no pixels');
  else if (!(rgb instanceof Uint8Array) || rgb.length !== width * height * 3)
    problems.push(`${width}×${height} RGB needs ${width * height * 3} bytes, not ${rgb?.length}`);
  if (!(originalWidth >= 1) || !(originalHeight >= 1)) problems.push('no original size');
  if (problems.length > 0)
    throw new ProvenaError('VALIDATION_FAILED', `The picture to search is malformed: ${problems.join('; ')}.`, {
      field: 'image',
    });
}

interface Candidate {
  /** In the detail image's pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
  /** Which of the logo's template variants found it. */
  variant: number;
  /** Fine pass only: the score with the transparent pixels filled, and with them masked out. */
  filledScore?: number;
  maskedScore?: number;
  edgeScore?: number;
}

export function boxOverlap(a: Box, b: Box): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (width <= 0 || height <= 0) return 0;
  const overlap = width * height;
  return overlap / (a.width * a.height + b.width * b.height - overlap);
}

/** Best first, dropping any that overlaps a better one by more than `maxOverlap` (intersection over union). */
function keepNonOverlapping<T extends Candidate>(candidates: T[], maxOverlap: number, limit: number): T[] {
  const kept: T[] = [];
  for (const candidate of [...candidates].sort((a, b) => b.score - a.score)) {
    if (kept.length >= limit) break;
    if (kept.every((other) => boxOverlap(candidate, other) <= maxOverlap)) kept.push(candidate);
  }
  return kept;
}

/**
 * The candidates worth the fine search: the best few of each octave of logo width, not just the best overall — a
 * small template matches texture almost as well as the logo, so the small scales' peaks would crowd out a large logo.
 */
function candidatesToRefine(candidates: Candidate[]): Candidate[] {
  if (candidates.length === 0) return [];
  const narrowest = Math.min(...candidates.map((candidate) => candidate.width));
  const octaves = new Map<number, Candidate[]>();
  for (const candidate of candidates) {
    const octave = Math.floor(Math.log2(candidate.width / narrowest));
    octaves.set(octave, [...(octaves.get(octave) ?? []), candidate]);
  }
  const chosen = [...octaves.values()].flatMap((group) => keepNonOverlapping(group, 0.3, fine.perOctave));
  return keepNonOverlapping(chosen, 0.3, fine.candidates);
}

/**
 * The `count` best peaks of a correlation map, each at least a template's half-size from a better one. One pass keeps
 * each row's best; after a peak, only the rows its neighbourhood covers are scanned again (the map is not copied).
 */
function peaksOf(
  result: CvMat,
  count: number,
  apartX: number,
  apartY: number,
): { x: number; y: number; score: number }[] {
  return peaksIn(result.data32F, result.rows, result.cols, count, apartX, apartY);
}

/** peaksOf over a map held in JavaScript. */
function peaksIn(
  values: Float32Array,
  rows: number,
  cols: number,
  count: number,
  apartX: number,
  apartY: number,
): { x: number; y: number; score: number }[] {
  const rowBest = new Float64Array(rows);
  const rowAt = new Int32Array(rows);
  const taken: { left: number; right: number; top: number; bottom: number }[] = [];
  // The row's best value and its first column, outside the neighbourhoods of the peaks already taken.
  const scanRow = (y: number): void => {
    let best = -2;
    let at = -1;
    const start = y * cols;
    for (let x = 0; x < cols; x++) {
      const value = values[start + x]!;
      // Flat windows can give NaN or ±Inf: never a peak.
      if (value > best && value <= 1.0001) {
        let free = true;
        for (const area of taken)
          if (y >= area.top && y <= area.bottom && x >= area.left && x <= area.right) {
            free = false;
            x = area.right;
            break;
          }
        if (free) {
          best = value;
          at = x;
        }
      }
    }
    rowBest[y] = best;
    rowAt[y] = at;
  };
  for (let y = 0; y < rows; y++) scanRow(y);
  const peaks: { x: number; y: number; score: number }[] = [];
  for (let n = 0; n < count; n++) {
    let y = -1;
    let best = -2;
    for (let row = 0; row < rows; row++)
      if (rowAt[row]! >= 0 && rowBest[row]! > best) {
        best = rowBest[row]!;
        y = row;
      }
    if (y < 0) break;
    const x = rowAt[y]!;
    peaks.push({ x, y, score: best });
    if (n + 1 === count) break;
    const area = {
      left: Math.max(0, x - apartX),
      right: Math.min(cols - 1, x + apartX),
      top: Math.max(0, y - apartY),
      bottom: Math.min(rows - 1, y + apartY),
    };
    taken.push(area);
    for (let row = area.top; row <= area.bottom; row++) scanRow(row);
  }
  return peaks;
}

/** Deletes every Mat it made when the search ends, however it ends. */
class MatScope {
  readonly #mats: CvMat[] = [];
  constructor(readonly cv: OpenCv) {}
  keep<T extends CvMat>(mat: T): T {
    this.#mats.push(mat);
    return mat;
  }
  fromBytes(bytes: Uint8Array, width: number, height: number): CvMat {
    const mat = this.keep(new this.cv.Mat(height, width, this.cv.CV_8UC1));
    mat.data.set(bytes);
    return mat;
  }
  resized(source: CvMat, width: number, height: number): CvMat {
    return this.keep(resizedCopy(this.cv, source, width, height));
  }
  deleteAll(): void {
    for (const mat of this.#mats.splice(0)) mat.delete();
  }
}

/** Resized templates kept between searches, per logo (PreparedLogo.key), for the logos used last. */
const keptSizes = new Map<string, Map<string, Uint8Array | Float32Array>>();
/**
 * The most logos whose resized templates are kept, and the most sizes kept per logo: on the bench's pictures a logo
 * kept 280–480 sizes (0.3–2.4 MB) after 45 pictures; 2,048 of the largest would be ~12 MB.
 */
const keptLogos = 4;
const keptSizesPerLogo = 2048;

function keptSizesOf(logoKey: string): Map<string, Uint8Array | Float32Array> {
  let kept = keptSizes.get(logoKey);
  if (kept) keptSizes.delete(logoKey);
  else kept = new Map();
  keptSizes.set(logoKey, kept);
  for (const oldest of keptSizes.keys()) {
    if (keptSizes.size <= keptLogos) break;
    keptSizes.delete(oldest);
  }
  return kept;
}

/**
 * The logo's templates (variants, outline, mask, inks, the coarse pass's linear family) at the sizes a search asks
 * for, each shrunk once: the check and fine passes ask for the same few sizes again and again, every picture's
 * coarse pass for the same ones, and shrinking a full-size reference costs as much as the correlation it is used
 * for. Each search has its own Mats, made from the pixels kept under the logo's key.
 */
class SizedTemplates {
  readonly #scope: MatScope;
  readonly #names = new Map<CvMat, string>();
  readonly #made = new Map<string, CvMat>();
  readonly #kept: Map<string, Uint8Array | Float32Array>;
  constructor(scope: MatScope, logoKey: string, sources: Record<string, CvMat | undefined>) {
    this.#scope = scope;
    this.#kept = keptSizesOf(logoKey);
    for (const [name, source] of Object.entries(sources)) if (source) this.#names.set(source, name);
  }
  get(source: CvMat, width: number, height: number): CvMat {
    const name = this.#names.get(source);
    if (name === undefined) throw new Error('SizedTemplates: a template that was not named');
    const key = `${name} ${width}x${height}`;
    let sized = this.#made.get(key);
    if (sized) return sized;
    const kept = this.#kept.get(key);
    if (kept) {
      const { cv } = this.#scope;
      sized = this.#scope.keep(new cv.Mat(height, width, kept instanceof Float32Array ? cv.CV_32FC1 : cv.CV_8UC1));
      if (kept instanceof Float32Array) sized.data32F.set(kept);
      else sized.data.set(kept);
    } else {
      sized = this.#scope.resized(source, width, height);
      if (this.#kept.size >= keptSizesPerLogo) this.#kept.clear();
      this.#kept.set(key, name.startsWith('float ') ? sized.data32F.slice() : sized.data.slice());
    }
    this.#made.set(key, sized);
    return sized;
  }
}

/** A shrunk (or grown) copy that the caller deletes. */
function resizedCopy(cv: OpenCv, source: CvMat, width: number, height: number): CvMat {
  const mat = new cv.Mat();
  try {
    cv.resize(source, mat, new cv.Size(width, height), 0, 0, cv.INTER_AREA);
  } catch (error) {
    mat.delete();
    throw error;
  }
  return mat;
}

/** Normalised correlation of `template` over `picture`; the map is deleted before this returns. */
function correlate<T>(cv: OpenCv, picture: CvMat, template: CvMat, read: (result: CvMat) => T, mask?: CvMat): T {
  const result = new cv.Mat();
  try {
    if (mask) cv.matchTemplate(picture, template, result, cv.TM_CCOEFF_NORMED, mask);
    else cv.matchTemplate(picture, template, result, cv.TM_CCOEFF_NORMED);
    return read(result);
  } finally {
    result.delete();
  }
}

function greyOf(image: DetailImage): { grey: Uint8Array; flat: boolean } {
  const { rgb } = image;
  const grey = new Uint8Array(image.width * image.height);
  let low = 255;
  let high = 0;
  for (let i = 0, j = 0; i < grey.length; i++, j += 3) {
    const value = luma(rgb[j]!, rgb[j + 1]!, rgb[j + 2]!);
    grey[i] = value;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return { grey, flat: high - low < 4 };
}

/**
 * The logo's matches in the picture, best first, boxes in the original picture's pixels (the visible part of the
 * logo), scale relative to the reference image.
 */
export function searchLogo(
  cv: OpenCv,
  image: DetailImage,
  logo: ReferenceImage | PreparedLogo,
  options: Partial<LogoSearchOptions> = {},
): LogoMatch[] {
  const { minScore, limit, minLogoFraction } = { ...defaultLogoSearchOptions, ...options };
  assertDetailImage(image);
  const prepared = 'variants' in logo ? logo : prepareLogo(logo);
  const { width, height } = image;
  const { grey, flat } = greyOf(image);
  // A flat picture holds no logo (and correlation over it is undefined).
  if (flat || limit < 1) return [];
  const scope = new MatScope(cv);
  try {
    const picture = scope.fromBytes(grey, width, height);
    const templates = prepared.variants.map((bytes) => scope.fromBytes(bytes, prepared.width, prepared.height));
    const outline = scope.fromBytes(prepared.outlineGrey, prepared.width, prepared.height);
    const mask = prepared.mask ? scope.fromBytes(prepared.mask, prepared.width, prepared.height) : undefined;
    const inks = prepared.inks.map((bytes) => scope.fromBytes(bytes, prepared.width, prepared.height));
    // A logo with two or more guesses at its transparent parts is correlated in the coarse pass as its opaque part
    // and its transparent map, the guesses combined from those two: the same scores as one correlation per guess,
    // for two correlations.
    const linear = prepared.fills.length >= 2 ? linearTemplates(cv, scope, prepared) : undefined;
    const sizedTemplates = new SizedTemplates(scope, prepared.key, {
      ...Object.fromEntries(templates.map((template, variant) => [`variant ${variant}`, template])),
      ...Object.fromEntries(inks.map((ink, at) => [`ink ${at}`, ink])),
      outline,
      mask,
      'float opaque': linear?.opaquePart,
      'float transparent': linear?.transparentPart,
    });
    const candidates = coarseCandidates(cv, sizedTemplates, picture, templates, linear, prepared, minLogoFraction);
    // An outline-only logo is also looked for in colour at the check and fine passes (colourRendering).
    const colour = prepared.outlineOnly ? colourSearchOf(cv, scope, image, prepared) : undefined;
    const checked = keepNonOverlapping(candidates, 0.8, check.candidates).map(
      (candidate) =>
        refineOnce(cv, sizedTemplates, picture, templates[candidate.variant]!, outline, mask, candidate, {
          ...check,
          groundFromPicture: prepared.outlineOnly,
          inks,
          ...(colour ? { colour } : {}),
        }).match,
    );
    const refined = candidatesToRefine(checked).map((candidate) =>
      refine(cv, sizedTemplates, picture, templates[candidate.variant]!, outline, mask, candidate, {
        ...fine,
        groundFromPicture: prepared.outlineOnly,
        inks,
        ...(colour ? { colour } : {}),
      }),
    );
    const scaleX = image.originalWidth / width;
    const scaleY = image.originalHeight / height;
    return keepNonOverlapping(
      refined.filter((match) => match.score >= minScore - (prepared.outlineOnly ? outlineOnlyAllowance : 0)),
      0.2,
      limit,
    ).map((match) => ({
      box: {
        x: Math.round(match.x * scaleX),
        y: Math.round(match.y * scaleY),
        width: Math.round(match.width * scaleX),
        height: Math.round(match.height * scaleY),
      },
      scale: Number(((match.width * scaleX) / prepared.width).toFixed(4)),
      score: Number(Math.min(1, match.score).toFixed(4)),
    }));
  } finally {
    scope.deleteAll();
  }
}

/** The picture in RGB for the colour check, and the ground grey of the logo's outline template. */
function colourSearchOf(cv: OpenCv, scope: MatScope, image: DetailImage, logo: PreparedLogo): ColourSearch | undefined {
  const transparent = logo.opaque.indexOf(0);
  if (transparent < 0) return undefined;
  let picture: CvMat | undefined;
  return {
    image,
    picture: () => {
      if (!picture) {
        picture = scope.keep(new cv.Mat(image.height, image.width, cv.CV_8UC3));
        picture.data.set(image.rgb);
      }
      return picture;
    },
    groundGrey: logo.outlineGrey[transparent]!,
    inks: logo.inkColours,
  };
}

/** A logo's variants as one linear family: variant v is `opaquePart + fills[v] × transparentPart`. */
interface LinearTemplates {
  /** The opaque pixels' grey, 0 where transparent (32-bit float). */
  opaquePart: CvMat;
  /** 1 where transparent, 0 where opaque (32-bit float). */
  transparentPart: CvMat;
  fills: number[];
}

function linearTemplates(cv: OpenCv, scope: MatScope, logo: PreparedLogo): LinearTemplates {
  const size = logo.width * logo.height;
  const opaquePart = new Float32Array(size);
  const transparentPart = new Float32Array(size);
  const grey = logo.variants[0]!;
  for (let i = 0; i < size; i++)
    if (logo.opaque[i] === 255) opaquePart[i] = grey[i]!;
    else transparentPart[i] = 1;
  const floatMat = (values: Float32Array): CvMat => {
    const mat = scope.keep(new cv.Mat(logo.height, logo.width, cv.CV_32FC1));
    mat.data32F.set(values);
    return mat;
  };
  return { opaquePart: floatMat(opaquePart), transparentPart: floatMat(transparentPart), fills: logo.fills };
}

/**
 * One copy of the picture the coarse pass searches, kept while consecutive scales ask for the same size (the sizes
 * capped at the largest copy repeat), with what the linear family's correlation needs of it, made once.
 */
class CoarseLevel {
  readonly #local: MatScope;
  #float: CvMat | undefined;
  #sums: CvMat | undefined;
  #squares: CvMat | undefined;
  readonly #maps: Float32Array[] = [];
  constructor(
    readonly cv: OpenCv,
    readonly picture: CvMat,
    owned: boolean,
  ) {
    this.#local = new MatScope(cv);
    if (owned) this.#local.keep(picture);
  }
  /** `count` maps of `size` values, reused by the next scale searched at this level (their values are overwritten). */
  mapBuffers(count: number, size: number): Float32Array[] {
    while (this.#maps.length < count) this.#maps.push(new Float32Array(0));
    for (let v = 0; v < count; v++) if (this.#maps[v]!.length < size) this.#maps[v] = new Float32Array(size);
    return this.#maps.slice(0, count).map((buffer) => buffer.subarray(0, size));
  }
  /** The picture as 32-bit floats and its integral images of values and squares. */
  forLinear(): { float: CvMat; sums: CvMat; squares: CvMat } {
    if (!this.#float || !this.#sums || !this.#squares) {
      const { cv } = this;
      this.#float = this.#local.keep(new cv.Mat());
      this.picture.convertTo(this.#float, cv.CV_32F);
      this.#sums = this.#local.keep(new cv.Mat());
      this.#squares = this.#local.keep(new cv.Mat());
      cv.integral2(this.picture, this.#sums, this.#squares, cv.CV_64F, cv.CV_64F);
    }
    return { float: this.#float, sums: this.#sums, squares: this.#squares };
  }
  release(): void {
    this.#local.deleteAll();
  }
}

/**
 * TM_CCOEFF_NORMED of every variant of a linear family over the level, from two plain correlations (TM_CCORR) and the
 * level's integral images, normalised as OpenCV normalises (templmatch.cpp, common_matchTemplate); each variant's map
 * is handed to `read`.
 */
function linearPeaks<T>(
  cv: OpenCv,
  sizedTemplates: SizedTemplates,
  level: CoarseLevel,
  family: LinearTemplates,
  templateWidth: number,
  templateHeight: number,
  read: (values: Float32Array, rows: number, cols: number) => T,
): T[] {
  const local = new MatScope(cv);
  try {
    const opaqueSized = sizedTemplates.get(family.opaquePart, templateWidth, templateHeight);
    const transparentSized = sizedTemplates.get(family.transparentPart, templateWidth, templateHeight);
    // The template's sums are read before the next Mat is made (a view is detached when the memory grows).
    const a = opaqueSized.data32F;
    const b = transparentSized.data32F;
    let sumA = 0;
    let sumB = 0;
    let sumAA = 0;
    let sumAB = 0;
    let sumBB = 0;
    for (let i = 0; i < a.length; i++) {
      const av = a[i]!;
      const bv = b[i]!;
      sumA += av;
      sumB += bv;
      sumAA += av * av;
      sumAB += av * bv;
      sumBB += bv * bv;
    }
    const { float, sums, squares } = level.forLinear();
    const opaqueMap = local.keep(new cv.Mat());
    cv.matchTemplate(float, opaqueSized, opaqueMap, cv.TM_CCORR);
    const transparentMap = local.keep(new cv.Mat());
    cv.matchTemplate(float, transparentSized, transparentMap, cv.TM_CCORR);
    const { rows, cols } = opaqueMap;
    const ccA = opaqueMap.data32F;
    const ccB = transparentMap.data32F;
    const sum = sums.data64F;
    const square = squares.data64F;
    const n = templateWidth * templateHeight;
    const stride = level.picture.cols + 1;
    const count = family.fills.length;
    const fills = Float64Array.from(family.fills);
    const means = fills.map((fill) => (sumA + fill * sumB) / n);
    const variances = fills.map((fill, v) => (sumAA + 2 * fill * sumAB + fill * fill * sumBB) / n - means[v]! ** 2);
    const norms = variances.map((variance) => Math.sqrt(Math.max(variance, 0) * n));
    // One map per variant, in buffers the level keeps for its next scale (read() is done with a map when it returns).
    const maps = level.mapBuffers(count, rows * cols);
    // Per row, the window's sum and spread once, then one tight loop per variant (the same arithmetic as per pixel).
    const windowSums = new Float64Array(cols);
    const windowSpreads = new Float64Array(cols);
    for (let v = 0; v < count; v++)
      // A flat template correlates 1 everywhere, as OpenCV has it.
      if (variances[v]! < Number.EPSILON) maps[v]!.fill(1);
    for (let y = 0; y < rows; y++) {
      const top = y * stride;
      const bottom = (y + templateHeight) * stride;
      for (let x = 0; x < cols; x++) {
        const tl = top + x;
        const tr = tl + templateWidth;
        const bl = bottom + x;
        const br = bl + templateWidth;
        const s = sum[br]! - sum[tr]! - sum[bl]! + sum[tl]!;
        const s2 = square[br]! - square[tr]! - square[bl]! + square[tl]!;
        const spread = s2 - (s * s) / n;
        windowSums[x] = s;
        windowSpreads[x] = spread > 0 ? Math.sqrt(spread) : 0;
      }
      const row = y * cols;
      for (let v = 0; v < count; v++) {
        if (variances[v]! < Number.EPSILON) continue;
        const map = maps[v]!;
        const fill = fills[v]!;
        const mean = means[v]!;
        const norm = norms[v]!;
        for (let x = 0; x < cols; x++) {
          const at = row + x;
          const num = ccA[at]! + fill * ccB[at]! - windowSums[x]! * mean;
          const t = windowSpreads[x]! * norm;
          const size = num < 0 ? -num : num;
          map[at] = size < t ? num / t : size < t * 1.125 ? (num > 0 ? 1 : -1) : 0;
        }
      }
    }
    return maps.map((map) => read(map, rows, cols));
  } finally {
    local.deleteAll();
  }
}

function coarseCandidates(
  cv: OpenCv,
  sizedTemplates: SizedTemplates,
  picture: CvMat,
  templates: CvMat[],
  linear: LinearTemplates | undefined,
  logo: PreparedLogo,
  minLogoFraction: number,
): Candidate[] {
  const { cols: width, rows: height } = picture;
  const aspect = logo.width / logo.height;
  const largest = Math.min(width, height * aspect);
  // Under ~20 px wide (or 8 px on its short side) a logo has too few pixels to tell from texture.
  const smallest = Math.max(minLogoFraction * width, minimumLogoSide * Math.max(1, aspect), smallestLogoInPicture);
  const pictureCap = Math.min(1, coarse.maxPictureEdge / Math.max(width, height));
  // Only a logo matched by its outline needs the larger copy when small (thin letters); a mark or badge of the same
  // width is found on the usual one.
  const smallCap = logo.outlineOnly ? Math.min(1, coarse.maxSmallPictureEdge / Math.max(width, height)) : pictureCap;
  // Halvings of the picture, each shrunk from the one before: a scale's picture is shrunk from the nearest larger one.
  const pyramidScope = new MatScope(cv);
  const pyramid: CvMat[] = [picture];
  while (pyramid.length < 8) {
    const last = pyramid[pyramid.length - 1]!;
    if (Math.min(last.cols, last.rows) < 64) break;
    pyramid.push(pyramidScope.resized(last, Math.round(last.cols / 2), Math.round(last.rows / 2)));
  }
  const candidates: Candidate[] = [];
  // The per-scale copies are small and freed as soon as the next scale needs another size, so that the WebAssembly
  // heap does not grow over the sweep; every template variant is looked for in the same copy.
  let level: CoarseLevel | undefined;
  try {
    for (
      let logoWidth = smallest;
      logoWidth <= largest * 1.0001;
      logoWidth *= logoWidth < coarse.smallLogo ? coarse.smallStep : coarse.step
    ) {
      const logoHeight = logoWidth / aspect;
      const factor = Math.min(
        Math.max(logoWidth, logoHeight) < coarse.smallLogo ? smallCap : pictureCap,
        Math.max(coarse.longSide / Math.max(logoWidth, logoHeight), coarse.shortSide / Math.min(logoWidth, logoHeight)),
      );
      const levelWidth = Math.round(width * factor);
      const levelHeight = Math.round(height * factor);
      const templateWidth = Math.max(4, Math.round(logoWidth * factor));
      const templateHeight = Math.max(4, Math.round(logoHeight * factor));
      if (templateWidth > levelWidth || templateHeight > levelHeight) continue;
      if (level?.picture.cols !== levelWidth || level.picture.rows !== levelHeight) {
        level?.release();
        level = undefined;
        const source = pyramid.findLast((copy) => copy.cols >= levelWidth) ?? picture;
        level =
          source.cols === levelWidth && source.rows === levelHeight
            ? new CoarseLevel(cv, source, false)
            : new CoarseLevel(cv, resizedCopy(cv, source, levelWidth, levelHeight), true);
      }
      const apartX = Math.ceil(templateWidth / 2);
      const apartY = Math.ceil(templateHeight / 2);
      const perVariant = linear
        ? linearPeaks(cv, sizedTemplates, level, linear, templateWidth, templateHeight, (values, rows, cols) =>
            peaksIn(values, rows, cols, coarse.peaksPerScale, apartX, apartY),
          )
        : templates.map((template) =>
            correlate(cv, level!.picture, sizedTemplates.get(template, templateWidth, templateHeight), (result) =>
              peaksOf(result, coarse.peaksPerScale, apartX, apartY),
            ),
          );
      perVariant.forEach((peaks, variant) => {
        for (const peak of peaks)
          candidates.push({
            x: peak.x / factor,
            y: peak.y / factor,
            width: logoWidth,
            height: logoHeight,
            score: peak.score,
            variant,
          });
      });
    }
  } finally {
    level?.release();
    pyramidScope.deleteAll();
  }
  return candidates;
}

/**
 * The fine search around a candidate; when the best scale lies at the edge of the range tried (the coarse pass was
 * further off than its step), the search moves on from there, twice at most.
 */
function refine(
  cv: OpenCv,
  sizedTemplates: SizedTemplates,
  picture: CvMat,
  template: CvMat,
  outline: CvMat,
  mask: CvMat | undefined,
  candidate: Candidate,
  pass: PassSizes,
): Candidate {
  let current = refineOnce(cv, sizedTemplates, picture, template, outline, mask, candidate, pass);
  for (let round = 0; round < 2 && current.atRangeEdge && current.match.score >= hopelessFilledScore; round++) {
    const next = refineOnce(cv, sizedTemplates, picture, template, outline, mask, current.match, pass);
    if (next.match.score <= current.match.score) break;
    current = next;
  }
  return current.match;
}

function refineOnce(
  cv: OpenCv,
  sizedTemplates: SizedTemplates,
  picture: CvMat,
  template: CvMat,
  outline: CvMat,
  mask: CvMat | undefined,
  candidate: Candidate,
  pass: PassSizes = fine,
): { match: Candidate; atRangeEdge: boolean } {
  const { cols: width, rows: height } = picture;
  const local = new MatScope(cv);
  try {
    const factor = Math.min(
      1,
      Math.max(
        pass.longSide / Math.max(candidate.width, candidate.height),
        pass.shortSide / Math.min(candidate.width, candidate.height),
      ),
    );
    // Room for the coarse pass's position error (a few of its pixels) and the largest scale tried.
    const margin = Math.ceil(Math.max(candidate.width, candidate.height) * (pass.scaleSpan + 0.06) + 4 / factor);
    const left = Math.max(0, Math.floor(candidate.x - margin));
    const top = Math.max(0, Math.floor(candidate.y - margin));
    const right = Math.min(width, Math.ceil(candidate.x + candidate.width + margin));
    const bottom = Math.min(height, Math.ceil(candidate.y + candidate.height + margin));
    const region = local.keep(picture.roi(new cv.Rect(left, top, right - left, bottom - top)));
    const regionWidth = Math.max(1, Math.round((right - left) * factor));
    const regionHeight = Math.max(1, Math.round((bottom - top) * factor));
    const level = factor === 1 ? region : local.resized(region, regionWidth, regionHeight);
    const fx = level.cols / (right - left);
    const fy = level.rows / (bottom - top);
    const where = { left, top, fx, fy };
    const grey = scoreLevel(cv, local, sizedTemplates, level, template, outline, mask, candidate, pass, where);
    if (!pass.colour || !mask) return grey;
    // Dark letters on a saturated ground of their own grey show only in colour: where grey hides the logo's ink and
    // colour does not, the region is searched again in its colours rendered as the template's greys.
    const colourSearch = pass.colour;
    const mainInk = pass.inks?.[0];
    if (!mainInk) return grey;
    let rgbLevel: CvMat | undefined;
    const colourOf = (at: Candidate): { match: Candidate; atRangeEdge: boolean } | undefined => {
      const rendering = colourRendering(sizedTemplates, mask, mainInk, at, colourSearch, where);
      if (!rendering) return undefined;
      rgbLevel ??= local.resized(
        local.keep(colourSearch.picture().roi(new cv.Rect(left, top, right - left, bottom - top))),
        regionWidth,
        regionHeight,
      );
      const colourLevel = renderedLevel(cv, local, rgbLevel, rendering);
      return scoreLevel(cv, local, sizedTemplates, colourLevel, template, outline, mask, candidate, pass, where);
    };
    // The ground's colour is measured where the candidate is, then, when colour scores better than grey, again where
    // the colour search put the logo (the first measure takes in ink as far as the candidate is off).
    const first = colourOf(candidate);
    if (!first) return grey;
    const second = first.match.score > grey.match.score ? colourOf(first.match) : undefined;
    const colour = second && second.match.score > first.match.score ? second : first;
    return colour.match.score > grey.match.score ? colour : grey;
  } finally {
    local.deleteAll();
  }
}

/** An affine map from CIELAB (8-bit units) to grey: grey = offset + weights · (Lab − origin). */
interface ColourRendering {
  origin: [number, number, number];
  weights: [number, number, number];
  offset: number;
}

/**
 * How to render the picture's colours as the outline template's greys around a candidate: the smallest affine map of
 * CIELAB that takes the mean colour of the ground under the logo's box (its transparent pixels, sampled in the
 * picture at the level's grid) to the template's ground grey and each ink's colour in the reference to that ink's
 * grey. Undefined where grey already shows the logo's main ink, or colour does not either: then nothing is resized.
 */
function colourRendering(
  sizedTemplates: SizedTemplates,
  mask: CvMat,
  mainInk: CvMat,
  candidate: Candidate,
  colour: ColourSearch,
  { fx, fy }: LevelPlace,
): ColourRendering | undefined {
  const boxWidth = Math.round(candidate.width * fx);
  const boxHeight = Math.round(candidate.height * fy);
  if (boxWidth < 4 || boxHeight < 4 || colour.inks.length === 0) return undefined;
  const maskBytes = sizedTemplates.get(mask, boxWidth, boxHeight).data.slice();
  const inkBytes = sizedTemplates.get(mainInk, boxWidth, boxHeight).data.slice();
  const { rgb, width, height } = colour.image;
  // Sums of R, G, B and counts: under the transparent pixels (the ground), then under the main ink.
  const sums = [
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ];
  for (let y = 0; y < boxHeight; y++) {
    const py = Math.floor(candidate.y + (y + 0.5) / fy);
    if (py < 0 || py >= height) continue;
    for (let x = 0; x < boxWidth; x++) {
      const px = Math.floor(candidate.x + (x + 0.5) / fx);
      const t = y * boxWidth + x;
      const row = maskBytes[t] === 0 ? sums[0]! : inkBytes[t]! >= 128 ? sums[1]! : undefined;
      if (!row || px < 0 || px >= width) continue;
      const at = (py * width + px) * 3;
      row[0]! += rgb[at]!;
      row[1]! += rgb[at + 1]!;
      row[2]! += rgb[at + 2]!;
      row[3]!++;
    }
  }
  if (sums.some((row) => row[3]! < 16)) return undefined;
  const [[r, g, b], inkMean] = sums.map((row) => row.slice(0, 3).map((total) => total / row[3]!)) as [
    [number, number, number],
    [number, number, number],
  ];
  const [main] = colour.inks;
  if (Math.abs(main!.grey - luma(r, g, b)) >= colourCheck.greyContrast) return undefined;
  const origin = labOf(r, g, b);
  const differences = colour.inks.map(({ lab }) => lab.map((value, c) => value - origin[c]!));
  const mainDifference = differences[0]!;
  const distance = Math.hypot(...mainDifference);
  if (distance < colourCheck.colourDistance) return undefined;
  // The picture under the main ink must have moved from the ground's colour towards the ink's: a coloured ground with
  // nothing on it (or texture of other colours) is not searched again.
  const seen = labOf(...inkMean).map((value, c) => value - origin[c]!);
  const towardsInk = seen.reduce((total, value, c) => total + value * mainDifference[c]!, 0) / distance ** 2;
  if (towardsInk < colourCheck.towardsInk) return undefined;
  const targets = colour.inks.map(({ grey }) => grey - colour.groundGrey);
  // The smallest weights w with w·difference_k = target_k: w = Dᵀ (D Dᵀ + λI)⁻¹ t (λ: inks of nearly one colour).
  const gram = differences.map((a, i) =>
    differences.map((d, j) => a.reduce((total, value, c) => total + value * d[c]!, 0) + (i === j ? 25 : 0)),
  );
  const solved = solveLinear(gram, targets);
  if (!solved) return undefined;
  const weights = [0, 1, 2].map((c) => solved.reduce((total, value, k) => total + value * differences[k]![c]!, 0));
  return { origin, weights: weights as [number, number, number], offset: colour.groundGrey };
}

/** The level (RGB, 8-bit) rendered in grey by `rendering`. */
function renderedLevel(cv: OpenCv, local: MatScope, rgbLevel: CvMat, rendering: ColourRendering): CvMat {
  const { cols, rows } = rgbLevel;
  const labMat = local.keep(new cv.Mat());
  cv.cvtColor(rgbLevel, labMat, cv.COLOR_RGB2Lab);
  const lab = labMat.data.slice();
  const [gL, ga, gb] = rendering.origin;
  const [wL, wa, wb] = rendering.weights;
  const projected = new Uint8Array(cols * rows);
  for (let i = 0, at = 0; i < projected.length; i++, at += 3) {
    const value = rendering.offset + (lab[at]! - gL) * wL + (lab[at + 1]! - ga) * wa + (lab[at + 2]! - gb) * wb;
    projected[i] = value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value);
  }
  return local.fromBytes(projected, cols, rows);
}

/** Where a pass's level lies in the picture: its corner, and its pixels per picture pixel. */
interface LevelPlace {
  left: number;
  top: number;
  fx: number;
  fy: number;
}

/** The scale search and the three-way score of one candidate over one level (a region of the picture, resized). */
function scoreLevel(
  cv: OpenCv,
  local: MatScope,
  sizedTemplates: SizedTemplates,
  level: CvMat,
  template: CvMat,
  outline: CvMat,
  mask: CvMat | undefined,
  candidate: Candidate,
  pass: PassSizes,
  { left, top, fx, fy }: LevelPlace,
): { match: Candidate; atRangeEdge: boolean } {
  let best:
    { x: number; y: number; templateWidth: number; templateHeight: number; score: number; step: number } | undefined;
  const steps = Math.round(pass.scaleSpan / pass.scaleStep);
  for (let step = -steps; step <= steps; step++) {
    const scale = 1 + step * pass.scaleStep;
    const templateWidth = Math.round(candidate.width * scale * fx);
    const templateHeight = Math.round(candidate.height * scale * fy);
    const tooSmall =
      candidate.width * scale < smallestLogoInPicture ||
      candidate.height * scale < minimumLogoSide ||
      candidate.width * candidate.height * scale * scale < smallestLogoArea;
    if (
      tooSmall ||
      templateWidth < 4 ||
      templateHeight < 4 ||
      templateWidth > level.cols ||
      templateHeight > level.rows
    )
      continue;
    const sized = sizedTemplates.get(template, templateWidth, templateHeight);
    const [peak] = correlate(cv, level, sized, (result) => peaksOf(result, 1, 0, 0));
    if (peak && (!best || peak.score > best.score)) best = { ...peak, templateWidth, templateHeight, step };
  }
  if (!best) return { match: { ...candidate, score: 0 }, atRangeEdge: false };
  const filledScore = best.score;
  const atRangeEdge = steps > 0 && Math.abs(best.step) === steps;
  const found = {
    x: left + best.x / fx,
    y: top + best.y / fy,
    width: best.templateWidth / fx,
    height: best.templateHeight / fy,
    variant: candidate.variant,
    filledScore,
  };
  // Far below any match (the other two scores follow this one closely on real logos): not worth checking further.
  if (filledScore < hopelessFilledScore && !pass.groundFromPicture)
    return { match: { ...found, score: filledScore }, atRangeEdge };
  // The best position and scale checked again on a few pixels around it: with the transparent parts masked out,
  // and by the logo's edges (its outline and strokes), which a background of any brightness leaves in place.
  const slack = 2;
  const x0 = Math.max(0, best.x - slack);
  const y0 = Math.max(0, best.y - slack);
  const x1 = Math.min(level.cols, best.x + best.templateWidth + slack);
  const y1 = Math.min(level.rows, best.y + best.templateHeight + slack);
  const window = local.keep(level.roi(new cv.Rect(x0, y0, x1 - x0, y1 - y0)));
  let maskedScore: number | undefined;
  const sizedMask = mask ? sizedTemplates.get(mask, best.templateWidth, best.templateHeight) : undefined;
  if (sizedMask) {
    const sized = sizedTemplates.get(template, best.templateWidth, best.templateHeight);
    const [masked] = correlate(cv, window, sized, (result) => peaksOf(result, 1, 0, 0), sizedMask);
    maskedScore = masked?.score;
  }
  // Copied out at once: a view into WebAssembly memory is detached when the next Mat makes the memory grow.
  const maskBytes = sizedMask?.data.slice();
  // A same-size resize is a continuous copy (clone() of a view of a view reads the wrong rows in this build).
  const windowCopy = local.resized(window, window.cols, window.rows);
  const windowRaster = { bytes: windowCopy.data.slice(), width: windowCopy.cols, height: windowCopy.rows };
  const outlineSized = sizedTemplates.get(outline, best.templateWidth, best.templateHeight);
  const outlineRaster = { bytes: outlineSized.data.slice(), width: outlineSized.cols, height: outlineSized.rows };
  const edgeScore = edgeCorrelation(windowRaster, outlineRaster, maskBytes);
  // A wordmark's filled template guesses its ground; the ground actually under it replaces the guess.
  const groundScore =
    pass.groundFromPicture && maskBytes ? groundFilledCorrelation(windowRaster, outlineRaster, maskBytes) : 0;
  // Each view misses something the others see: the filled template a busy background behind transparent corners,
  // the masked one the letters' gaps, the edges a change of brightness. A real logo scores well on all three.
  // Which of a wordmark's inks are darker than the ground behind it depends on that ground: each ink's contrast
  // is fitted to the picture.
  const fittedScore =
    pass.groundFromPicture && pass.inks && pass.inks.length > 1
      ? inkFitCorrelation(
          windowRaster,
          pass.inks.map((ink) => sizedTemplates.get(ink, best.templateWidth, best.templateHeight).data.slice()),
          best.templateWidth,
          best.templateHeight,
        )
      : 0;
  const scores = [
    Math.max(filledScore, groundScore, fittedScore),
    ...(maskedScore === undefined ? [] : [maskedScore]),
    edgeScore,
  ];
  const score = scores.reduce((total, value) => total + value, 0) / scores.length;

  return {
    match: {
      ...found,
      score,
      ...(maskedScore === undefined ? {} : { maskedScore }),
      edgeScore,
    },
    atRangeEdge,
  };
}

interface GreyRaster {
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** Gradient magnitude (|dx| + |dy|, central differences; zero on the border). */
function gradientOf({ bytes, width, height }: GreyRaster): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 1; y < height - 1; y++)
    for (let x = 1; x < width - 1; x++) {
      const at = y * width + x;
      out[at] = Math.abs(bytes[at + 1]! - bytes[at - 1]!) + Math.abs(bytes[at + width]! - bytes[at - width]!);
    }
  return out;
}

/**
 * How well the window is explained, at its best position, by the logo's inks each at a level of its own over a ground
 * of its own (least squares: the multiple correlation R). `inks` are coverage maps (0–255) of the logo's size, the
 * largest first. A wordmark of dark letters over a green bar on a mid-grey ground has its letters darker than the
 * ground and its bar lighter (or as light): a template with fixed greys scores ~0.5 there however exact the match.
 * Free levels would also let the bar alone explain any straight edge with the letters flat, so the score is at most
 * the largest ink's own correlation over its pixels and the ground's: the letters must stand out by themselves.
 */
function inkFitCorrelation(window: GreyRaster, inks: Uint8Array[], width: number, height: number): number {
  const k = inks.length;
  const n = width * height;
  // The inks' sums and cross-products do not depend on the position.
  const inkSums = inks.map((ink) => ink.reduce((total, value) => total + value, 0));
  const inkCross = inks.map((a) => inks.map((b) => a.reduce((total, value, at) => total + value * b[at]!, 0)));
  const covariance = inks.map((_, i) => inks.map((_, j) => inkCross[i]![j]! - (inkSums[i]! * inkSums[j]!) / n));
  const bytes = window.bytes;
  let best: { score: number; ox: number; oy: number } | undefined;
  for (let oy = 0; oy + height <= window.height; oy++)
    for (let ox = 0; ox + width <= window.width; ox++) {
      let sum = 0;
      let squares = 0;
      // Integer sums (exact in any order): the window's, and its products with each ink, ink by ink.
      const cross = new Array<number>(k).fill(0);
      for (let y = 0; y < height; y++) {
        const row = (y + oy) * window.width + ox;
        for (let x = 0; x < width; x++) {
          const value = bytes[row + x]!;
          sum += value;
          squares += value * value;
        }
      }
      for (let i = 0; i < k; i++) {
        const ink = inks[i]!;
        let total = 0;
        for (let y = 0; y < height; y++) {
          const row = (y + oy) * window.width + ox;
          const inkRow = y * width;
          for (let x = 0; x < width; x++) total += bytes[row + x]! * ink[inkRow + x]!;
        }
        cross[i] = total;
      }
      const variance = squares - (sum * sum) / n;
      if (variance <= 0) continue;
      const inkCovariance = cross.map((total, i) => total - (inkSums[i]! * sum) / n);
      const coefficients = solveLinear(covariance, inkCovariance);
      if (!coefficients) continue;
      const explained = coefficients.reduce((total, coefficient, i) => total + coefficient * inkCovariance[i]!, 0);
      const score = Math.sqrt(Math.max(0, Math.min(1, explained / variance)));
      if (!best || score > best.score) best = { score, ox, oy };
    }
  if (!best) return 0;
  const [largest, ...others] = inks;
  let count = 0;
  let sumW = 0;
  let sumI = 0;
  let squaresW = 0;
  let squaresI = 0;
  let cross = 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const at = y * width + x;
      if (others.some((other) => other[at]! > 0)) continue;
      const w = window.bytes[(y + best.oy) * window.width + x + best.ox]!;
      const c = largest![at]!;
      count++;
      sumW += w;
      sumI += c;
      squaresW += w * w;
      squaresI += c * c;
      cross += w * c;
    }
  const varianceW = squaresW - (sumW * sumW) / Math.max(1, count);
  const varianceI = squaresI - (sumI * sumI) / Math.max(1, count);
  if (varianceW <= 0 || varianceI <= 0) return 0;
  // Either sign: the letters may be lighter than this ground.
  const largestAlone = Math.abs(cross - (sumW * sumI) / count) / Math.sqrt(varianceW * varianceI);
  return Math.min(best.score, largestAlone);
}

/** Solves a small symmetric system by Gaussian elimination; undefined when it is (nearly) singular. */
function solveLinear(matrix: number[][], right: number[]): number[] | undefined {
  const size = right.length;
  const rows = matrix.map((row, i) => [...row, right[i]!]);
  for (let column = 0; column < size; column++) {
    let pivot = column;
    for (let row = column + 1; row < size; row++)
      if (Math.abs(rows[row]![column]!) > Math.abs(rows[pivot]![column]!)) pivot = row;
    if (Math.abs(rows[pivot]![column]!) < 1e-9 * Math.abs(rows[0]![0]! || 1)) return undefined;
    [rows[column], rows[pivot]] = [rows[pivot]!, rows[column]!];
    for (let row = 0; row < size; row++) {
      if (row === column) continue;
      const factor = rows[row]![column]! / rows[column]![column]!;
      for (let c = column; c <= size; c++) rows[row]![c]! -= factor * rows[column]![c]!;
    }
  }
  return rows.map((row, i) => row[size]! / row[i]!);
}

/**
 * The best normalised correlation of the logo with the window over every position of the logo in the window, its
 * transparent pixels taking the mean of the window's pixels under them at that position: the ground as it is.
 */
function groundFilledCorrelation(window: GreyRaster, logo: GreyRaster, mask: Uint8Array): number {
  const { width, height } = logo;
  const n = width * height;
  // Each template pixel's offset in the window from the position's corner, computed once for every position.
  const offsets = windowOffsets(width, height, window.width);
  const opaque: number[] = [];
  const transparent: number[] = [];
  for (let at = 0; at < n; at++) (mask[at]! >= 128 ? opaque : transparent).push(offsets[at]!);
  if (opaque.length < 16 || transparent.length < 16) return 0;
  const transparentOffsets = Int32Array.from(transparent);
  const bytes = window.bytes;
  const logoBytes = logo.bytes;
  let best = 0;
  for (let oy = 0; oy + height <= window.height; oy++)
    for (let ox = 0; ox + width <= window.width; ox++) {
      const corner = oy * window.width + ox;
      let groundSum = 0;
      for (let i = 0; i < transparentOffsets.length; i++) groundSum += bytes[corner + transparentOffsets[i]!]!;
      const ground = groundSum / transparentOffsets.length;
      let sumW = 0;
      let sumT = 0;
      let squaresW = 0;
      let squaresT = 0;
      let cross = 0;
      for (let at = 0; at < n; at++) {
        const w = bytes[corner + offsets[at]!]!;
        const t = mask[at]! >= 128 ? logoBytes[at]! : ground;
        sumW += w;
        sumT += t;
        squaresW += w * w;
        squaresT += t * t;
        cross += w * t;
      }
      const varianceW = squaresW - (sumW * sumW) / n;
      const varianceT = squaresT - (sumT * sumT) / n;
      if (varianceW <= 0 || varianceT <= 0) continue;
      const score = (cross - (sumW * sumT) / n) / Math.sqrt(varianceW * varianceT);
      if (score > best) best = score;
    }
  return best;
}

/** Where each pixel of a width × height template falls in a window `stride` wide, from the position's corner. */
function windowOffsets(width: number, height: number, stride: number): Int32Array {
  const offsets = new Int32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) offsets[y * width + x] = y * stride + x;
  return offsets;
}

/**
 * The best normalised correlation of the template's edges with the window's, over every position of the template in
 * the window; only where the logo is or borders (its mask grown by two pixels), inside the template's border.
 */
function edgeCorrelation(window: GreyRaster, template: GreyRaster, mask: Uint8Array | undefined): number {
  const windowEdges = gradientOf(window);
  const templateEdges = gradientOf(template);
  const { width, height } = template;
  const reach = 2;
  const used: number[] = [];
  for (let y = 1; y < height - 1; y++)
    for (let x = 1; x < width - 1; x++) {
      let near = !mask;
      for (let dy = -reach; dy <= reach && !near; dy++)
        for (let dx = -reach; dx <= reach && !near; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && yy < height && xx >= 0 && xx < width && mask![yy * width + xx]! >= 128) near = true;
        }
      if (near) used.push(y * width + x);
    }
  if (used.length < 16) return 0;
  let templateSum = 0;
  let templateSquares = 0;
  for (const at of used) {
    templateSum += templateEdges[at]!;
    templateSquares += templateEdges[at]! ** 2;
  }
  const n = used.length;
  const usedOffsets = Int32Array.from(used, (at) => Math.floor(at / width) * window.width + (at % width));
  const templateVariance = templateSquares - (templateSum * templateSum) / n;
  if (templateVariance <= 0) return 0;
  let best = 0;
  for (let oy = 0; oy + height <= window.height; oy++)
    for (let ox = 0; ox + width <= window.width; ox++) {
      let sum = 0;
      let squares = 0;
      let cross = 0;
      const corner = oy * window.width + ox;
      for (let i = 0; i < used.length; i++) {
        const at = used[i]!;
        const value = windowEdges[corner + usedOffsets[i]!]!;
        sum += value;
        squares += value * value;
        cross += value * templateEdges[at]!;
      }
      const variance = squares - (sum * sum) / n;
      if (variance <= 0) continue;
      const score = (cross - (sum * templateSum) / n) / Math.sqrt(variance * templateVariance);
      if (score > best) best = score;
    }
  return best;
}
