/** The asset's audit trail, newest first: who did what, when, and the few details that say what changed. */
import { isObject, str, type HistoryEntry } from './asset-data.ts';
import styles from './AssetPage.module.css';

function summary(entry: HistoryEntry): string {
  const d = isObject(entry.details) ? entry.details : {};
  const from = str(d.from);
  const to = str(d.to);
  if (from && to)
    return `${from.replace('_', ' ')} → ${to.replace('_', ' ')}${str(d.reason) ? `: ${str(d.reason)}` : ''}`;
  if (str(d.decision)) return `${str(d.role) ?? ''} ${str(d.decision)}${str(d.reason) ? `: ${str(d.reason)}` : ''}`;
  if (str(d.verdict)) return `verdict ${str(d.verdict)}`;
  return '';
}

export function Timeline({ items }: { items: HistoryEntry[] }) {
  if (items.length === 0) return <p className="muted">Nothing recorded yet.</p>;
  const newest = [...items].reverse();
  return (
    <ol className={styles.timeline} aria-label="Audit trail">
      {newest.map((entry, i) => (
        <li key={`${String(entry.seq)}-${i}`}>
          <time className="small muted" dateTime={str(entry.at)}>
            {str(entry.at)?.slice(0, 19).replace('T', ' ')}
          </time>{' '}
          <strong>{str(entry.action)}</strong> <span className="small">by {str(entry.actor)}</span>
          {summary(entry) && <div className="small">{summary(entry)}</div>}
        </li>
      ))}
    </ol>
  );
}
