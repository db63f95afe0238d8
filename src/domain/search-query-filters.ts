/**
 * The fields of the search query language and the value forms each accepts: which names scope free text, which are
 * filters, and how a filter's written values become its typed, validated values (search-query.ts's SearchFilter).
 */
import { assetKinds, assetStatuses, intendedUses, rightsStatuses } from './asset.ts';
import { brandVerdicts } from './brand-guideline.ts';
import { defaultColourTolerance, maxColourTolerance, parseColourFilter, type ColourFilter } from './colour-filter.ts';
import { colourFamilies } from './enrichment.ts';
import { isProvenaError } from './errors.ts';
import { aiInvolvements, type AiInvolvement } from './provenance.ts';
import { riskTiers, type RiskTier } from './review.ts';
import {
  c2paConditions,
  dateFields,
  hasFeatures,
  memberships,
  namedFields,
  numberFields,
  orientations,
  type DateField,
  type NumberRange,
  type SearchFilter,
  type SearchFilterField,
  type SourceSpan,
  type TextScope,
} from './search-query.ts';
import { parseDateCondition } from './search-query-dates.ts';
import { column, didYouMean, queryInvalid, quoteForMessage } from './search-query-errors.ts';

/** Field names that scope free text, with their aliases. */
export const textScopeFields: Readonly<Record<string, Exclude<TextScope, 'any'>>> = {
  title: 'title',
  prompt: 'prompt',
  text: 'text',
  ocr: 'text',
  file: 'file',
  tag: 'tag',
  object: 'object',
};

/** Field names of filters, with their aliases. */
export const filterFieldNames: Readonly<Record<string, SearchFilterField>> = {
  ai: 'ai',
  tool: 'tool',
  model: 'model',
  campaign: 'campaign',
  team: 'team',
  requestor: 'requestor',
  by: 'requestor',
  status: 'status',
  risk: 'risk',
  rights: 'rights',
  use: 'use',
  brand: 'brand',
  colour: 'colour',
  color: 'colour',
  orientation: 'orientation',
  width: 'width',
  height: 'height',
  pixels: 'pixels',
  type: 'type',
  c2pa: 'c2pa',
  faces: 'faces',
  created: 'created',
  updated: 'updated',
  expires: 'expires',
  has: 'has',
  in: 'in',
};

/** Every field name a user may write, for "did you mean". */
export const allFieldNames: readonly string[] = [...Object.keys(textScopeFields), ...Object.keys(filterFieldNames)];

/** One written value of a field: `approved` or `"sd xl"` in `status:approved,"sd xl"`. */
export interface WrittenValue {
  text: string;
  quoted: boolean;
  span: SourceSpan;
}

type FilterValues = SearchFilter extends infer F
  ? F extends SearchFilter
    ? Omit<F, 'negated' | 'span'>
    : never
  : never;

/** Everyday words for the AI involvement states of provenance.ts. */
const aiAliases: Readonly<Record<string, AiInvolvement>> = {
  edited: 'ai-edited',
  assisted: 'ai-edited',
  generated: 'ai-generated',
};

const oneOf = (values: readonly string[]): string => `one of ${values.join(', ')}`;

function unknownValue(name: string, value: WrittenValue, allowed: readonly string[]): Error {
  return queryInvalid(
    `${name}:${quoteForMessage(value.text)} ${column(value.span)}: expected ${oneOf(allowed)}${didYouMean(value.text, allowed)}`,
    value.span,
    oneOf(allowed),
  );
}

/** Each value one of `allowed` (case-insensitive; `-` may stand for `_`), duplicates dropped. */
function enumValues<T extends string>(
  name: string,
  values: readonly WrittenValue[],
  allowed: readonly T[],
  aliases: Readonly<Record<string, T>> = {},
): T[] {
  const result: T[] = [];
  for (const value of values) {
    const text = value.text.trim().toLowerCase();
    const found = allowed.find((a) => a === text || a === text.replaceAll('-', '_')) ?? aliases[text];
    if (!found) throw unknownValue(name, value, [...allowed, ...Object.keys(aliases)]);
    if (!result.includes(found)) result.push(found);
  }
  return result;
}

interface NumberRules {
  max: number;
  integer: boolean;
  /** A unit suffix the field accepts (pixels: `12mp`), and its factor. */
  suffix?: { text: string; factor: number };
  what: string;
}

const numberRules: Readonly<Record<'width' | 'height' | 'pixels' | 'faces' | 'brand' | 'risk', NumberRules>> = {
  width: { max: 1_000_000, integer: true, what: 'a width in pixels' },
  height: { max: 1_000_000, integer: true, what: 'a height in pixels' },
  pixels: { max: 1e12, integer: true, suffix: { text: 'mp', factor: 1_000_000 }, what: 'a pixel count (or 12mp)' },
  faces: { max: 10_000, integer: true, what: 'yes, no or a number of faces' },
  brand: { max: 100, integer: false, what: 'a brand score from 0 to 100, or pass, warn or fail' },
  risk: { max: 3, integer: true, what: 'a risk tier 1, 2 or 3' },
};

function parseNumber(name: string, text: string, rules: NumberRules, value: WrittenValue): number {
  const suffix = rules.suffix && text.toLowerCase().endsWith(rules.suffix.text) ? rules.suffix : undefined;
  const digits = suffix ? text.slice(0, -suffix.text.length) : text;
  if (!/^\d{1,16}(\.\d{1,6})?$/.test(digits))
    throw queryInvalid(
      `${name}:${value.text} ${column(value.span)}: ${quoteForMessage(text)} is not a number (expected ${rules.what})`,
      value.span,
      rules.what,
    );
  const number = Math.round(Number(digits) * (suffix?.factor ?? 1) * 1e6) / 1e6;
  if (rules.integer && !Number.isInteger(number))
    throw queryInvalid(
      `${name}:${value.text} ${column(value.span)}: ${text} is not a whole number (expected ${rules.what})`,
      value.span,
      rules.what,
    );
  if (number > rules.max)
    throw queryInvalid(
      `${name}:${value.text} ${column(value.span)}: ${text} is beyond the largest ${name} that makes sense, ${rules.max}`,
      value.span,
      `${rules.what}, at most ${rules.max}`,
    );
  return number;
}

/** `1024`, `>1000`, `>=1000`, `<2000`, `<=2000`, `1000..2000`, `1000..`, `..2000`. */
function parseNumberCondition(name: string, value: WrittenValue, rules: NumberRules): NumberRange {
  const text = value.text.trim();
  const dots = text.indexOf('..');
  if (dots >= 0) {
    const fromText = text.slice(0, dots);
    const toText = text.slice(dots + 2);
    if (fromText === '' && toText === '')
      throw queryInvalid(
        `${name}:.. ${column(value.span)}: a range needs a start, an end or both`,
        value.span,
        rules.what,
      );
    const from = fromText === '' ? undefined : parseNumber(name, fromText, rules, value);
    const to = toText === '' ? undefined : parseNumber(name, toText, rules, value);
    if (from !== undefined && to !== undefined && from > to)
      throw queryInvalid(
        `${name}:${text} ${column(value.span)}: the range starts above its end; write the smaller number first`,
        value.span,
        'a range whose start is not above its end',
      );
    return { ...(from !== undefined ? { gte: from } : {}), ...(to !== undefined ? { lte: to } : {}) };
  }
  const operator = /^(>=|<=|>|<|=)?/.exec(text)?.[0] ?? '';
  const number = parseNumber(name, text.slice(operator.length), rules, value);
  switch (operator) {
    case '>':
      return { gt: number };
    case '>=':
      return { gte: number };
    case '<':
      return { lt: number };
    case '<=':
      return { lte: number };
    default:
      return { gte: number, lte: number };
  }
}

function admits(range: NumberRange, n: number): boolean {
  return (
    (range.gt === undefined || n > range.gt) &&
    (range.gte === undefined || n >= range.gte) &&
    (range.lt === undefined || n < range.lt) &&
    (range.lte === undefined || n <= range.lte)
  );
}

const sameRange = (a: NumberRange, b: NumberRange): boolean =>
  a.gt === b.gt && a.gte === b.gte && a.lt === b.lt && a.lte === b.lte;

function numberRanges(name: string, values: readonly WrittenValue[], rules: NumberRules): NumberRange[] {
  const ranges: NumberRange[] = [];
  for (const value of values) {
    const range = parseNumberCondition(name, value, rules);
    if (!ranges.some((r) => sameRange(r, range))) ranges.push(range);
  }
  return ranges;
}

function riskValues(values: readonly WrittenValue[]): RiskTier[] {
  const tiers = new Set<RiskTier>();
  for (const value of values) {
    const range = parseNumberCondition('risk', value, numberRules.risk);
    const admitted = riskTiers.filter((tier) => admits(range, tier));
    if (admitted.length === 0)
      throw queryInvalid(
        `risk:${value.text} ${column(value.span)}: no risk tier is ${value.text} (tiers are ${riskTiers.join(', ')})`,
        value.span,
        numberRules.risk.what,
      );
    admitted.forEach((tier) => tiers.add(tier));
  }
  return riskTiers.filter((tier) => tiers.has(tier));
}

const colourExpected = `a colour family (${colourFamilies.join(', ')}) or a hex colour such as #ff6600, optionally with a ΔE tolerance (#ff6600~12)`;

function colourValue(name: string, value: WrittenValue): ColourFilter {
  const text = value.text.trim().toLowerCase();
  const invalid = (why: string): Error =>
    queryInvalid(
      `${name}:${value.text} ${column(value.span)}: ${why} (expected ${colourExpected})`,
      value.span,
      colourExpected,
    );
  if (text.startsWith('#')) {
    const [hex = '', tolerance, ...rest] = text.split('~');
    if (rest.length > 0 || !/^#([0-9a-f]{3}|[0-9a-f]{6})$/.test(hex))
      throw invalid(`${quoteForMessage(value.text)} is not a hex colour`);
    if (tolerance !== undefined && !/^\d{1,3}(\.\d{1,3})?$/.test(tolerance))
      throw invalid(`the tolerance ${quoteForMessage(tolerance)} is not a number`);
    const maxDeltaE = tolerance === undefined ? defaultColourTolerance : Number(tolerance);
    if (maxDeltaE > maxColourTolerance)
      throw invalid(`a tolerance above ${maxColourTolerance} matches most colours; name a colour family instead`);
    return parseColourFilter({ colour: hex, tolerance: maxDeltaE });
  }
  try {
    // Only families here: a bare "bad" or "add" would otherwise be read as a hex colour.
    const family = /^[a-z]+$/.test(text) ? parseColourFilter({ colour: text }) : undefined;
    if (family?.kind !== 'family')
      throw invalid(`${quoteForMessage(value.text)} is not a colour family${didYouMean(text, colourFamilies)}`);
    return family;
  } catch (error) {
    if (isProvenaError(error) && error.code === 'VALIDATION_FAILED')
      throw invalid(`${quoteForMessage(value.text)} is not a colour family${didYouMean(text, colourFamilies)}`);
    throw error;
  }
}

const sameColour = (a: ColourFilter, b: ColourFilter): boolean =>
  a.kind === 'family'
    ? b.kind === 'family' && a.family === b.family
    : b.kind === 'near' && a.hex === b.hex && a.maxDeltaE === b.maxDeltaE;

/**
 * The typed values of filter `field` written as `name:` with `values` (at least one, none empty). `now` resolves
 * relative dates.
 */
export function parseFilterValues(
  field: SearchFilterField,
  name: string,
  values: readonly WrittenValue[],
  now: Date,
): FilterValues {
  switch (field) {
    case 'ai':
      return { field, values: enumValues(name, values, aiInvolvements, aiAliases) };
    case 'status':
      return { field, values: enumValues(name, values, assetStatuses) };
    case 'rights':
      return { field, values: enumValues(name, values, rightsStatuses) };
    case 'use':
      return { field, values: enumValues(name, values, intendedUses) };
    case 'orientation':
      return { field, values: enumValues(name, values, orientations) };
    case 'type':
      return { field, values: enumValues(name, values, assetKinds) };
    case 'c2pa':
      return { field, values: enumValues(name, values, c2paConditions) };
    case 'has':
      return { field, values: enumValues(name, values, hasFeatures) };
    case 'in':
      return { field, values: enumValues(name, values, memberships) };
    case 'risk':
      return { field, values: riskValues(values) };
    case 'brand': {
      const isBand = (v: WrittenValue): boolean =>
        (brandVerdicts as readonly string[]).includes(v.text.trim().toLowerCase());
      const first = values[0];
      if (first && isBand(first)) {
        const mixed = values.find((v) => !isBand(v));
        if (mixed && /^[<>=.\d]/.test(mixed.text.trim()))
          throw queryInvalid(
            `${name}:${mixed.text} ${column(mixed.span)}: scores and bands cannot be mixed in one filter; write ${name}:${mixed.text} separately`,
            mixed.span,
            `one of ${brandVerdicts.join(', ')}`,
          );
        if (mixed) throw unknownValue(name, mixed, brandVerdicts);
        return { field, bands: enumValues(name, values, brandVerdicts) };
      }
      const band = values.find(isBand);
      if (band)
        throw queryInvalid(
          `${name}:${band.text} ${column(band.span)}: scores and bands cannot be mixed in one filter; write ${name}:${band.text} separately`,
          band.span,
          numberRules.brand.what,
        );
      return { field, scores: numberRanges(name, values, numberRules.brand) };
    }
    case 'colour': {
      const colours: ColourFilter[] = [];
      for (const value of values) {
        const colour = colourValue(name, value);
        if (!colours.some((c) => sameColour(c, colour))) colours.push(colour);
      }
      return { field, colours };
    }
    case 'faces': {
      const words = { yes: { gte: 1 }, no: { gte: 0, lte: 0 } } as const;
      const ranges: NumberRange[] = [];
      for (const value of values) {
        const word = value.text.trim().toLowerCase();
        const range: NumberRange =
          word === 'yes' || word === 'no' ? { ...words[word] } : parseNumberCondition(name, value, numberRules.faces);
        if (!ranges.some((r) => sameRange(r, range))) ranges.push(range);
      }
      return { field, ranges };
    }
    default:
      if ((numberFields as readonly string[]).includes(field)) {
        const numberField = field as (typeof numberFields)[number];
        return { field: numberField, ranges: numberRanges(name, values, numberRules[numberField]) };
      }
      if ((dateFields as readonly string[]).includes(field)) {
        const dateField = field as DateField;
        const ranges = values.map((v) => parseDateCondition(dateField, v.text.trim(), now, v.span));
        return {
          field: dateField,
          ranges: ranges.filter((r, i) => ranges.findIndex((o) => o.expression === r.expression) === i),
        };
      }
      if ((namedFields as readonly string[]).includes(field)) {
        const named: string[] = [];
        for (const value of values) {
          const text = value.text.trim();
          if (!named.includes(text)) named.push(text);
        }
        return { field: field as (typeof namedFields)[number], values: named };
      }
      throw new Error(`search query field ${field} has no value parser`);
  }
}
