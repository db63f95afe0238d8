/**
 * The library area's routes (owned by this folder; app/router.tsx mounts them under the signed-in layout). The
 * query, "more like this" and the view live in the URL, so a search is a link and Back returns to the last one.
 */
import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { appRoute } from '../../app/layout-routes.tsx';

export interface LibrarySearch {
  q?: string;
  /** "More like this": an asset id. */
  like?: string;
  view?: 'grid' | 'list';
}

export function validateLibrarySearch(search: Record<string, unknown>): LibrarySearch {
  const out: LibrarySearch = {};
  if (typeof search.q === 'string' && search.q !== '') out.q = search.q.slice(0, 2000);
  // A query of digits arrives parsed as a number.
  else if (typeof search.q === 'number') out.q = String(search.q);
  if (typeof search.like === 'string' && search.like !== '') out.like = search.like.slice(0, 100);
  if (search.view === 'list' || search.view === 'grid') out.view = search.view;
  return out;
}

export const libraryRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  validateSearch: validateLibrarySearch,
  component: lazyRouteComponent(() => import('./LibraryPage.tsx')),
});

export const collectionRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/collections/$collectionId',
  component: lazyRouteComponent(() => import('./CollectionPage.tsx')),
});

export const libraryRoutes = [libraryRoute, collectionRoute];
