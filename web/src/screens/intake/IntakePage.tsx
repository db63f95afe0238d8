/**
 * Intake: files dropped or chosen, the batch's shared intake fields with per-file overrides, each file's upload with
 * its own progress (a few at a time; a 503 TOO_MANY_UPLOADS waits the server's Retry-After and tries again), what the
 * server answered per file (created, duplicate, quarantined, refused with its message), what enrichment later finds
 * (near-duplicates), and the quarantined assets to fix.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useId, useReducer, useRef, useState, type Dispatch, type DragEvent } from 'react';
import { ApiError } from '../../api/errors.ts';
import { sessionExpired, useSession } from '../../auth/session.ts';
import { assetQuery, familiesQuery } from '../review/review-api.ts';
import { FileRow, type FileRowModel, type RowState } from './FileRow.tsx';
import { IntakeFields } from './IntakeFields.tsx';
import { RetryLater, uploadFile, valuesFor, type IntakeFieldName, type IntakeValues } from './intake-api.ts';
import { QuarantineList, quarantinedKey } from './QuarantineList.tsx';
import styles from './Intake.module.css';

/** Uploads in flight at once (the server takes a few at a time too, and says when to come back). */
const inFlight = 3;

type Action =
  | { type: 'add'; files: File[] }
  | { type: 'remove'; key: string }
  | { type: 'override'; key: string; name: IntakeFieldName | 'title'; value: string }
  | { type: 'state'; key: string; state: RowState }
  | { type: 'queue'; keys: string[] }
  | { type: 'clear-done' };

let nextKey = 0;
function rowsReducer(rows: FileRowModel[], action: Action): FileRowModel[] {
  switch (action.type) {
    case 'add':
      return [
        ...rows,
        ...action.files.map((file) => ({
          key: `f${++nextKey}`,
          file,
          overrides: {},
          state: { phase: 'ready' } as const,
        })),
      ];
    case 'remove':
      return rows.filter((r) => r.key !== action.key);
    case 'override':
      return rows.map((r) =>
        r.key === action.key ? { ...r, overrides: { ...r.overrides, [action.name]: action.value } } : r,
      );
    case 'state':
      return rows.map((r) => (r.key === action.key ? { ...r, state: action.state } : r));
    case 'queue':
      return rows.map((r) => (action.keys.includes(r.key) ? { ...r, state: { phase: 'queued' } } : r));
    case 'clear-done':
      return rows.filter((r) => r.state.phase !== 'done');
  }
}

/** Counts down the server's Retry-After on the row, then queues it again. */
async function retryAfter(dispatch: Dispatch<Action>, key: string, refusal: RetryLater): Promise<void> {
  for (let seconds = Math.ceil(refusal.retryAfterSeconds); seconds > 0; seconds--) {
    dispatch({ type: 'state', key, state: { phase: 'retrying', seconds, message: refusal.message } });
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  dispatch({ type: 'queue', keys: [key] });
}

export default function IntakePage() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [batch, setBatch] = useState<IntakeValues>({ requestor: session.user.username });
  const [quarantine, setQuarantine] = useState(true);
  const [rows, dispatch] = useReducer(rowsReducer, []);
  const [dragging, setDragging] = useState(false);
  const started = useRef(new Set<string>());
  const batchRef = useRef({ batch, quarantine });
  const inputId = useId();

  useEffect(() => {
    batchRef.current = { batch, quarantine };
  });

  // The runner: starts queued files while fewer than `inFlight` are being sent.
  useEffect(() => {
    const sending = rows.filter((r) => r.state.phase === 'uploading').length;
    const waiting = rows.filter((r) => r.state.phase === 'queued' && !started.current.has(r.key));
    for (const row of waiting.slice(0, Math.max(0, inFlight - sending))) {
      started.current.add(row.key);
      const { batch: shared, quarantine: keep } = batchRef.current;
      dispatch({ type: 'state', key: row.key, state: { phase: 'uploading', progress: 0 } });
      uploadFile({
        file: row.file,
        values: valuesFor(shared, row.overrides),
        quarantine: keep,
        onProgress: (progress) => dispatch({ type: 'state', key: row.key, state: { phase: 'uploading', progress } }),
      })
        .then((answer) => {
          dispatch({ type: 'state', key: row.key, state: { phase: 'done', answer } });
          if (answer.status === 'quarantined') void queryClient.invalidateQueries({ queryKey: quarantinedKey });
        })
        .catch((error: unknown) => {
          started.current.delete(row.key);
          if (error instanceof RetryLater) void retryAfter(dispatch, row.key, error);
          else dispatch({ type: 'state', key: row.key, state: { phase: 'failed', error } });
          // The session ended mid-batch: the shell signs in again over the page, the rows wait with Retry.
          if (error instanceof ApiError && error.isUnauthenticated) sessionExpired.mark();
        });
    }
  }, [rows, queryClient]);

  const add = (files: FileList | null) => {
    if (files && files.length > 0) dispatch({ type: 'add', files: [...files] });
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    add(event.dataTransfer.files);
  };
  const ready = rows.filter((r) => r.state.phase === 'ready');
  const done = rows.filter((r) => r.state.phase === 'done').length;
  const failed = rows.filter((r) => r.state.phase === 'failed').length;
  const active = rows.length - ready.length - done - failed;

  return (
    <section className="stack">
      <h1>Upload</h1>
      <section className="card stack" aria-labelledby="batch-title">
        <h2 id="batch-title">Fields for this batch</h2>
        <p className="muted small">
          Every file is sent with these unless its own fields say otherwise. Fields marked * are required; a file’s own
          metadata (a prompt, the tool) fills what is left blank.
        </p>
        <IntakeFields values={batch} onChange={(name, value) => setBatch({ ...batch, [name]: value })} />
        <label className="row">
          <input type="checkbox" checked={quarantine} onChange={(e) => setQuarantine(e.target.checked)} />
          Keep a file with missing fields in quarantine, to fix below (otherwise it is refused)
        </label>
      </section>

      <section className="card stack" aria-labelledby="files-title">
        <h2 id="files-title">Files</h2>
        <div
          className={`${styles.dropZone} ${dragging ? styles.dragging : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <p>Drop files here, or</p>
          <label htmlFor={inputId} className="button">
            Choose files…
          </label>
          <input
            id={inputId}
            className="visually-hidden"
            type="file"
            multiple
            onChange={(e) => {
              add(e.target.files);
              e.target.value = '';
            }}
          />
        </div>
        {rows.length > 0 && (
          <>
            <div className="row">
              <button
                type="button"
                className="primary"
                disabled={ready.length === 0}
                onClick={() => dispatch({ type: 'queue', keys: ready.map((r) => r.key) })}
              >
                Upload {ready.length} file{ready.length === 1 ? '' : 's'}
              </button>
              <button type="button" disabled={done === 0} onClick={() => dispatch({ type: 'clear-done' })}>
                Clear finished
              </button>
              <p role="status" className="muted">
                {done} done · {active} in progress · {failed} refused
              </p>
            </div>
            <ul className={styles.files} aria-label="Files to upload">
              {rows.map((row) => (
                <FileRow
                  key={row.key}
                  row={row}
                  batch={batch}
                  onOverride={(name, value) => dispatch({ type: 'override', key: row.key, name, value })}
                  onRetry={() => dispatch({ type: 'queue', keys: [row.key] })}
                  onRemove={() => dispatch({ type: 'remove', key: row.key })}
                  link={(assetId, text) => (
                    <Link to="/assets/$assetId" params={{ assetId }}>
                      {text}
                    </Link>
                  )}
                  after={
                    row.state.phase === 'done' && row.state.answer.status === 'created' ? (
                      <AfterEnrichment assetId={row.state.answer.asset.id} />
                    ) : undefined
                  }
                />
              ))}
            </ul>
          </>
        )}
      </section>
      <QuarantineList />
    </section>
  );
}

/** While enrichment runs, says so; then any near-duplicate family it suggested, with links to the others. */
function AfterEnrichment({ assetId }: { assetId: string }) {
  const asset = useQuery({
    ...assetQuery(assetId),
    refetchInterval: (query) => (['draft', 'enriching'].includes(query.state.data?.status ?? 'draft') ? 5000 : false),
  });
  const enriching = ['draft', 'enriching'].includes(asset.data?.status ?? 'draft');
  const families = useQuery({ ...familiesQuery, enabled: !enriching });
  if (enriching) return <p className="muted small">Enriching… near-duplicates show here when it finishes.</p>;
  const family = families.data?.items.find((f) => f.members.some((m) => m.assetId === assetId));
  const others = family?.members.filter((m) => m.assetId !== assetId) ?? [];
  if (others.length === 0)
    return <p className="muted small">Enriched ({asset.data?.status.replace('_', ' ')}); no near-duplicate found.</p>;
  return (
    <p className={styles.nearDuplicate}>
      <span className="badge warn">⚠ Near-duplicate</span> of{' '}
      {others.map((m, i) => (
        <span key={m.assetId}>
          {i > 0 && ', '}
          <Link to="/assets/$assetId" params={{ assetId: m.assetId }}>
            {m.assetId.slice(0, 8)}
          </Link>
        </span>
      ))}{' '}
      <span className="muted small">
        ({family?.reason} family, {family?.state})
      </span>
    </p>
  );
}
