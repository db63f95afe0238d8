/** The sharing area's API types and queries (shapes from the generated client). */
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type paths } from '../../api/client.ts';

export type Rights = paths['/api/v1/assets/{id}/rights']['get']['responses']['200']['content']['application/json'];
export type UsageDecision = paths['/api/v1/usage-checks']['post']['responses']['200']['content']['application/json'];
export type UsageReason = UsageDecision['reasons'][number];
export type ShareLink =
  paths['/api/v1/share-links']['get']['responses']['200']['content']['application/json']['items'][number];
export type ShareStats =
  paths['/api/v1/share-links/{id}/stats']['get']['responses']['200']['content']['application/json'];

export const rightsKeys = {
  rights: (assetId: string) => ['rights', assetId] as const,
  history: (assetId: string) => ['rights', assetId, 'history'] as const,
};

export const rightsQuery = (assetId: string) =>
  queryOptions({
    queryKey: rightsKeys.rights(assetId),
    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}/rights', { params: { path: { id: assetId } } })),
  });

export const channelsQuery = queryOptions({
  queryKey: ['channels'],
  queryFn: () => unwrap(api.GET('/api/v1/channels')),
  staleTime: 5 * 60_000,
});

export const presetsQuery = queryOptions({
  queryKey: ['presets'],
  queryFn: () => unwrap(api.GET('/api/v1/presets')),
  staleTime: 5 * 60_000,
});
