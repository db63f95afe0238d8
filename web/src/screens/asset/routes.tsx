/** The asset area's routes (owned by this folder; app/router.tsx mounts them under the signed-in layout). */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../../app/layout-routes.tsx';
import {
  assetQuery,
  brandCheckQuery,
  commentsQuery,
  enrichmentsQuery,
  historyQuery,
  renditionUrl,
} from './asset-data.ts';

export interface AssetSearch {
  /** An older version shown instead of the current one. */
  version?: number;
}

export const assetRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/assets/$assetId',
  validateSearch: (search: Record<string, unknown>): AssetSearch => {
    const version = Number(search.version);
    return Number.isInteger(version) && version > 0 ? { version } : {};
  },
  loaderDeps: ({ search }) => ({ version: search.version }),
  /**
   * Starts every request the page makes while its code loads, without waiting for them (the page shows each part's
   * own loading and failure): the asset, then the preview picture and its enrichments as soon as the version is known.
   */
  loader: ({ context: { queryClient }, params: { assetId }, deps: { version } }) => {
    void queryClient.prefetchQuery(brandCheckQuery(assetId));
    void queryClient.prefetchQuery(commentsQuery(assetId));
    void queryClient.prefetchQuery(historyQuery(assetId));
    void queryClient
      .fetchQuery(assetQuery(assetId))
      .then((asset) => {
        const shown = version ?? asset.currentVersion;
        void queryClient.prefetchQuery(enrichmentsQuery(assetId, shown));
        if (typeof Image !== 'undefined') new Image().src = renditionUrl(assetId, 'preview', shown);
      })
      .catch(() => undefined);
  },
  component: lazyRouteComponent(() => import('./AssetPage.tsx')),
});

export const assetRoutes = [assetRoute];
