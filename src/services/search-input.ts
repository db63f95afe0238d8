/**
 * The parts of a search request every kind of search checks alike (text, similar, by image): the query text and the
 * page size, each problem added to the caller's list so that all of them are reported at once.
 */
import type { FieldProblem } from '../domain/errors.ts';

export const maxSearchPageSize = 200;
export const defaultSearchPageSize = 50;

/** The query text ('' when absent), or a problem. */
export function checkedQueryText(q: unknown, problems: FieldProblem[]): string {
  const text = q ?? '';
  if (typeof text === 'string') return text;
  problems.push({ field: 'q', problem: 'must be text (the search query)' });
  return '';
}

/** The page size (a number or its text; default 50), or a problem. */
export function checkedPageSize(limit: unknown, problems: FieldProblem[]): number {
  if (limit === undefined) return defaultSearchPageSize;
  const value = typeof limit === 'string' ? Number(limit) : limit;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= maxSearchPageSize) return value;
  problems.push({ field: 'limit', problem: `must be a whole number from 1 to ${maxSearchPageSize}` });
  return defaultSearchPageSize;
}
