/**
 * The query language's fields (docs/search.md), for the query bar's suggestions: what each finds, and its values.
 * The values the domain enumerates come from the domain itself (it imports nothing, so the page bundles it as it is).
 */
import { assetKinds, assetStatuses, intendedUses, rightsStatuses } from '../../../../src/domain/asset.ts';
import { colourFamilies } from '../../../../src/domain/enrichment.ts';
import { aiInvolvements } from '../../../../src/domain/provenance.ts';

export interface QueryField {
  name: string;
  hint: string;
  values?: readonly string[];
}

export const queryFields: readonly QueryField[] = [
  { name: 'model', hint: 'the generating model' },
  { name: 'tool', hint: 'the generating tool' },
  { name: 'campaign', hint: 'a campaign’s name or slug' },
  { name: 'team', hint: 'a team’s name or slug' },
  {
    name: 'status',
    hint: 'workflow status',
    values: assetStatuses,
  },
  { name: 'tag', hint: 'tags of any source' },
  {
    name: 'color',
    hint: 'a colour family or #rrggbb',
    values: colourFamilies,
  },
  { name: 'created', hint: 'a date or span: >2026-06-01, <30d' },
  { name: 'updated', hint: 'a date or span' },
  { name: 'expires', hint: 'rights expiry: <30d' },
  { name: 'risk', hint: 'review tier 1–3: >=2' },
  { name: 'rights', hint: 'rights status', values: rightsStatuses },
  { name: 'ai', hint: 'AI involvement', values: aiInvolvements },
  { name: 'brand', hint: 'brand score or verdict', values: ['pass', 'warn', 'fail'] },
  { name: 'c2pa', hint: 'C2PA manifest', values: ['present', 'absent', 'valid', 'invalid', 'trusted'] },
  { name: 'orientation', hint: 'picture shape', values: ['landscape', 'portrait', 'square'] },
  { name: 'faces', hint: 'yes, no or a number', values: ['yes', 'no'] },
  { name: 'has', hint: 'a feature', values: ['duplicates', 'variants', 'c2pa', 'faces', 'text'] },
  { name: 'type', hint: 'kind of file', values: assetKinds },
  {
    name: 'use',
    hint: 'intended use',
    values: intendedUses,
  },
  { name: 'by', hint: 'who asked for it' },
  { name: 'title', hint: 'words of the title' },
  { name: 'prompt', hint: 'words of the prompt' },
  { name: 'ocr', hint: 'text read in the image' },
  { name: 'file', hint: 'the file name' },
  { name: 'object', hint: 'objects detected in the image' },
  { name: 'width', hint: 'pixels: >=2048' },
  { name: 'height', hint: 'pixels' },
  { name: 'in', hint: 'family', values: ['family'] },
];

/** A suggestion: the text that replaces the word being typed, and what it means. */
export interface Suggestion {
  insert: string;
  label: string;
  hint: string;
}

/** The word under the caret: where it starts and its text (a leading - is kept out). */
export function wordAt(text: string, caret: number): { start: number; word: string } {
  let start = caret;
  while (start > 0 && !/[\s(]/.test(text[start - 1]!)) start--;
  if (text[start] === '-') start++;
  return { start, word: text.slice(start, caret) };
}

/**
 * Suggestions for the word being typed: field names it begins (`mo` → `model:`), or a field's values after its colon
 * (`status:ap` → `status:approved`); `known` adds values seen in the results (models, tools, campaigns).
 */
export function suggestionsFor(word: string, known: Record<string, readonly string[]> = {}): Suggestion[] {
  const colon = word.indexOf(':');
  if (colon < 0) {
    if (word.length === 0 || word.startsWith('"')) return [];
    const lower = word.toLowerCase();
    return queryFields
      .filter((f) => f.name.startsWith(lower) && f.name !== lower)
      .slice(0, 8)
      .map((f) => ({ insert: `${f.name}:`, label: `${f.name}:`, hint: f.hint }));
  }
  const name = word.slice(0, colon).toLowerCase();
  const typed = word.slice(colon + 1);
  const last = typed.split(',').pop() ?? '';
  const before = typed.slice(0, typed.length - last.length);
  const field = queryFields.find((f) => f.name === name);
  const values = [...(field?.values ?? []), ...(known[name] ?? [])];
  const bare = last.replace(/^"/, '').toLowerCase();
  return [...new Set(values)]
    .filter((v) => v.toLowerCase().startsWith(bare) && v.toLowerCase() !== bare)
    .slice(0, 8)
    .map((v) => {
      const value = /^[\p{L}\p{N}_.#~-]+$/u.test(v) ? v : `"${v}"`;
      return { insert: `${name}:${before}${value}`, label: `${name}:${before}${value}`, hint: field?.hint ?? '' };
    });
}
