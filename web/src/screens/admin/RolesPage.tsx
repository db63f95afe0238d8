/**
 * Roles and memberships (users:manage): what each role may do — from the server's role model, each permission said in
 * words and whether it holds on the team the role is held on or everywhere — then every membership, with a grant form
 * and a way to take each one away.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { QueryBoundary } from '../../ui/QueryBoundary.tsx';
import styles from './Admin.module.css';
import { adminKeys, teamName, teamsQuery, type Membership, type Team, type User } from './admin-api.ts';
import { MembershipPicker } from './MembershipPicker.tsx';
import { MoreButton } from '../../ui/MoreButton.tsx';

export default function RolesPage() {
  const model = useQuery({
    queryKey: ['admin', 'roles'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/roles', { signal })),
    staleTime: Infinity,
  });
  const teams = useQuery(teamsQuery);
  return (
    <>
      <h2>Roles</h2>
      <section className="stack" aria-labelledby="role-model-title">
        <h3 id="role-model-title">What each role may do</h3>
        <p className="muted">
          A role is held on a team: permissions marked “on the team” apply to that team’s assets only; the others hold
          everywhere. Admin holds every permission on every team.
        </p>
        <QueryBoundary query={model} loading="Loading the roles…">
          {({ roles, permissions }) => {
            const described = new Map(permissions.map((p) => [p.permission, p]));
            return (
              <div className={styles.roleGrid}>
                {roles.map(({ role, permissions: granted }) => (
                  <section key={role} className="card" aria-labelledby={`role-${role}`}>
                    <h4 id={`role-${role}`}>{role}</h4>
                    <ul className={styles.permissionList}>
                      {granted.map((permission) => {
                        const p = described.get(permission);
                        return (
                          <li key={permission}>
                            <code>{permission}</code> {p?.description}
                            {p?.teamScoped && role !== 'admin' && <span className="muted"> (on the team)</span>}
                          </li>
                        );
                      })}
                    </ul>
                  </section>
                ))}
              </div>
            );
          }}
        </QueryBoundary>
      </section>
      <Memberships teams={teams.data?.items ?? []} />
    </>
  );
}

function Memberships({ teams }: { teams: readonly Team[] }) {
  const queryClient = useQueryClient();
  const id = useId();
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
  const [chosen, setChosen] = useState('');
  const changed = () => void queryClient.invalidateQueries({ queryKey: adminKeys.users });
  const grant = useMutation({
    mutationFn: ({ user, membership }: { user: string; membership: Membership }) =>
      unwrap(api.POST('/api/v1/users/{user}/memberships', { params: { path: { user } }, body: membership })),
    onSuccess: changed,
  });
  const revoke = useMutation({
    mutationFn: ({ user, membership }: { user: string; membership: Membership }) =>
      unwrap(
        api.DELETE('/api/v1/users/{user}/memberships/{teamId}/{role}', {
          params: { path: { user, teamId: membership.teamId, role: membership.role } },
        }),
      ),
    onSuccess: changed,
  });
  const all: User[] = users.data?.pages.flatMap((p) => p.items) ?? [];
  const user = chosen || all[0]?.id || '';
  return (
    <section className="card stack" aria-labelledby="memberships-title">
      <h3 id="memberships-title">Memberships</h3>
      {users.isPending ? (
        <Loading label="Loading accounts…" />
      ) : users.isError ? (
        <ErrorMessage error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <>
          <div className="row">
            <label htmlFor={`${id}-user`}>Account</label>
            <select id={`${id}-user`} value={user} onChange={(e) => setChosen(e.target.value)}>
              {all.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.username}
                </option>
              ))}
            </select>
            <MembershipPicker
              teams={teams}
              actionLabel="Grant role"
              disabled={grant.isPending || !user}
              onPick={(membership) => grant.mutate({ user, membership })}
            />
          </div>
          {grant.error !== null && <ErrorMessage error={grant.error} />}
          {revoke.error !== null && <ErrorMessage error={revoke.error} />}
          <div className={styles.tableWrap}>
            <table>
              <caption className="visually-hidden">Every membership, by account</caption>
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Team</th>
                  <th scope="col">Role</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {all.flatMap((u) =>
                  u.memberships.map((m) => (
                    <tr key={`${u.id}:${m.teamId}:${m.role}`}>
                      <td>{u.username}</td>
                      <td>{teamName(teams, m.teamId)}</td>
                      <td>{m.role}</td>
                      <td>
                        <button
                          type="button"
                          className="danger"
                          disabled={revoke.isPending}
                          onClick={() => revoke.mutate({ user: u.id, membership: m })}
                        >
                          Take away
                          <span className="visually-hidden">
                            {' '}
                            {m.role} on {teamName(teams, m.teamId)} from {u.username}
                          </span>
                        </button>
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
          <MoreButton query={users} label="More accounts" />
        </>
      )}
    </section>
  );
}
