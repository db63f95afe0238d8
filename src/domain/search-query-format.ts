/**
 * The canonical text of a parsed search query, which saved searches keep: text first, then the filters in their
 * order, values in canonical spelling (`color:` as `colour:`, `by:` as `requestor:`, relative dates kept relative).
 * For a query that parseSearchQuery made, parsing the printed text gives the same query again (spans aside).
 */
import { defaultColourTolerance, type ColourFilter } from './colour-filter.ts';
import type { NumberRange, SearchFilter, SearchQuery, TextNode, TextTerm } from './search-query.ts';

/** Text a bare (unquoted) value or word may be: nothing that ends a word, separates values or starts a group. */
const bareValue = /^[^\s,()"]+$/;
/** A free word may also hold commas (only field values are split at them). */
const bareWord = /^[^\s()"]+$/;
const keywordText = new Set(['OR', 'AND', 'NOT']);
const fieldLike = /^[A-Za-z][A-Za-z0-9]*:/;

/** A phrase in quotes. Quotes cannot be written inside one, and search ignores them, so they become spaces. */
const quoted = (text: string): string => `"${text.replaceAll('"', ' ').replace(/\s+/g, ' ').trim()}"`;

/** A value after `field:` (`approved`, `"sd xl"`). */
const value = (text: string): string => (bareValue.test(text) ? text : quoted(text));

/**
 * One term, without its field. A word that would not read back as a word (a keyword, a leading -, a colon after
 * letters, a star) is printed as a phrase, which every engine searches the same way.
 */
function termText(term: TextTerm): string {
  if (term.kind === 'phrase') return quoted(term.text);
  const free = term.scope === 'any';
  const safe =
    (free ? bareWord : bareValue).test(term.text) &&
    !term.text.includes('*') &&
    // A keyword with a star (`NOT*`) is a prefix, not a keyword; only a bare word can be mistaken for one.
    (!free ||
      (!(term.kind === 'word' && keywordText.has(term.text)) &&
        !term.text.startsWith('-') &&
        !fieldLike.test(term.text)));
  if (!safe) return quoted(term.text);
  return term.kind === 'prefix' ? `${term.text}*` : term.text;
}

const scoped = (term: TextTerm): string => (term.scope === 'any' ? termText(term) : `${term.scope}:${termText(term)}`);

/** An OR of terms of one field prints as that field's value list (`tag:cat,dog`), the form the parser reads back. */
function sameFieldTerms(node: TextNode): TextTerm[] | undefined {
  if (node.type !== 'or') return undefined;
  const terms = node.children.filter((c): c is TextTerm => c.type === 'term');
  const scope = terms[0]?.scope;
  if (terms.length !== node.children.length || scope === undefined || scope === 'any') return undefined;
  return terms.every((t) => t.scope === scope) ? terms : undefined;
}

function formatText(node: TextNode, parent: 'top' | 'and' | 'or' | 'not'): string {
  switch (node.type) {
    case 'term':
      return scoped(node);
    case 'not': {
      const child = node.child;
      const inner =
        child.type === 'term' || sameFieldTerms(child) ? formatText(child, 'not') : `(${formatText(child, 'top')})`;
      return `-${inner}`;
    }
    case 'and': {
      const text = node.children.map((c) => formatText(c, 'and')).join(' ');
      return parent === 'not' ? `(${text})` : text;
    }
    case 'or': {
      const terms = sameFieldTerms(node);
      if (terms) return `${terms[0]?.scope}:${terms.map(termText).join(',')}`;
      const text = node.children.map((c) => formatText(c, 'or')).join(' OR ');
      return parent === 'and' || parent === 'not' ? `(${text})` : text;
    }
  }
}

const formatNumber = (n: number): string => String(n);

function formatRange(range: NumberRange): string {
  const lower = range.gte ?? range.gt;
  const upper = range.lte ?? range.lt;
  if (lower !== undefined && upper !== undefined)
    // The parser makes closed ranges only; an open bound with another bound (never parsed) prints as closed.
    return lower === upper ? formatNumber(lower) : `${formatNumber(lower)}..${formatNumber(upper)}`;
  if (range.gt !== undefined) return `>${formatNumber(range.gt)}`;
  if (range.gte !== undefined) return `>=${formatNumber(range.gte)}`;
  if (range.lt !== undefined) return `<${formatNumber(range.lt)}`;
  if (range.lte !== undefined) return `<=${formatNumber(range.lte)}`;
  return '0..';
}

/** Tiers as runs (`1..3`, `1,3`): never more values than were written, so a printed query stays within the limits. */
function formatTiers(tiers: readonly number[]): string[] {
  const runs: string[] = [];
  let index = 0;
  while (index < tiers.length) {
    const first = tiers[index] as number;
    let last = first;
    while (tiers[index + 1] === last + 1) last = tiers[++index] as number;
    runs.push(first === last ? String(first) : `${first}..${last}`);
    index++;
  }
  return runs;
}

function formatColour(colour: ColourFilter): string {
  if (colour.kind === 'family') return colour.family;
  return colour.maxDeltaE === defaultColourTolerance ? colour.hex : `${colour.hex}~${colour.maxDeltaE}`;
}

function filterValues(filter: SearchFilter): string[] {
  switch (filter.field) {
    case 'brand':
      return 'bands' in filter ? filter.bands : filter.scores.map(formatRange);
    case 'colour':
      return filter.colours.map(formatColour);
    case 'risk':
      return formatTiers(filter.values);
    case 'width':
    case 'height':
    case 'pixels':
    case 'faces':
      return filter.ranges.map(formatRange);
    case 'created':
    case 'updated':
    case 'expires':
      return filter.ranges.map((r) => r.expression);
    default:
      return filter.values.map(value);
  }
}

const formatFilter = (filter: SearchFilter): string =>
  `${filter.negated ? '-' : ''}${filter.field}:${filterValues(filter).join(',')}`;

/** The canonical text of `query`. */
export function formatSearchQuery(query: SearchQuery): string {
  const parts: string[] = [];
  if (query.text) {
    const text = formatText(query.text, 'top');
    // A top-level OR beside filters needs its parentheses, or the filters would be read as joined by OR.
    const orBesideFilters = query.text.type === 'or' && !sameFieldTerms(query.text) && query.filters.length > 0;
    parts.push(orBesideFilters ? `(${text})` : text);
  }
  parts.push(...query.filters.map(formatFilter));
  return parts.join(' ');
}
