/**
 * The sign-off controls for one asset: approve at once, or choose reject / request changes and say why (the reason is
 * required for anything but approve, as the API requires it). Shortcuts a, r and c do the same while nothing is being
 * typed; everything is disabled while a decision is being sent. The API's problems show at the reason field.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/errors.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { useShortcuts } from '../../ui/shortcuts.ts';
import { roleLabel, type Decision, type ReviewRole } from './review-api.ts';
import styles from './Review.module.css';

export interface DecisionInput {
  decision: Decision;
  reason?: string;
  role?: ReviewRole;
}

export interface ReviewActionsProps {
  /** The roles the caller may sign in now (none: the controls say why not). */
  canSignAs: readonly ReviewRole[];
  onDecide: (input: DecisionInput) => void;
  pending: boolean;
  /** The last decision's failure, shown with its field problems. */
  error?: unknown;
  /** Whether a, r and c act (off while another part of the page owns the keyboard). */
  shortcuts?: boolean;
}

type Asking = Exclude<Decision, 'approve'>;
const asking: Record<Asking, { verb: string; label: string }> = {
  reject: { verb: 'Reject', label: 'Why reject it?' },
  'request-changes': { verb: 'Request changes', label: 'What should change?' },
};

export function ReviewActions({ canSignAs, onDecide, pending, error, shortcuts = true }: ReviewActionsProps) {
  const [mode, setMode] = useState<Asking | undefined>();
  const [reason, setReason] = useState('');
  const [missingReason, setMissingReason] = useState(false);
  const [role, setRole] = useState<ReviewRole | undefined>(canSignAs[0]);
  const reasonField = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const chosenRole = role !== undefined && canSignAs.includes(role) ? role : canSignAs[0];
  const able = canSignAs.length > 0 && !pending;

  useEffect(() => {
    if (mode) reasonField.current?.focus();
  }, [mode]);

  const decide = (input: DecisionInput) => onDecide({ ...input, ...(chosenRole ? { role: chosenRole } : {}) });
  const approve = () => {
    if (able) decide({ decision: 'approve', ...(reason.trim() ? { reason: reason.trim() } : {}) });
  };
  const ask = (decision: Asking) => {
    if (!able) return;
    setMissingReason(false);
    setMode(decision);
  };
  useShortcuts({ a: approve, r: () => ask('reject'), c: () => ask('request-changes') }, shortcuts && able);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!mode || !able) return;
    if (reason.trim() === '') {
      setMissingReason(true);
      reasonField.current?.focus();
      return;
    }
    decide({ decision: mode, reason: reason.trim() });
  };

  const serverProblems = error instanceof ApiError ? error.problems.filter((p) => p.field === 'reason') : [];
  const problem = missingReason
    ? `Say why: the requester reads it (required to ${mode === 'reject' ? 'reject' : 'request changes'}).`
    : serverProblems.map((p) => p.problem).join('; ');

  if (canSignAs.length === 0)
    return <p className="muted">You cannot sign off this version (see who still has to, above).</p>;
  return (
    <div className="stack">
      {canSignAs.length === 1 && chosenRole && (
        <p className="muted small">You sign as {roleLabel[chosenRole].toLowerCase()}.</p>
      )}
      {canSignAs.length > 1 && (
        <label className="row">
          Sign as
          <select value={chosenRole} onChange={(e) => setRole(e.target.value as ReviewRole)} disabled={pending}>
            {canSignAs.map((r) => (
              <option key={r} value={r}>
                {roleLabel[r]}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="row" role="group" aria-label="Decision">
        <button type="button" className="primary" onClick={approve} disabled={!able} aria-keyshortcuts="a">
          Approve <kbd className={styles.kbd}>a</kbd>
        </button>
        <button
          type="button"
          onClick={() => ask('request-changes')}
          disabled={!able}
          aria-keyshortcuts="c"
          aria-pressed={mode === 'request-changes'}
        >
          Request changes <kbd className={styles.kbd}>c</kbd>
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => ask('reject')}
          disabled={!able}
          aria-keyshortcuts="r"
          aria-pressed={mode === 'reject'}
        >
          Reject <kbd className={styles.kbd}>r</kbd>
        </button>
      </div>
      {mode && (
        <form className="stack" onSubmit={submit} aria-label={asking[mode].verb}>
          <div className="field">
            <label htmlFor={`${id}-reason`}>
              {asking[mode].label}
              <span aria-hidden="true"> *</span>
            </label>
            <textarea
              id={`${id}-reason`}
              ref={reasonField}
              rows={3}
              maxLength={2000}
              aria-required="true"
              value={reason}
              onKeyDown={(e) => {
                // Enter sends (the shortcut list says so); Shift+Enter is a new line.
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
              onChange={(e) => {
                setReason(e.target.value);
                if (e.target.value.trim()) setMissingReason(false);
              }}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${id}-problem` : undefined}
            />
            {problem && (
              <small id={`${id}-problem`} className="problem">
                {problem}
              </small>
            )}
          </div>
          <div className="row">
            <button type="submit" className={mode === 'reject' ? 'danger' : 'primary'} disabled={pending}>
              {pending ? 'Sending…' : asking[mode].verb}
            </button>
            <button type="button" onClick={() => setMode(undefined)} disabled={pending}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error !== undefined && error !== null && (serverProblems.length === 0 || !mode) && (
        <ErrorMessage error={error} />
      )}
    </div>
  );
}
