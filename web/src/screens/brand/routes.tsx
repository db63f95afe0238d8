/** The brand area's routes (owned by this folder; app/router.tsx mounts them under the signed-in layout). */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../../app/layout-routes.tsx';

export const brandRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/brands',
  component: lazyRouteComponent(() => import('./BrandsPage.tsx')),
});

export const brandDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/brands/$brandId',
  component: lazyRouteComponent(() => import('./BrandPage.tsx')),
});

export const brandRoutes = [brandRoute, brandDetailRoute];
