/**
 * Live updates: one EventSource on GET /api/v1/events/stream for the signed-in shell. Each change (an asset's
 * transition, edit, new version, a reviewer's sign-off) marks the queries that show it stale — the review queue and
 * counts, that asset, asset lists, jobs — gathered for a moment so that a burst refetches once. The browser
 * reconnects by itself (resuming after the last event id); without EventSource nothing happens.
 */
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

/** The first segment of every query key a change to an asset may touch (by convention of the screens). */
const touchedRoots = new Set(['review', 'assets', 'jobs', 'dashboard']);

interface Change {
  subjectType: string;
  subjectId: string;
}

export function invalidateForChanges(queryClient: QueryClient, changes: readonly Change[]): void {
  const assets = new Set(changes.filter((c) => c.subjectType === 'asset').map((c) => c.subjectId));
  void queryClient.invalidateQueries({
    predicate: ({ queryKey }) =>
      (typeof queryKey[0] === 'string' && touchedRoots.has(queryKey[0])) ||
      (queryKey[0] === 'asset' && typeof queryKey[1] === 'string' && assets.has(queryKey[1])),
  });
}

export function useLiveEvents(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/events/stream');
    let pending: Change[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    source.addEventListener('change', (event) => {
      try {
        pending.push(JSON.parse((event as MessageEvent<string>).data) as Change);
      } catch {
        return;
      }
      timer ??= setTimeout(() => {
        const changes = pending;
        pending = [];
        timer = undefined;
        invalidateForChanges(queryClient, changes);
      }, 250);
    });
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [queryClient]);
}
