/**
 * The review area's calls and their query keys: the caller's queue and counts, an asset's review status, the asset
 * itself, and the families (to compare an asset with its variants). Live updates (app/live-events.ts) invalidate
 * these keys by prefix: ['review'] when a decision or claim changes, ['asset', id] when an asset does.
 */
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type paths } from '../../api/client.ts';

type QueueQuery = NonNullable<paths['/api/v1/review/queue']['get']['parameters']['query']>;
export type QueueFilter = Pick<QueueQuery, 'tier' | 'role' | 'claim'>;
export type QueuePage = paths['/api/v1/review/queue']['get']['responses']['200']['content']['application/json'];
export type QueueItem = QueuePage['items'][number];
export type ReviewStatus =
  paths['/api/v1/assets/{id}/review']['get']['responses']['200']['content']['application/json'];
export type ReviewRole = ReviewStatus['required'][number];
export type SignOff = ReviewStatus['signOffs'][number];
export type Decision = SignOff['decision'];
export type Asset = paths['/api/v1/assets/{id}']['get']['responses']['200']['content']['application/json'];
export type Family = paths['/api/v1/families/{id}']['get']['responses']['200']['content']['application/json'];
export type FamilyReview =
  paths['/api/v1/families/{id}/review']['post']['responses']['200']['content']['application/json'];

export const reviewKeys = {
  all: ['review'] as const,
  queue: (filter: QueueFilter) => ['review', 'queue', filter] as const,
  counts: ['review', 'counts'] as const,
  status: (assetId: string) => ['review', 'status', assetId] as const,
  families: ['review', 'families'] as const,
};

export const queueQuery = (filter: QueueFilter) =>
  queryOptions({
    queryKey: reviewKeys.queue(filter),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/review/queue', { params: { query: { ...filter, limit: 100 } }, signal })),
  });

export const countsQuery = queryOptions({
  queryKey: reviewKeys.counts,
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/review/counts', { signal })),
});

export const statusQuery = (assetId: string) =>
  queryOptions({
    queryKey: reviewKeys.status(assetId),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/assets/{id}/review', { params: { path: { id: assetId } }, signal })),
  });

export const assetQuery = (assetId: string) =>
  queryOptions({
    queryKey: ['asset', assetId],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } }, signal })),
  });

/** Every family the caller can see (the review screen finds an asset's family among them). */
export const familiesQuery = queryOptions({
  queryKey: reviewKeys.families,
  queryFn: ({ signal }) => unwrap(api.GET('/api/v1/families', { params: { query: { limit: 200 } }, signal })),
  staleTime: 60_000,
});

export const roleLabel: Record<ReviewRole, string> = {
  reviewer: 'Reviewer',
  brand: 'Brand',
  legal: 'Legal',
  compliance: 'Compliance',
};

export const decisionLabel: Record<Decision, string> = {
  approve: 'Approved',
  'request-changes': 'Changes requested',
  reject: 'Rejected',
};

export const tierLabel = (tier: number): string =>
  tier === 3 ? 'Tier 3 · legal and compliance' : tier === 2 ? 'Tier 2 · brand' : 'Tier 1 · one reviewer';

/** A timestamp as the reader's local date and time (the ISO value stays in the <time> element). */
export const when = (iso: string): string => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};
