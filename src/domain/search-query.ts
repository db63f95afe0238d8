/**
 * The search query language (docs/search.md): what a parsed query is. `parseSearchQuery` turns the text a user
 * types into a SearchQuery — the free text as a boolean tree of terms, and the filters as a typed list whose values
 * are already validated and converted — and `formatSearchQuery` prints its canonical text back (saved searches keep
 * that). The parser lives in search-query-parser.ts, the value forms of each filter in search-query-filters.ts, the
 * printer in search-query-format.ts; this file holds the types every layer codes against.
 *
 * The tree never carries engine syntax: storage translates it (storage/search/text-match.ts), quoting every term, so
 * user text cannot change the meaning of an FTS5 MATCH or a tsquery.
 */
import type { AssetKind, AssetStatus, IntendedUse, RightsStatus } from './asset.ts';
import type { BrandVerdict } from './brand-guideline.ts';
import type { ColourFilter } from './colour-filter.ts';
import type { AiInvolvement } from './provenance.ts';
import type { RiskTier } from './review.ts';

/**
 * Where a node was written: UTF-16 offsets into the query text, `start` inclusive and `end` exclusive (so
 * `text.slice(start, end)` is the node). Errors give the same place as 1-based columns: position = start + 1, end = end.
 */
export interface SourceSpan {
  start: number;
  end: number;
}

/** Which text a term must be found in: `any` (every indexed text), or one field. */
export const textScopes = ['any', 'title', 'prompt', 'text', 'file', 'tag', 'object'] as const;
export type TextScope = (typeof textScopes)[number];

/** `word`: a bare word; `prefix`: `sun*` (text without the star); `phrase`: `"sunset beach"`, words in that order. */
export type TextTermKind = 'word' | 'prefix' | 'phrase';

export interface TextTerm {
  type: 'term';
  kind: TextTermKind;
  /** As written (no quotes, no trailing star); holds at least one letter or digit and no control character. */
  text: string;
  scope: TextScope;
  span: SourceSpan;
}

/** All children must match (implicit between terms, or `AND`). At least two children. */
export interface TextAnd {
  type: 'and';
  children: TextNode[];
  span: SourceSpan;
}

/** Any child may match (`OR`). At least two children. */
export interface TextOr {
  type: 'or';
  children: TextNode[];
  span: SourceSpan;
}

/** The child must not match (`-word`, `-"a phrase"`, `-tag:people`, `-(a OR b)`, `NOT x`). */
export interface TextNot {
  type: 'not';
  child: TextNode;
  span: SourceSpan;
}

/** The free-text part. Nested nodes of one type are merged (`a OR (b OR c)` is one OR of three). */
export type TextNode = TextTerm | TextAnd | TextOr | TextNot;

/**
 * A numeric condition: each bound present applies (at most one of gt/gte and one of lt/lte). `width:1024` is
 * { gte: 1024, lte: 1024 }, `width:>1000` { gt: 1000 }, `width:1000..2000` { gte: 1000, lte: 2000 }.
 */
export interface NumberRange {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/**
 * A span of time as ISO instants (`2026-06-01T00:00:00.000Z`), `gte` inclusive and `lt` exclusive, either absent
 * for an open end. A day, month or year written as such covers all of it (UTC); a relative form (`<30d`) is
 * resolved against the `now` given to the parser. `expression` is the condition's canonical text, which keeps a
 * relative form relative when the query is printed back for a saved search.
 */
export interface DateRange {
  gte?: string;
  lt?: string;
  expression: string;
}

export const orientations = ['landscape', 'portrait', 'square'] as const;
export type Orientation = (typeof orientations)[number];

/** C2PA states: a manifest present or absent, and the validation of a present one (provenance.ts). */
export const c2paConditions = ['present', 'absent', 'valid', 'invalid', 'trusted'] as const;
export type C2paCondition = (typeof c2paConditions)[number];

/** `has:` — the asset has at least one of these (near duplicates, a variant family, a C2PA manifest, faces, OCR text). */
export const hasFeatures = ['duplicates', 'variants', 'c2pa', 'faces', 'text'] as const;
export type HasFeature = (typeof hasFeatures)[number];

/** `in:` — the asset belongs to one of these groupings. */
export const memberships = ['family'] as const;
export type Membership = (typeof memberships)[number];

/** Names that take a free string value (matched case-insensitively against the name or slug by the service). */
export const namedFields = ['tool', 'model', 'campaign', 'team', 'requestor'] as const;
export type NamedField = (typeof namedFields)[number];

export const numberFields = ['width', 'height', 'pixels'] as const;
export type NumberField = (typeof numberFields)[number];

export const dateFields = ['created', 'updated', 'expires'] as const;
export type DateField = (typeof dateFields)[number];

interface FilterBase {
  /** `-field:value`: the asset must NOT satisfy the filter. */
  negated: boolean;
  span: SourceSpan;
}

/** Several values (`status:approved,published`) or ranges mean any of them. */
export type SearchFilter = FilterBase &
  (
    | { field: 'ai'; values: AiInvolvement[] }
    | { field: NamedField; values: string[] }
    | { field: 'status'; values: AssetStatus[] }
    /** Comparisons (`risk:>=2`) are resolved to the tiers they admit. */
    | { field: 'risk'; values: RiskTier[] }
    | { field: 'rights'; values: RightsStatus[] }
    | { field: 'use'; values: IntendedUse[] }
    /** `brand:pass,warn`: the verdict of the brand check. */
    | { field: 'brand'; bands: BrandVerdict[] }
    /** `brand:>=80`: the brand check's score, 0–100. */
    | { field: 'brand'; scores: NumberRange[] }
    | { field: 'colour'; colours: ColourFilter[] }
    | { field: 'orientation'; values: Orientation[] }
    | { field: NumberField; ranges: NumberRange[] }
    | { field: 'type'; values: AssetKind[] }
    | { field: 'c2pa'; values: C2paCondition[] }
    /** `faces:yes` is { gte: 1 }, `faces:no` { gte: 0, lte: 0 }, `faces:>2` { gt: 2 }. */
    | { field: 'faces'; ranges: NumberRange[] }
    | { field: DateField; ranges: DateRange[] }
    | { field: 'has'; values: HasFeature[] }
    | { field: 'in'; values: Membership[] }
  );

export type SearchFilterField = SearchFilter['field'];

export interface SearchQuery {
  /** Absent when the query has filters only. */
  text?: TextNode;
  /** All must hold (filters only combine with AND: a filter inside OR or parentheses is refused). */
  filters: SearchFilter[];
}

/** Limits that keep a query cheap for the database; each exceeded one is a QUERY_INVALID naming it. */
export const searchQueryLimits = {
  /** Characters (UTF-16 code units) of the query text. */
  maxLength: 2000,
  /** Terms plus filter values. */
  maxClauses: 64,
  /** Parentheses inside parentheses. */
  maxDepth: 8,
} as const;

export { parseSearchQuery } from './search-query-parser.ts';
export { formatSearchQuery } from './search-query-format.ts';
