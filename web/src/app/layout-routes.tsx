/**
 * The root of the route tree and the signed-in layout every screen hangs under (screens/<area>/routes.tsx import
 * `appRoute` from here; app/router.tsx assembles the tree). Pages load their code on first visit (lazyRouteComponent),
 * so the first page carries only the shell.
 */
import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, lazyRouteComponent, Outlet, redirect } from '@tanstack/react-router';
import { ApiError } from '../api/errors.ts';
import { authStatusQuery, sessionQuery } from '../auth/session.ts';
import { ErrorMessage } from '../ui/ErrorMessage.tsx';
import { Shell } from './Shell.tsx';

export interface RouterContext {
  queryClient: QueryClient;
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  errorComponent: ({ error, reset }) => (
    <main className="page">
      <ErrorMessage title="This page could not be shown" error={error} onRetry={reset} />
    </main>
  ),
  notFoundComponent: () => (
    <main className="page">
      <h1>Not found</h1>
      <p>
        There is no page here. <a href="/">Back to the library</a>
      </p>
    </main>
  ),
});

export const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } =>
    typeof search.redirect === 'string' ? { redirect: search.redirect } : {},
  component: lazyRouteComponent(() => import('../auth/SignInPage.tsx')),
});

export const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  component: lazyRouteComponent(() => import('../auth/SetupPage.tsx')),
});

/** Every signed-in page: the session is loaded first; without one, the first-admin setup or the sign-in page. */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    try {
      return { session: await context.queryClient.ensureQueryData(sessionQuery) };
    } catch (error) {
      if (!(error instanceof ApiError) || !error.isUnauthenticated) throw error;
      const status = await context.queryClient.fetchQuery(authStatusQuery);
      // The router's redirects are thrown by design (not Errors).
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      if (status.setupRequired) throw redirect({ to: '/setup' });
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw redirect({ to: '/sign-in', search: { redirect: location.href } });
    }
  },
  component: Shell,
});
