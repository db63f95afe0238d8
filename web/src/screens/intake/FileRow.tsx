/**
 * One file of an intake batch: its name and size (as text), where its upload is (waiting, a progress bar, retrying
 * after the server said when, done), what the server answered (created, a duplicate of an asset, quarantined with
 * its reasons) or why it refused (the server's message; field problems at this file's own fields, to fix and retry).
 */
import type { ReactNode } from 'react';
import { ApiError, messageOf } from '../../api/errors.ts';
import { IntakeFields, problemsByField } from './IntakeFields.tsx';
import { humanSize, type IntakeFieldName, type IntakeValues, type UploadAnswer } from './intake-api.ts';
import styles from './Intake.module.css';

export type RowState =
  | { phase: 'ready' }
  | { phase: 'queued' }
  | { phase: 'uploading'; progress: number }
  | { phase: 'retrying'; seconds: number; message: string }
  | { phase: 'done'; answer: UploadAnswer }
  | { phase: 'failed'; error: unknown };

export interface FileRowModel {
  key: string;
  file: File;
  overrides: IntakeValues;
  state: RowState;
}

export interface FileRowProps {
  row: FileRowModel;
  batch: IntakeValues;
  onOverride: (name: IntakeFieldName | 'title', value: string) => void;
  onRetry: () => void;
  onRemove: () => void;
  /** A link to an asset's page (the router's, in the app). */
  link: (assetId: string, text: string) => ReactNode;
  /** What enrichment found later (near-duplicates), under a created asset. */
  after?: ReactNode;
}

export function FileRow({ row, batch, onOverride, onRetry, onRemove, link, after }: FileRowProps) {
  const { file, state } = row;
  const problems =
    state.phase === 'failed' && state.error instanceof ApiError ? problemsByField(state.error.problems) : undefined;
  const editable = state.phase === 'ready' || state.phase === 'failed';
  return (
    <li className={styles.fileRow} aria-label={file.name}>
      <div className={styles.fileHead}>
        <span className={styles.fileName}>{file.name}</span>
        <span className="muted small">{humanSize(file.size)}</span>
        <Status state={state} link={link} />
        {editable && (
          <span className={styles.rowActions}>
            {state.phase === 'failed' && retryable(state.error, problems) && (
              <button type="button" onClick={onRetry}>
                Retry<span className="visually-hidden"> {file.name}</span>
              </button>
            )}
            <button type="button" onClick={onRemove}>
              Remove<span className="visually-hidden"> {file.name}</span>
            </button>
          </span>
        )}
      </div>
      {state.phase === 'uploading' && (
        <progress
          className={styles.progress}
          max={1}
          value={state.progress}
          aria-label={`Uploading ${file.name}`}
          aria-valuetext={`${Math.round(state.progress * 100)}%`}
        />
      )}
      {state.phase === 'failed' && (
        <div role="alert" className={styles.refusal}>
          <p>{messageOf(state.error)}</p>
          {state.error instanceof ApiError && <p className="muted small">{state.error.code}</p>}
        </div>
      )}
      {state.phase === 'done' && state.answer.status === 'quarantined' && (
        <ul className={styles.reasons} aria-label={`Why ${file.name} is quarantined`}>
          {state.answer.asset.quarantineReasons.map((r, i) => (
            <li key={`${r.code}-${r.field ?? i}`}>
              {r.field && <code>{r.field}</code>} {r.message}
            </li>
          ))}
        </ul>
      )}
      {after}
      {editable && (
        <details open={problems !== undefined && problems.size > 0} className={styles.overrides}>
          <summary>Fields for this file</summary>
          <IntakeFields values={row.overrides} batch={batch} onChange={onOverride} problems={problems} />
        </details>
      )}
    </li>
  );
}

/** Worth sending again: after fixing a field, or when the refusal was the network's or the server's, not the file's. */
const retryable = (error: unknown, problems: ReadonlyMap<string, string> | undefined): boolean =>
  !(error instanceof ApiError) ||
  error.isRetryable ||
  error.isUnauthenticated ||
  (problems !== undefined && problems.size > 0);

function Status({ state, link }: { state: RowState; link: FileRowProps['link'] }) {
  switch (state.phase) {
    case 'ready':
      return <span className="badge">Ready</span>;
    case 'queued':
      return <span className="badge">Waiting</span>;
    case 'uploading':
      return <span className="badge">Uploading {Math.round(state.progress * 100)}%</span>;
    case 'retrying':
      return (
        <span className="badge warn">
          Server busy: retrying in {state.seconds} s<span className="visually-hidden"> ({state.message})</span>
        </span>
      );
    case 'failed':
      return <span className="badge fail">✗ Refused</span>;
    case 'done': {
      const { answer } = state;
      if (answer.status === 'duplicate')
        return (
          <span>
            <span className="badge warn">⚠ Duplicate</span> already in the library as{' '}
            {link(answer.duplicateOf ?? answer.asset.id, answer.asset.title)}
          </span>
        );
      if (answer.status === 'quarantined')
        return (
          <span>
            <span className="badge warn">⚠ Quarantined</span> {link(answer.asset.id, answer.asset.title)} · fix it under
            Quarantined
          </span>
        );
      return (
        <span>
          <span className="badge ok">✓ Uploaded</span> {link(answer.asset.id, answer.asset.title)}
        </span>
      );
    }
  }
}
