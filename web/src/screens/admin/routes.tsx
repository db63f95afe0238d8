/**
 * The admin area's routes (owned by this folder; app/router.tsx mounts them under the signed-in layout): /admin opens
 * the first section the session may use; each section is its own page, loaded on first visit.
 */
import { createRoute, lazyRouteComponent, redirect } from '@tanstack/react-router';
import { appRoute } from '../../app/layout-routes.tsx';
import { can } from '../../auth/session.ts';
import { adminSections } from './admin-sections.ts';

export const adminRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin',
  component: lazyRouteComponent(() => import('./AdminLayout.tsx')),
});

const adminIndexRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/',
  beforeLoad: ({ context }) => {
    const first = adminSections.find((s) => can(context.session, s.needs)) ?? adminSections[0]!;
    // The router's redirects are thrown by design (not Errors).
    // eslint-disable-next-line @typescript-eslint/only-throw-error
    throw redirect({ to: first.to, replace: true });
  },
});

const usersRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/users',
  component: lazyRouteComponent(() => import('./UsersPage.tsx')),
});
const teamsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/teams',
  component: lazyRouteComponent(() => import('./TeamsPage.tsx')),
});
const rolesRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/roles',
  component: lazyRouteComponent(() => import('./RolesPage.tsx')),
});
const policyRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/policy',
  component: lazyRouteComponent(() => import('./PolicyPage.tsx')),
});
const jobsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/jobs',
  component: lazyRouteComponent(() => import('./JobsPage.tsx')),
});

export const adminRoutes = [
  adminRoute.addChildren([adminIndexRoute, usersRoute, teamsRoute, rolesRoute, policyRoute, jobsRoute]),
];
