/** The route tree: the root, sign-in and setup, and under the signed-in layout each area's routes. */
import type { QueryClient } from '@tanstack/react-query';
import { createRouter } from '@tanstack/react-router';
import { accountRoutes } from '../screens/account/routes.tsx';
import { adminRoutes } from '../screens/admin/routes.tsx';
import { assetRoutes } from '../screens/asset/routes.tsx';
import { brandRoutes } from '../screens/brand/routes.tsx';
import { dashboardRoutes } from '../screens/dashboard/routes.tsx';
import { intakeRoutes } from '../screens/intake/routes.tsx';
import { libraryRoutes } from '../screens/library/routes.tsx';
import { reviewRoutes } from '../screens/review/routes.tsx';
import { sharingRoutes } from '../screens/sharing/routes.tsx';
import { appRoute, rootRoute, setupRoute, signInRoute } from './layout-routes.tsx';

const routeTree = rootRoute.addChildren([
  signInRoute,
  setupRoute,
  appRoute.addChildren([
    ...libraryRoutes,
    ...assetRoutes,
    ...intakeRoutes,
    ...reviewRoutes,
    ...brandRoutes,
    ...sharingRoutes,
    ...dashboardRoutes,
    ...adminRoutes,
    ...accountRoutes,
  ]),
]);

export const createAppRouter = (queryClient: QueryClient) =>
  createRouter({ routeTree, context: { queryClient }, defaultPreload: 'intent', scrollRestoration: true });

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
