/**
 * What to do with the selected results: how many are selected, "select all N results" (every result of the query,
 * not the loaded pages), add them to a collection (an existing one or a new one), and export them. A bulk action runs
 * in batches, one request at a time, with its progress and each failed asset named, and can be stopped.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useRef, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { ExportHandOff } from './ExportHandOff.tsx';
import styles from './Library.module.css';
import { addToCollection, allResultIds, collectionsKey, collectionsQuery, type BulkProgress } from './library-api.ts';
import type { Selection } from './selection.ts';
import { chosenTeam, TeamSelect, useTeamChoices } from './TeamSelect.tsx';

export interface BulkBarProps {
  q: string;
  like: string | undefined;
  selection: Selection;
  count: number;
  total: number | undefined;
  loaded: number;
  onSelectAll: () => void;
  onClear: () => void;
}

const newCollection = '__new__';

export function BulkBar({ q, like, selection, count, total, loaded, onSelectAll, onClear }: BulkBarProps) {
  const id = useId();
  const queryClient = useQueryClient();
  const collections = useQuery(collectionsQuery);
  const [target, setTarget] = useState('');
  const [name, setName] = useState('');
  const teams = useTeamChoices();
  const [team, setTeam] = useState('');
  const [progress, setProgress] = useState<BulkProgress>();
  const [exporting, setExporting] = useState<string[]>();
  const running = useRef<AbortController>(null);
  const busy = progress?.phase === 'gathering' || progress?.phase === 'working';

  /** The selected ids: the ticked ones, or every result of the query less the unticked. */
  const resolveIds = async (signal: AbortSignal): Promise<string[]> => {
    if (!selection.all) return [...selection.ids];
    setProgress({ phase: 'gathering', done: 0, total: count, failures: [] });
    return allResultIds(q, like, selection.excluded, signal, (gathered) =>
      setProgress({ phase: 'gathering', done: gathered, total: count, failures: [] }),
    );
  };

  const add = useMutation({
    mutationFn: async () => {
      const controller = new AbortController();
      running.current = controller;
      let collectionId = target;
      let collectionName = collections.data?.items.find((c) => c.id === target)?.name ?? '';
      if (target === newCollection || target === '') {
        const made = await unwrap(
          api.POST('/api/v1/collections', { body: { name: name.trim(), ...chosenTeam(teams, team) } }),
        );
        collectionId = made.id;
        collectionName = made.name;
      }
      const ids = await resolveIds(controller.signal);
      setProgress({ phase: 'working', done: 0, total: ids.length, failures: [] });
      await addToCollection(collectionId, ids, controller.signal, (done, failures) =>
        setProgress({ phase: 'working', done, total: ids.length, failures }),
      );
      setProgress((p) => p && { ...p, phase: controller.signal.aborted ? 'stopped' : 'done' });
      return { collectionId, collectionName };
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: collectionsKey }),
  });

  const startExport = useMutation({
    mutationFn: async () => {
      const controller = new AbortController();
      running.current = controller;
      const ids = await resolveIds(controller.signal);
      setProgress(undefined);
      setExporting(ids);
    },
  });

  if (count === 0 && !progress && !add.data) {
    return (
      <div className={styles.bulkBar}>
        <span className="muted small">Tick results to act on them (Shift ranges).</span>
        {total !== undefined && total > 0 && (
          <button type="button" onClick={onSelectAll}>
            Select all {total.toLocaleString()} results
          </button>
        )}
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  const wantsNew = target === newCollection || target === '';

  return (
    <div className={`${styles.bulkBar} ${styles.bulkActive}`} aria-label="Selection" role="group">
      <p className={styles.selectedCount} aria-live="polite">
        <strong>{count.toLocaleString()}</strong> selected
        {selection.all ? (
          <span className="muted"> — all results of the query</span>
        ) : (
          total !== undefined &&
          count < total && (
            <>
              {' '}
              <button type="button" onClick={onSelectAll} disabled={busy}>
                Select all {total.toLocaleString()} results
              </button>
            </>
          )
        )}{' '}
        <button type="button" onClick={onClear} disabled={busy}>
          Clear selection
        </button>
      </p>
      {selection.all && total !== undefined && total > loaded && (
        <p className="muted small">
          {(total - loaded).toLocaleString()} of them are not loaded yet: they are included.
        </p>
      )}
      <form className="row" onSubmit={submit} aria-label="Add to a collection">
        <label htmlFor={`${id}-target`}>Add to</label>
        <select id={`${id}-target`} value={target} onChange={(e) => setTarget(e.target.value)} disabled={busy}>
          <option value="">New collection…</option>
          {collections.data?.items.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        {wantsNew && (
          <>
            <label htmlFor={`${id}-name`} className="visually-hidden">
              New collection name
            </label>
            <input
              id={`${id}-name`}
              placeholder="New collection name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={200}
              disabled={busy}
            />
            <TeamSelect teams={teams} value={team} onChange={setTeam} />
          </>
        )}
        <button type="submit" className="primary" disabled={busy || count === 0}>
          Add {count.toLocaleString()} to collection
        </button>
        <button type="button" onClick={() => startExport.mutate()} disabled={busy || count === 0}>
          Export {count.toLocaleString()}…
        </button>
        {busy && (
          <button type="button" className="danger" onClick={() => running.current?.abort()}>
            Stop
          </button>
        )}
      </form>
      {progress && <ProgressLine progress={progress} />}
      {add.isSuccess && progress?.phase === 'done' && (
        <p role="status">
          Added to{' '}
          <Link to="/collections/$collectionId" params={{ collectionId: add.data.collectionId }}>
            {add.data.collectionName}
          </Link>
          {progress.failures.length > 0 && ` — ${progress.failures.length} could not be added (listed above)`}.
        </p>
      )}
      {add.error && <ErrorMessage error={add.error} />}
      {startExport.error && <ErrorMessage error={startExport.error} />}
      {exporting && <ExportHandOff assetIds={exporting} onClose={() => setExporting(undefined)} />}
    </div>
  );
}

function ProgressLine({ progress }: { progress: BulkProgress }) {
  const id = useId();
  const label =
    progress.phase === 'gathering'
      ? `Gathering the selected results: ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}`
      : `${progress.phase === 'done' ? 'Done' : progress.phase === 'stopped' ? 'Stopped' : 'Adding'}: ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}`;
  return (
    <div className={styles.progress}>
      <label htmlFor={id}>{label}</label>
      <progress id={id} max={Math.max(1, progress.total)} value={progress.done} />
      {progress.failures.length > 0 && (
        <details open>
          <summary>{progress.failures.length} could not be added</summary>
          <ul>
            {progress.failures.slice(0, 100).map((f) => (
              <li key={f.assetId}>
                <Link to="/assets/$assetId" params={{ assetId: f.assetId }}>
                  {f.assetId}
                </Link>
                : {f.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
