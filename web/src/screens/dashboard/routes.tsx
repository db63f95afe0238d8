/** The dashboard area's routes (owned by this folder; app/router.tsx mounts them under the signed-in layout). */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../../app/layout-routes.tsx';

export const dashboardRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/dashboard',
  // The page and recharts load together on first visit: no other page carries the charting library.
  component: lazyRouteComponent(() => import('./DashboardPage.tsx')),
});

export const dashboardRoutes = [dashboardRoute];
