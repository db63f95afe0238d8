/** The review area's routes (owned by this folder; app/router.tsx mounts them under the signed-in layout). */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../../app/layout-routes.tsx';

export const reviewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/review',
  /** ?asset=<id>: the asset selected in the queue (a link to one review; j/k keep it current). */
  validateSearch: (search: Record<string, unknown>): { asset?: string } =>
    typeof search.asset === 'string' && search.asset ? { asset: search.asset } : {},
  component: lazyRouteComponent(() => import('./ReviewPage.tsx')),
});

export const reviewRoutes = [reviewRoute];
