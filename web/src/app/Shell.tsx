/**
 * The signed-in frame: navigation by what the session may do, the theme switch, the account menu, the page, and the
 * sign-in dialog shown over the page when the session ends mid-work (the page and its forms stay as they are).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { api, unwrap } from '../api/client.ts';
import { SignInForm } from '../auth/SignInForm.tsx';
import { can, sessionExpired, useSession, useSessionExpired, type Permission } from '../auth/session.ts';
import { useLiveEvents } from './live-events.ts';
import { ThemeSwitch } from './theme.tsx';

interface NavItem {
  to: string;
  label: string;
  /** Shown only to a session that may do one of these somewhere. */
  needs?: Permission[];
}

/** The main navigation; a screen's area adds its line here. */
export const navigation: NavItem[] = [
  { to: '/', label: 'Library' },
  { to: '/intake', label: 'Upload', needs: ['asset:create'] },
  { to: '/review', label: 'Review' },
  { to: '/brands', label: 'Brand' },
  { to: '/shares', label: 'Share links', needs: ['share:manage'] },
  { to: '/dashboard', label: 'Dashboard' },
  { to: '/admin', label: 'Admin', needs: ['users:manage', 'policy:edit', 'jobs:manage'] },
];

export function Shell() {
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // Job progress and review decisions arrive as they happen (GET /api/v1/events/stream).
  useLiveEvents();
  const signOut = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/logout')),
    onSettled: async () => {
      queryClient.clear();
      await navigate({ to: '/sign-in' });
    },
  });
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand-mark" aria-label="Provena home">
          Provena
        </Link>
        <nav aria-label="Main">
          <ul>
            {navigation
              .filter((item) => item.needs === undefined || item.needs.some((permission) => can(session, permission)))
              .map((item) => (
                <li key={item.to}>
                  <Link
                    to={item.to}
                    activeOptions={{ exact: item.to === '/' }}
                    activeProps={{ 'aria-current': 'page' }}
                  >
                    {item.label}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <div className="topbar-end">
          <ThemeSwitch />
          <Link to="/account" className="account-link">
            {session.user.displayName || session.user.username}
          </Link>
          <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
      <SessionExpiredDialog username={session.user.username} />
    </div>
  );
}

function SessionExpiredDialog({ username }: { username: string }) {
  const expired = useSessionExpired();
  const dialog = useRef<HTMLDialogElement>(null);
  const queryClient = useQueryClient();
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (expired && !element.open) element.showModal();
    if (!expired && element.open) element.close();
  }, [expired]);
  return (
    <dialog ref={dialog} aria-labelledby="session-expired-title" onCancel={(e) => e.preventDefault()}>
      <h2 id="session-expired-title">Your session has ended</h2>
      <p>Sign in again to carry on: this page and anything you typed are kept.</p>
      {expired && (
        <SignInForm
          username={username}
          onSignedIn={() => {
            sessionExpired.clear();
            void queryClient.invalidateQueries();
          }}
        />
      )}
    </dialog>
  );
}
