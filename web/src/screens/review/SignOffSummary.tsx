/**
 * An asset's review summary: each reviewer's decision on the current version, worded and marked (a symbol and a
 * colour, never the colour alone), who and when, with their reason as plain text; then what is still missing.
 */
import { roleLabel, decisionLabel, when, type ReviewStatus, type Decision } from './review-api.ts';
import styles from './Review.module.css';

const mark: Record<Decision, { symbol: string; tone: string }> = {
  approve: { symbol: '✓', tone: 'ok' },
  'request-changes': { symbol: '↺', tone: 'warn' },
  reject: { symbol: '✗', tone: 'fail' },
};

export function SignOffSummary({ status }: { status: ReviewStatus }) {
  return (
    <div className={`stack ${styles.summary}`}>
      {status.signOffs.length === 0 ? (
        <p className="muted">No decision on version {status.version} yet.</p>
      ) : (
        <ul className={styles.signOffs} aria-label={`Decisions on version ${status.version}`}>
          {status.signOffs.map((s) => (
            <li key={s.id}>
              <span className={`badge ${mark[s.decision].tone}`}>
                <span aria-hidden="true">{mark[s.decision].symbol} </span>
                {decisionLabel[s.decision]}
              </span>{' '}
              by <strong>{s.reviewerUsername}</strong> as {roleLabel[s.role].toLowerCase()},{' '}
              <time dateTime={s.at}>{when(s.at)}</time>
              {s.reason && <q className={styles.reason}>{s.reason}</q>}
            </li>
          ))}
        </ul>
      )}
      {status.earlierSignOffs > 0 && (
        <p className="muted small">
          {status.earlierSignOffs} decision{status.earlierSignOffs === 1 ? '' : 's'} on earlier versions no longer
          count.
        </p>
      )}
      <p>
        {status.missing.length === 0 ? (
          <>Every sign-off this tier needs is given.</>
        ) : (
          <>
            Still to approve: <strong>{status.missing.map((r) => roleLabel[r]).join(' and ')}</strong>
            {status.missing.length > 1 && ' (two different people)'}.
          </>
        )}
      </p>
    </div>
  );
}
