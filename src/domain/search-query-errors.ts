/**
 * QUERY_INVALID errors of the search query language: every one names the 1-based column where the problem starts
 * and says what would fit there, in the message and in details { position, end, expected }.
 */
import { ProvenaError } from './errors.ts';
import type { SourceSpan } from './search-query.ts';

export function queryInvalid(message: string, span: SourceSpan, expected: string): ProvenaError {
  return new ProvenaError('QUERY_INVALID', message, {
    position: span.start + 1,
    end: Math.max(span.end, span.start + 1),
    expected,
  });
}

/** `at column N` for a span: the 1-based column of its first character. */
export const column = (span: SourceSpan): string => `at column ${span.start + 1}`;

/** What the user wrote, quoted for a message and cut short when long. */
export function quoteForMessage(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return JSON.stringify(short);
}

/** Edit distance, bounded: returns `limit + 1` as soon as the distance must exceed `limit` (inputs are short). */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

/** The candidate closest to `written` (a typo of it), if any is close enough to be a likely intent. */
export function closest(written: string, candidates: readonly string[]): string | undefined {
  const text = written.toLowerCase();
  if (text.length === 0 || text.length > 40) return undefined;
  const limit = text.length <= 3 ? 1 : 2;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(text, candidate.toLowerCase(), limit);
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** ` (did you mean x?)` or nothing. */
export function didYouMean(written: string, candidates: readonly string[]): string {
  const suggestion = closest(written, candidates);
  return suggestion ? ` (did you mean ${suggestion}?)` : '';
}
