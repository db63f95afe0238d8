/** The asset area's routes (owned by this folder; app/router.tsx mounts them under the signed-in layout). */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../../app/layout-routes.tsx';

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
  component: lazyRouteComponent(() => import('./AssetPage.tsx')),
});

export const assetRoutes = [assetRoute];
