/**
 * Who is signed in, as the server says (GET /api/v1/auth/session), and the one flag the whole app shares when the
 * session ends mid-work: the shell then shows a sign-in dialog over the page, so that a half-filled form is kept.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { api, unwrap } from '../api/client.ts';
import type { paths } from '../api/schema';

export type Session = paths['/api/v1/auth/session']['get']['responses']['200']['content']['application/json'];
export type Permission = Session['globalPermissions'][number];

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: () => unwrap(api.GET('/api/v1/auth/session')),
  staleTime: 5 * 60_000,
  retry: false,
});

export const authStatusQuery = queryOptions({
  queryKey: ['auth-status'],
  queryFn: () => unwrap(api.GET('/api/v1/auth/status')),
  staleTime: 0,
});

/** The signed-in session; only under the signed-in layout, which loaded it before rendering. */
export function useSession(): Session {
  const { data } = useQuery(sessionQuery);
  if (!data) throw new Error('useSession outside the signed-in layout');
  return data;
}

/** Whether the session may do `permission` on some team (or everywhere). */
export const can = (session: Session, permission: Permission): boolean =>
  session.globalPermissions.includes(permission) || session.teams.some((t) => t.permissions.includes(permission));

let expired = false;
const listeners = new Set<() => void>();
const setExpired = (value: boolean) => {
  if (expired === value) return;
  expired = value;
  for (const listener of listeners) listener();
};
export const sessionExpired = {
  mark: () => setExpired(true),
  clear: () => setExpired(false),
};

/** True while the session has ended under a signed-in page (the shell shows the sign-in dialog). */
export const useSessionExpired = (): boolean =>
  useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => expired,
  );
