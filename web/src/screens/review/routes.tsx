/** The review area's routes (owned by this folder; app/router.tsx mounts them under the signed-in layout). */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../../app/layout-routes.tsx';

export const reviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/review',
  component: lazyRouteComponent(() => import('./ReviewPage.tsx')),
});

export const reviewRoutes = [reviewRoute];
