/** The library's server state: search pages and facets, collections, saved searches, and the bulk runners. */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { facetOrder } from './Facets.tsx';

/** A page of results: several screens' worth, so that a fast scroll asks for few pages. */
export const pageSize = 200;
/** The most ids one search page or one collection write carries (the API's limits: 200 and 500). */
const idPage = 200;
const addBatch = 200;

export const searchKey = ['search'] as const;

export const resultsQuery = (q: string, like: string | undefined) =>
  infiniteQueryOptions({
    queryKey: [...searchKey, 'results', q, like ?? null],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/search', {
          params: {
            query: {
              ...(q ? { q } : {}),
              ...(like ? { like } : {}),
              limit: pageSize,
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  });

export const facetsQuery = (q: string, like: string | undefined) =>
  queryOptions({
    queryKey: [...searchKey, 'facets', q, like ?? null],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/v1/search', {
          params: {
            query: {
              ...(q ? { q } : {}),
              ...(like ? { like } : {}),
              limit: 1,
              facets: facetOrder.map((f) => f.name).join(','),
            },
          },
          signal,
        }),
      ),
  });

export const collectionsKey = ['collections'] as const;
export const collectionsQuery = queryOptions({
  queryKey: [...collectionsKey, 'list'],
  queryFn: () => unwrap(api.GET('/api/v1/collections', { params: { query: { limit: 200 } } })),
});

export const savedSearchesKey = ['saved-searches'] as const;
export const savedSearchesQuery = queryOptions({
  queryKey: [...savedSearchesKey, 'list'],
  queryFn: () => unwrap(api.GET('/api/v1/saved-searches', { params: { query: { limit: 200 } } })),
});

/** Progress of a bulk action, for its status line. */
export interface BulkProgress {
  phase: 'gathering' | 'working' | 'done' | 'stopped';
  done: number;
  total: number;
  failures: { assetId: string; reason: string }[];
}

/** Every id a query matches, less `excluded`, page by page (stops when `signal` aborts). */
export async function allResultIds(
  q: string,
  like: string | undefined,
  excluded: ReadonlySet<string>,
  signal: AbortSignal,
  onPage: (gathered: number) => void,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(
      api.GET('/api/v1/search', {
        params: {
          query: {
            ...(q ? { q } : {}),
            ...(like ? { like } : {}),
            limit: idPage,
            // Text ranking only: its pages go on with a cursor (a semantic answer is one page).
            ...(like ? {} : { semantic: false }),
            ...(cursor ? { cursor } : {}),
          },
        },
        signal,
      }),
    );
    for (const item of page.items) if (!excluded.has(item.asset.id)) ids.push(item.asset.id);
    onPage(ids.length);
    cursor = page.nextCursor;
  } while (cursor && !signal.aborted);
  return ids;
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : 'failed');

/**
 * Adds `ids` to a collection in batches, one request at a time so the tab and the server stay responsive; a batch
 * the server refuses (all or none) is tried again asset by asset, so one unreadable asset fails alone.
 */
export async function addToCollection(
  collectionId: string,
  ids: readonly string[],
  signal: AbortSignal,
  onProgress: (done: number, failures: BulkProgress['failures']) => void,
): Promise<void> {
  const failures: BulkProgress['failures'] = [];
  let done = 0;
  const post = (assetIds: string[]) =>
    unwrap(
      api.POST('/api/v1/collections/{id}/members', {
        params: { path: { id: collectionId } },
        body: { assetIds },
        signal,
      }),
    );
  for (let i = 0; i < ids.length && !signal.aborted; i += addBatch) {
    const batch = ids.slice(i, i + addBatch);
    try {
      await post(batch);
    } catch {
      if (signal.aborted) break;
      for (const assetId of batch) {
        try {
          await post([assetId]);
        } catch (itemError) {
          failures.push({ assetId, reason: reasonOf(itemError) });
        }
      }
    }
    done += batch.length;
    onProgress(done, [...failures]);
  }
}
