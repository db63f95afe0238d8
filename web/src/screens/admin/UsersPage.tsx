/**
 * Accounts (users:manage): the list with each account's roles per team, a new account with its roles, and for the
 * chosen account its roles (grant, take away), disable or enable, a new password, and its sessions (end one, or all).
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { useSession } from '../../auth/session.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { QueryBoundary } from '../../ui/QueryBoundary.tsx';
import styles from './Admin.module.css';
import { adminKeys, teamName, teamsQuery, type Membership, type Team, type User } from './admin-api.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { MembershipPicker } from './MembershipPicker.tsx';
import { MoreButton } from '../../ui/MoreButton.tsx';

export default function UsersPage() {
  const [selected, setSelected] = useState<string | undefined>();
  const teams = useQuery(teamsQuery);
  const users = useInfiniteQuery({
    queryKey: adminKeys.users,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/users', {
          params: { query: { limit: 100, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor,
  });
  return (
    <>
      <h2>Users</h2>
      <div className={styles.split}>
        <section className="card stack" aria-labelledby="users-list-title">
          <h3 id="users-list-title">Accounts</h3>
          {users.isPending ? (
            <Loading label="Loading accounts…" />
          ) : users.isError ? (
            <ErrorMessage error={users.error} onRetry={() => void users.refetch()} />
          ) : (
            <>
              <div className={styles.tableWrap}>
                <table>
                  <caption className="visually-hidden">Accounts, by username</caption>
                  <thead>
                    <tr>
                      <th scope="col">Username</th>
                      <th scope="col">Name</th>
                      <th scope="col">Roles</th>
                      <th scope="col">State</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {users.data.pages
                      .flatMap((page) => page.items)
                      .map((user) => (
                        <tr key={user.id} className={user.id === selected ? styles.selected : undefined}>
                          <td>{user.username}</td>
                          <td>{user.displayName}</td>
                          <td>{rolesText(user.memberships, teams.data?.items)}</td>
                          <td>
                            {user.disabled ? (
                              <span className="badge fail">Disabled</span>
                            ) : (
                              <span className="badge ok">Active</span>
                            )}
                          </td>
                          <td>
                            <button
                              type="button"
                              aria-pressed={user.id === selected}
                              onClick={() => setSelected(user.id === selected ? undefined : user.id)}
                            >
                              Manage<span className="visually-hidden"> {user.username}</span>
                            </button>
                          </td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
              <MoreButton query={users} label="More accounts" />
            </>
          )}
        </section>
        <div className="stack">
          {selected && <UserDetail userId={selected} teams={teams.data?.items ?? []} />}
          <NewUser teams={teams.data?.items ?? []} onCreated={setSelected} />
        </div>
      </div>
    </>
  );
}

const rolesText = (memberships: readonly Membership[], teams: readonly Team[] | undefined): string =>
  memberships.length === 0
    ? 'none'
    : memberships.map((m) => (m.role === 'admin' ? 'admin' : `${m.role} on ${teamName(teams, m.teamId)}`)).join(', ');

function NewUser({ teams, onCreated }: { teams: readonly Team[]; onCreated: (id: string) => void }) {
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [memberships, setMemberships] = useState<Membership[]>([]);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/users', {
          body: {
            username,
            ...(displayName ? { displayName } : {}),
            ...(email ? { email } : {}),
            ...(password ? { password } : {}),
            memberships,
          },
        }),
      ),
    onSuccess: (user) => {
      setUsername('');
      setDisplayName('');
      setEmail('');
      setPassword('');
      setMemberships([]);
      onCreated(user.id);
      void queryClient.invalidateQueries({ queryKey: adminKeys.users });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <section className="card" aria-labelledby="new-user-title">
      <form className="stack" onSubmit={submit} aria-labelledby="new-user-title">
        <h3 id="new-user-title">New account</h3>
        <Field label="Username" name="username" value={username} onChange={setUsername} required error={create.error} />
        <Field
          label="Display name"
          name="displayName"
          value={displayName}
          onChange={setDisplayName}
          error={create.error}
        />
        <Field label="Email" name="email" type="email" value={email} onChange={setEmail} error={create.error} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          hint="At least 12 characters. Leave empty for an account that signs in with single sign-on only."
          error={create.error}
        />
        <fieldset className="stack">
          <legend>Roles</legend>
          {memberships.length === 0 ? (
            <p className="muted small">No role yet: the account can sign in but see nothing.</p>
          ) : (
            <ul className={styles.chips}>
              {memberships.map((m) => (
                <li key={`${m.teamId}:${m.role}`} className={styles.chip}>
                  {m.role} on {teamName(teams, m.teamId)}
                  <button
                    type="button"
                    onClick={() => setMemberships(memberships.filter((other) => other !== m))}
                    aria-label={`Remove ${m.role} on ${teamName(teams, m.teamId)}`}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <MembershipPicker
            teams={teams}
            actionLabel="Add role"
            onPick={(m) =>
              setMemberships(
                memberships.some((o) => o.teamId === m.teamId && o.role === m.role) ? memberships : [...memberships, m],
              )
            }
          />
        </fieldset>
        {create.error !== null && <ErrorMessage error={create.error} />}
        <div>
          <button type="submit" className="primary" disabled={create.isPending}>
            Create account
          </button>
        </div>
      </form>
    </section>
  );
}

function UserDetail({ userId, teams }: { userId: string; teams: readonly Team[] }) {
  const queryClient = useQueryClient();
  const session = useSession();
  const user = useQuery({
    queryKey: adminKeys.user(userId),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/users/{user}', { params: { path: { user: userId } }, signal })),
  });
  const changed = (updated?: User) => {
    if (updated) queryClient.setQueryData(adminKeys.user(userId), updated);
    void queryClient.invalidateQueries({ queryKey: adminKeys.users });
  };
  const grant = useMutation({
    mutationFn: (m: Membership) =>
      unwrap(api.POST('/api/v1/users/{user}/memberships', { params: { path: { user: userId } }, body: m })),
    onSuccess: changed,
  });
  const revoke = useMutation({
    mutationFn: (m: Membership) =>
      unwrap(
        api.DELETE('/api/v1/users/{user}/memberships/{teamId}/{role}', {
          params: { path: { user: userId, teamId: m.teamId, role: m.role } },
        }),
      ),
    onSuccess: changed,
  });
  const setDisabled = useMutation({
    mutationFn: (disabled: boolean) =>
      unwrap(api.PATCH('/api/v1/users/{user}', { params: { path: { user: userId } }, body: { disabled } })),
    onSuccess: (updated) => {
      changed(updated);
      void queryClient.invalidateQueries({ queryKey: adminKeys.sessions(userId) });
    },
  });
  return (
    <section className="card stack" aria-labelledby="user-detail-title">
      <QueryBoundary query={user} loading="Loading the account…">
        {(u) => (
          <>
            <h3 id="user-detail-title">
              {u.displayName || u.username} <span className="muted">({u.username})</span>
            </h3>
            <p className="small muted">
              {u.source === 'oidc' ? 'Single sign-on' : 'Local account'}
              {u.email && <> · {u.email}</>} · created {u.createdAt.slice(0, 10)} ·{' '}
              {u.disabled ? <span className="badge fail">Disabled</span> : <span className="badge ok">Active</span>}
            </p>
            <h4>Roles</h4>
            {u.memberships.length === 0 ? (
              <p className="muted">No role.</p>
            ) : (
              <ul className={styles.chips} aria-label={`Roles of ${u.username}`}>
                {u.memberships.map((m) => (
                  <li key={`${m.teamId}:${m.role}`} className={styles.chip}>
                    {m.role} on {teamName(teams, m.teamId)}
                    <button
                      type="button"
                      disabled={revoke.isPending}
                      onClick={() => revoke.mutate(m)}
                      aria-label={`Take ${m.role} on ${teamName(teams, m.teamId)} away from ${u.username}`}
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <MembershipPicker teams={teams} actionLabel="Grant role" disabled={grant.isPending} onPick={grant.mutate} />
            {grant.error !== null && <ErrorMessage error={grant.error} />}
            {revoke.error !== null && <ErrorMessage error={revoke.error} />}
            <div className="row">
              {u.disabled ? (
                <button type="button" onClick={() => setDisabled.mutate(false)} disabled={setDisabled.isPending}>
                  Enable account
                </button>
              ) : (
                <ConfirmButton
                  className="danger"
                  disabled={setDisabled.isPending || u.id === session.user.id}
                  title={`Disable ${u.username}?`}
                  message="They are signed out everywhere and their API tokens stop working until the account is enabled again."
                  confirmLabel="Disable"
                  onConfirm={() => setDisabled.mutate(true)}
                >
                  Disable account
                </ConfirmButton>
              )}
            </div>
            {setDisabled.error !== null && <ErrorMessage error={setDisabled.error} />}
            <NewPassword user={u} />
            <Sessions user={u} />
          </>
        )}
      </QueryBoundary>
    </section>
  );
}

function NewPassword({ user }: { user: User }) {
  const [password, setPassword] = useState('');
  const set = useMutation({
    mutationFn: () =>
      unwrap(api.PUT('/api/v1/users/{user}/password', { params: { path: { user: user.id } }, body: { password } })),
    onSuccess: () => setPassword(''),
  });
  return (
    <form
      className="stack"
      aria-labelledby="new-password-title"
      onSubmit={(e) => {
        e.preventDefault();
        set.mutate();
      }}
    >
      <h4 id="new-password-title">Reset password</h4>
      <Field
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={setPassword}
        required
        hint="At least 12 characters. Every session of the account is signed out."
        error={set.error}
      />
      {set.error !== null && <ErrorMessage error={set.error} />}
      {set.isSuccess && (
        <p role="status" className="small">
          Password set; {user.username} is signed out everywhere.
        </p>
      )}
      <div>
        <button type="submit" disabled={set.isPending}>
          Set password
        </button>
      </div>
    </form>
  );
}

function Sessions({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const sessions = useQuery({
    queryKey: adminKeys.sessions(user.id),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/users/{user}/sessions', { params: { path: { user: user.id } }, signal })),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: adminKeys.sessions(user.id) });
  const endOne = useMutation({
    mutationFn: (sessionId: string) =>
      unwrap(
        api.DELETE('/api/v1/users/{user}/sessions/{sessionId}', { params: { path: { user: user.id, sessionId } } }),
      ),
    onSuccess: refresh,
  });
  const endAll = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/users/{user}/sessions', { params: { path: { user: user.id } } })),
    onSuccess: refresh,
  });
  return (
    <div className="stack">
      <h4>Sessions</h4>
      <QueryBoundary query={sessions} loading="Loading sessions…">
        {({ items }) => {
          const live = items.filter((s) => !s.revokedAt && s.expiresAt > new Date().toISOString());
          return items.length === 0 ? (
            <p className="muted">No session: {user.username} has not signed in in the browser.</p>
          ) : (
            <>
              <div className={styles.tableWrap}>
                <table>
                  <caption className="visually-hidden">Sessions of {user.username}, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Started</th>
                      <th scope="col">Last seen</th>
                      <th scope="col">Browser</th>
                      <th scope="col">State</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((s) => {
                      const ended = s.revokedAt !== undefined || s.expiresAt <= new Date().toISOString();
                      return (
                        <tr key={s.id}>
                          <td>{when(s.createdAt)}</td>
                          <td>{when(s.lastSeenAt)}</td>
                          <td className="small">
                            {s.userAgent ?? 'unknown'}
                            {s.clientIp && <span className="muted"> · {s.clientIp}</span>}
                          </td>
                          <td>
                            {ended ? <span className="badge">Ended</span> : <span className="badge ok">Live</span>}
                          </td>
                          <td>
                            {!ended && (
                              <button
                                type="button"
                                className="danger"
                                disabled={endOne.isPending}
                                onClick={() => endOne.mutate(s.id)}
                              >
                                End<span className="visually-hidden"> the session started {when(s.createdAt)}</span>
                              </button>
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              {live.length > 0 && (
                <div>
                  <ConfirmButton
                    className="danger"
                    title={`Sign ${user.username} out everywhere?`}
                    message={`${live.length} live session${live.length === 1 ? '' : 's'} will end; API tokens keep working.`}
                    confirmLabel="End all sessions"
                    onConfirm={() => endAll.mutate()}
                  >
                    End all sessions
                  </ConfirmButton>
                </div>
              )}
            </>
          );
        }}
      </QueryBoundary>
      {endOne.error !== null && <ErrorMessage error={endOne.error} />}
      {endAll.error !== null && <ErrorMessage error={endAll.error} />}
    </div>
  );
}

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');
