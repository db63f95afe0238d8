/**
 * The library's edits of a query's text (docs/search.md): the filters a facet or the colour picker adds or takes
 * away, written into the one line the user can read and change. Only top-level `field:value[,value…]` filters are
 * touched; words, phrases and groups stay exactly as typed.
 */

/** One top-level piece of the query: a filter (`-field:a,b`) or anything else, kept as written. */
interface Piece {
  text: string;
  filter?: { negated: boolean; field: string; values: string[] };
}

/** Splits on spaces outside quotes and parentheses. */
function pieces(query: string): Piece[] {
  const out: Piece[] = [];
  let current = '';
  let quoted = false;
  let depth = 0;
  for (const ch of query) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth = Math.max(0, depth - 1);
    if (!quoted && depth === 0 && /\s/.test(ch)) {
      if (current) out.push(piece(current));
      current = '';
    } else current += ch;
  }
  if (current) out.push(piece(current));
  return out;
}

function piece(text: string): Piece {
  const match = /^(-?)([A-Za-z]+):(.+)$/.exec(text);
  if (!match || match[3]!.startsWith('(')) return { text };
  return {
    text,
    filter: { negated: match[1] === '-', field: match[2]!.toLowerCase(), values: splitValues(match[3]!) },
  };
}

function splitValues(text: string): string[] {
  const values: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') {
      quoted = !quoted;
      continue;
    }
    if (ch === ',' && !quoted) {
      values.push(current);
      current = '';
    } else current += ch;
  }
  values.push(current);
  return values.filter((v) => v !== '');
}

/** A value as the query language reads it: quoted when it holds anything but letters, digits and - _ . # ~ */
export function quoteValue(value: string): string {
  return /^[\p{L}\p{N}_.#~-]+$/u.test(value) ? value : `"${value.replace(/"/g, '')}"`;
}

const write = (p: Piece): string =>
  p.filter ? `${p.filter.negated ? '-' : ''}${p.filter.field}:${p.filter.values.map(quoteValue).join(',')}` : p.text;

/** The fields that are spelled two ways. */
const aliases: Record<string, string> = { colour: 'color', by: 'requestor', ocr: 'text' };
const canonical = (field: string) => aliases[field] ?? field;
const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;

/** Whether the query keeps only assets with `field` = `value` (a positive top-level filter naming it). */
export function hasFilter(query: string, field: string, value: string): boolean {
  return pieces(query).some(
    (p) =>
      p.filter &&
      !p.filter.negated &&
      canonical(p.filter.field) === canonical(field) &&
      p.filter.values.some((v) => same(v, value)),
  );
}

/** The values of the positive top-level filters on `field`. */
export function filterValues(query: string, field: string): string[] {
  return pieces(query).flatMap((p) =>
    p.filter && !p.filter.negated && canonical(p.filter.field) === canonical(field) ? p.filter.values : [],
  );
}

/**
 * Adds `value` to the filter on `field` (several values of one field mean any of them), or takes it out when it is
 * there — the filter goes when its last value does.
 */
export function toggleFilter(query: string, field: string, value: string): string {
  const list = pieces(query);
  const at = list.findIndex((p) => p.filter && !p.filter.negated && canonical(p.filter.field) === canonical(field));
  if (hasFilter(query, field, value)) {
    const next = list.flatMap((p) => {
      if (!p.filter || p.filter.negated || canonical(p.filter.field) !== canonical(field)) return [p];
      const values = p.filter.values.filter((v) => !same(v, value));
      return values.length === 0 ? [] : [{ text: '', filter: { ...p.filter, values } }];
    });
    return next.map(write).join(' ');
  }
  if (at >= 0) {
    const found = list[at]!;
    list[at] = { text: '', filter: { ...found.filter!, values: [...found.filter!.values, value] } };
    return list.map(write).join(' ');
  }
  return [...list.map(write), write({ text: '', filter: { negated: false, field, values: [value] } })].join(' ');
}

/** The query with every positive filter on `field` replaced by `field:value` (or removed, without a value). */
export function setFilter(query: string, field: string, value: string | undefined): string {
  const kept = pieces(query).filter(
    (p) => !(p.filter && !p.filter.negated && canonical(p.filter.field) === canonical(field)),
  );
  const next = value === undefined ? kept : [...kept, { text: '', filter: { negated: false, field, values: [value] } }];
  return next.map(write).join(' ');
}
