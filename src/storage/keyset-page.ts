/**
 * Keyset paging by id, newest first, shared by the repositories' list methods: the cursor is the last id of a page,
 * base64url-encoded so that callers treat it as opaque.
 */
import type { Page } from '../domain/asset.ts';

export const encodeCursor = (id: string): string => Buffer.from(id, 'utf8').toString('base64url');
export const decodeCursor = (cursor: string): string => Buffer.from(cursor, 'base64url').toString('utf8');

/** `items` as a page, with a cursor after its last item when `more` items follow it. */
export function pageAfter<T extends { id: string }>(items: T[], more: boolean): Page<T> {
  const last = items[items.length - 1];
  return more && last ? { items, nextCursor: encodeCursor(last.id) } : { items };
}
