/**
 * The colour filter of asset lists: "has at least 10 % red" (a basic colour family) or "has at least 10 % of a
 * colour within ΔE2000 10 of #ff6600" (a hex colour), matched against the palette of each asset's current version.
 *
 * A hex filter cannot run in SQL alone (CIEDE2000 needs trigonometry that SQLite lacks), so storage narrows the
 * candidates with `deltaE2000SearchBox` — a Lab box that provably contains every colour within the tolerance — and
 * finishes with `matchesColourFilter`. Both are pure and live here, beside the parser, so that storage, services and
 * the enricher agree on one definition.
 */
import { deltaE2000 } from './delta-e.ts';
import { colourFamilies, type ColourFamily } from './enrichment.ts';
import { validationFailed, type FieldProblem } from './errors.ts';
import { hexToLab, parseHex, rgbToHex, type Lab } from './lab.ts';

export type ColourFilter =
  | { kind: 'family'; family: ColourFamily; minShare: number }
  | { kind: 'near'; hex: string; lab: Lab; maxDeltaE: number; minShare: number };

/** A palette colour counts when it covers at least this share of the picture (0..1). */
export const defaultColourShare = 0.1;
/** CIEDE2000 within which a palette colour matches a hex colour: clearly the same colour, a shade apart. */
export const defaultColourTolerance = 10;
/** Beyond this a hex filter matches most of the gamut: say a family instead. */
export const maxColourTolerance = 50;

/** Everyday spellings of families (US grey, cyan for the teal family). */
const familyAliases: Readonly<Record<string, ColourFamily>> = { gray: 'grey', cyan: 'teal' };

const allowedText = `one of ${colourFamilies.join(', ')}, or a hex colour such as #ff6600`;

export interface ColourFilterInput {
  /** A family name ('red', case-insensitive) or a hex colour ('#ff6600', '#f60'; the '#' may be left out). */
  colour: string;
  /** Minimum share 0..1 (default 0.1). */
  share?: number;
  /** CIEDE2000 tolerance for hex colours, 0..50 (default 10). Ignored for families. */
  tolerance?: number;
}

/** Validates user input into a ColourFilter; VALIDATION_FAILED names every problem and the allowed values. */
export function parseColourFilter(input: ColourFilterInput): ColourFilter {
  const problems: FieldProblem[] = [];
  const text = input.colour.trim().toLowerCase();
  const family = colourFamilies.find((f) => f === text) ?? familyAliases[text];
  const rgb = family ? undefined : parseHex(text);
  if (!family && !rgb)
    problems.push({ field: 'colour', problem: `unknown colour ${JSON.stringify(input.colour)}: ${allowedText}` });
  const minShare = input.share ?? defaultColourShare;
  if (!(Number.isFinite(minShare) && minShare >= 0 && minShare <= 1)) {
    problems.push({ field: 'colourShare', problem: `${String(input.share)} is not a share between 0 and 1` });
  }
  const maxDeltaE = input.tolerance ?? defaultColourTolerance;
  if (!(Number.isFinite(maxDeltaE) && maxDeltaE >= 0 && maxDeltaE <= maxColourTolerance)) {
    problems.push({
      field: 'colourTolerance',
      problem: `${String(input.tolerance)} is not a CIEDE2000 tolerance between 0 and ${maxColourTolerance}`,
    });
  }
  if (problems.length > 0) throw validationFailed(problems);
  if (family) return { kind: 'family', family, minShare };
  const hex = rgbToHex(...(rgb as [number, number, number]));
  return { kind: 'near', hex, lab: hexToLab(hex), maxDeltaE, minShare };
}

/** Whether a stored palette colour satisfies the filter. */
export function matchesColourFilter(
  filter: ColourFilter,
  colour: { lab: Lab; share: number; family?: ColourFamily },
): boolean {
  if (colour.share < filter.minShare) return false;
  if (filter.kind === 'family') return colour.family === filter.family;
  return deltaE2000(filter.lab, colour.lab) <= filter.maxDeltaE;
}

export interface LabBox {
  l: readonly [number, number];
  /** Unbounded (±Infinity) when the tolerance is too wide to bound a and b. */
  a: readonly [number, number];
  b: readonly [number, number];
}

// Largest weights CIEDE2000 gives a lightness difference (S_L at L̄ = 0 or 100) and the largest rotation term
// |R_T| = 2·sin(60°): with them the formula's quadratic form is bounded from below, which bounds each difference.
const maxSL = 1 + (0.015 * 2500) / Math.sqrt(20 + 2500);
const minEigen = 1 - Math.sqrt(3) / 2;

/**
 * A Lab box holding every colour (L in 0..100) within CIEDE2000 `tolerance` of `centre`: a cheap SQL pre-filter
 * before the exact ΔE. Derivation: ΔE² = (ΔL/S_L)² + Q with Q ≥ (1 − √3/2)·((ΔC'/S_C)² + (ΔH'/S_H)²), and
 * S_H ≤ S_C = 1 + 0.045·C̄'. ΔC'² + ΔH'² is the squared distance d' in the (a', b) plane, where a' = a·(1 + G)
 * with G ∈ [0, ½] stretches a (so |Δa|, |Δb| ≤ d'). With C̄' ≤ 1.5·C₁ + d'/2 that gives |ΔL| ≤ tolerance·S_L,max
 * and d' ≤ m·(1 + 0.0675·C₁) / (1 − 0.0225·m), m = tolerance/√(1 − √3/2). Loose for saturated colours (the
 * rotation term's worst case is large) but never wrong; a test checks it on points of the tolerance boundary.
 */
export function deltaE2000SearchBox(centre: Lab, tolerance: number): LabBox {
  const dL = tolerance * maxSL;
  const m = tolerance / Math.sqrt(minEigen);
  const c1 = Math.hypot(centre.a, centre.b);
  const denominator = 1 - 0.0225 * m;
  // A small margin for the rounding of the stored Lab (two decimals) and of the arithmetic.
  const dAB = denominator > 0 ? (m * (1 + 0.0675 * c1)) / denominator + 0.01 : Infinity;
  return {
    l: [centre.l - dL - 0.01, centre.l + dL + 0.01],
    a: [centre.a - dAB, centre.a + dAB],
    b: [centre.b - dAB, centre.b + dAB],
  };
}
