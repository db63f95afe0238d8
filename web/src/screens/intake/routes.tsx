/** The intake area's routes (owned by this folder; app/router.tsx mounts them under the signed-in layout). */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../../app/layout-routes.tsx';

export const intakeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/intake',
  component: lazyRouteComponent(() => import('./IntakePage.tsx')),
});

export const intakeRoutes = [intakeRoute];
