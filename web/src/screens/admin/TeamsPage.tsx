/** Teams (users:manage): the list, a new team, and the members of the chosen one with their roles there. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';
import { QueryBoundary } from '../../ui/QueryBoundary.tsx';
import styles from './Admin.module.css';
import { adminKeys, teamsQuery, type Team } from './admin-api.ts';

export default function TeamsPage() {
  const queryClient = useQueryClient();
  const teams = useQuery(teamsQuery);
  const [selected, setSelected] = useState<Team | undefined>();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/teams', { body: { name } })),
    onSuccess: (team) => {
      setName('');
      setSelected(team);
      void queryClient.invalidateQueries({ queryKey: adminKeys.teams });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <>
      <h2>Teams</h2>
      <div className={styles.split}>
        <section className="card stack" aria-labelledby="teams-title">
          <h3 id="teams-title">Every team</h3>
          <QueryBoundary query={teams} loading="Loading teams…">
            {({ items }) =>
              items.length === 0 ? (
                <p className="muted">No team yet.</p>
              ) : (
                <table>
                  <caption className="visually-hidden">Teams, by name</caption>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Slug</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((team) => (
                      <tr key={team.id} className={team.id === selected?.id ? styles.selected : undefined}>
                        <td>{team.name}</td>
                        <td>
                          <code>{team.slug}</code>
                        </td>
                        <td>
                          <button
                            type="button"
                            aria-pressed={team.id === selected?.id}
                            onClick={() => setSelected(team.id === selected?.id ? undefined : team)}
                          >
                            Members<span className="visually-hidden"> of {team.name}</span>
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            }
          </QueryBoundary>
          <form className="stack" onSubmit={submit} aria-labelledby="new-team-title">
            <h3 id="new-team-title">New team</h3>
            <Field
              label="Team name"
              name="name"
              value={name}
              onChange={setName}
              required
              hint="A team of the same name (ignoring case and punctuation) is kept as it is."
              error={create.error}
            />
            {create.error !== null && <ErrorMessage error={create.error} />}
            <div>
              <button type="submit" className="primary" disabled={create.isPending}>
                Create team
              </button>
            </div>
          </form>
        </section>
        {selected && <Members team={selected} />}
      </div>
    </>
  );
}

function Members({ team }: { team: Team }) {
  const members = useQuery({
    queryKey: adminKeys.members(team.id),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/teams/{team}/members', { params: { path: { team: team.id } }, signal })),
  });
  return (
    <section className="card stack" aria-labelledby="members-title">
      <h3 id="members-title">Members of {team.name}</h3>
      <p className="muted small">
        Roles held on this team. Roles on every team and admins are not repeated here: see Users.
      </p>
      <QueryBoundary query={members} loading="Loading members…">
        {({ items }) =>
          items.length === 0 ? (
            <p className="muted">Nobody holds a role on this team yet. Grant one from Users or Roles.</p>
          ) : (
            <table>
              <caption className="visually-hidden">Members of {team.name} and their roles</caption>
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Role</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {items.map((m) => (
                  <tr key={`${m.user.id}:${m.role}`}>
                    <td>
                      {m.user.displayName || m.user.username} <span className="muted">({m.user.username})</span>
                    </td>
                    <td>{m.role}</td>
                    <td>{m.user.disabled ? <span className="badge fail">Disabled</span> : 'Active'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryBoundary>
    </section>
  );
}
