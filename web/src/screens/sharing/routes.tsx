/** The sharing area's routes (owned by this folder; app/router.tsx mounts them under the signed-in layout). */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../../app/layout-routes.tsx';

export const sharingRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/shares',
  component: lazyRouteComponent(() => import('./SharesPage.tsx')),
});

export const sharingRoutes = [sharingRoute];
