/**
 * The signed-in account: who, with which roles on which teams, and their API tokens (made here, shown once; revoked
 * here). A token's form survives a session that ends mid-way: the shell signs in again over it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { useSession } from '../../auth/session.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';
import { QueryBoundary } from '../../ui/QueryBoundary.tsx';

type Scope = paths['/api/v1/tokens']['post']['requestBody']['content']['application/json']['scopes'][number];
const scopes: { scope: Scope; what: string }[] = [
  { scope: 'read', what: 'read assets and their data' },
  { scope: 'write', what: 'upload and edit' },
  { scope: 'review', what: 'sign off reviews' },
  { scope: 'publish', what: 'publish and archive' },
  { scope: 'admin', what: 'administer (users, policies, jobs)' },
];
const tokensKey = ['tokens', 'mine'];

export default function AccountPage() {
  const session = useSession();
  return (
    <section className="stack">
      <h1>Your account</h1>
      <div className="card">
        <p>
          <strong>{session.user.displayName || session.user.username}</strong>{' '}
          <span className="muted">
            ({session.user.username}, {session.user.source === 'oidc' ? 'single sign-on' : 'local account'})
          </span>
        </p>
        <h2>Roles</h2>
        <ul>
          {session.teams.map((team) => (
            <li key={team.teamId}>
              {team.teamId === '*' ? 'Every team' : (team.teamName ?? team.teamId)}: {team.roles.join(', ')}
            </li>
          ))}
        </ul>
      </div>
      <ApiTokens />
    </section>
  );
}

function ApiTokens() {
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: tokensKey, queryFn: () => unwrap(api.GET('/api/v1/tokens')) });
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<Scope[]>(['read']);
  const [expiresInDays, setExpiresInDays] = useState('90');
  const create = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/tokens', { body: { name, scopes: chosen, expiresInDays: Number(expiresInDays) } })),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: tokensKey });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/tokens/{id}', { params: { path: { id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <div className="card stack">
      <h2>API tokens</h2>
      <p className="muted">
        For scripts and the CLI (<code>provena --token …</code>). A token is shown once, when it is made.
      </p>
      <form onSubmit={submit} className="stack" aria-label="New API token">
        <Field
          label="Name"
          name="name"
          value={name}
          onChange={setName}
          required
          hint="What it is for: a CI job, a script."
          error={create.error}
        />
        <fieldset>
          <legend>Scopes</legend>
          {scopes.map(({ scope, what }) => (
            <label key={scope} className="row">
              <input
                type="checkbox"
                checked={chosen.includes(scope)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, scope] : chosen.filter((s) => s !== scope))}
              />
              {scope} <span className="muted">— {what}</span>
            </label>
          ))}
        </fieldset>
        <Field
          label="Expires in days"
          name="expiresInDays"
          type="number"
          value={expiresInDays}
          onChange={setExpiresInDays}
          error={create.error}
        />
        {create.error && <ErrorMessage error={create.error} />}
        <div>
          <button type="submit" className="primary" disabled={create.isPending}>
            Create token
          </button>
        </div>
      </form>
      {create.data && (
        <div role="status" className="card">
          <p>
            Token <strong>{create.data.token.name}</strong> made. Copy it now: it will not be shown again.
          </p>
          <code className="secret">{create.data.secret}</code>
        </div>
      )}
      <QueryBoundary query={tokens} loading="Loading tokens…">
        {({ items }) =>
          items.length === 0 ? (
            <p className="muted">No tokens yet.</p>
          ) : (
            <table>
              <caption className="visually-hidden">Your API tokens</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((token) => (
                  <tr key={token.id}>
                    <td>{token.name}</td>
                    <td>{token.scopes.join(', ')}</td>
                    <td>{token.revokedAt ? 'revoked' : (token.expiresAt?.slice(0, 10) ?? 'never')}</td>
                    <td>{token.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? 'never'}</td>
                    <td>
                      {!token.revokedAt && (
                        <button type="button" className="danger" onClick={() => revoke.mutate(token.id)}>
                          Revoke<span className="visually-hidden"> {token.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryBoundary>
      {revoke.error && <ErrorMessage error={revoke.error} />}
    </div>
  );
}
