/** Beside the results: saved searches (run one, save the current query) and collections (open one, make one). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { QueryBoundary } from '../../ui/QueryBoundary.tsx';
import styles from './Library.module.css';
import { chosenTeam, TeamSelect, useTeamChoices } from './TeamSelect.tsx';
import { collectionsKey, collectionsQuery, savedSearchesKey, savedSearchesQuery } from './library-api.ts';

export function SidePanel({ query, canonical }: { query: string; canonical: string | undefined }) {
  return (
    <>
      <SavedSearches query={canonical ?? query} />
      <Collections />
    </>
  );
}

function SavedSearches({ query }: { query: string }) {
  const id = useId();
  const queryClient = useQueryClient();
  const saved = useQuery(savedSearchesQuery);
  const [name, setName] = useState('');
  const teams = useTeamChoices();
  const [team, setTeam] = useState('');
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/saved-searches', { body: { name: name.trim(), query, ...chosenTeam(teams, team) } })),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: savedSearchesKey });
    },
  });
  const remove = useMutation({
    mutationFn: (savedId: string) =>
      unwrap(api.DELETE('/api/v1/saved-searches/{id}', { params: { path: { id: savedId } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: savedSearchesKey }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <section className={styles.panel} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Saved searches</h2>
      <QueryBoundary query={saved} loading="Loading saved searches…">
        {({ items }) =>
          items.length === 0 ? (
            <p className="muted small">None yet.</p>
          ) : (
            <ul className={styles.panelList}>
              {items.map((s) => (
                <li key={s.id}>
                  <Link to="/" search={{ q: s.query }} title={s.query}>
                    {s.name}
                  </Link>
                  <button
                    type="button"
                    className={styles.iconButton}
                    onClick={() => remove.mutate(s.id)}
                    disabled={remove.isPending}
                  >
                    <span aria-hidden="true">×</span>
                    <span className="visually-hidden">Delete saved search {s.name}</span>
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </QueryBoundary>
      {query ? (
        <form className={styles.panelForm} onSubmit={submit} aria-label="Save this search">
          <label htmlFor={`${id}-name`}>Save this search as</label>
          <div className="row">
            <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
            <button type="submit" disabled={save.isPending}>
              Save
            </button>
          </div>
          <div className="row">
            <TeamSelect teams={teams} value={team} onChange={setTeam} />
          </div>
        </form>
      ) : (
        <p className="muted small">Search for something to save it.</p>
      )}
      {save.error && <ErrorMessage error={save.error} />}
      {remove.error && <ErrorMessage error={remove.error} />}
    </section>
  );
}

function Collections() {
  const id = useId();
  const queryClient = useQueryClient();
  const collections = useQuery(collectionsQuery);
  const [name, setName] = useState('');
  const teams = useTeamChoices();
  const [team, setTeam] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/collections', { body: { name: name.trim(), ...chosenTeam(teams, team) } })),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: collectionsKey });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <section className={styles.panel} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Collections</h2>
      <QueryBoundary query={collections} loading="Loading collections…">
        {({ items }) =>
          items.length === 0 ? (
            <p className="muted small">None yet.</p>
          ) : (
            <ul className={styles.panelList}>
              {items.map((c) => (
                <li key={c.id}>
                  <Link to="/collections/$collectionId" params={{ collectionId: c.id }}>
                    {c.name}
                  </Link>
                  <span className={styles.count}>
                    {c.memberCount.toLocaleString()} <span className="visually-hidden">assets</span>
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </QueryBoundary>
      <form className={styles.panelForm} onSubmit={submit} aria-label="New collection">
        <label htmlFor={`${id}-name`}>New collection</label>
        <div className="row">
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
          <button type="submit" disabled={create.isPending}>
            Create
          </button>
        </div>
        <div className="row">
          <TeamSelect teams={teams} value={team} onChange={setTeam} />
        </div>
      </form>
      {create.error && <ErrorMessage error={create.error} />}
    </section>
  );
}
