/**
 * The versions of the asset, newest first, each with its approval state: the review's sign-offs on it (from the audit
 * trail) and, for the current version, the asset's own status. Choosing one shows it in the preview (?version=n).
 */
import { Link } from '@tanstack/react-router';
import { isObject, num, str, type Asset, type HistoryEntry, type Review } from './asset-data.ts';
import styles from './AssetPage.module.css';

interface SignOff {
  role: string;
  decision: string;
  by: string;
}

/** The sign-offs recorded per version number, in the order they were given. */
export function signOffsByVersion(history: HistoryEntry[]): Map<number, SignOff[]> {
  const out = new Map<number, SignOff[]>();
  for (const entry of history) {
    if (entry.action !== 'review.signed-off' || !isObject(entry.details)) continue;
    const version = num(entry.details.version);
    if (version === undefined) continue;
    out.set(version, [
      ...(out.get(version) ?? []),
      {
        role: str(entry.details.role) ?? '?',
        decision: str(entry.details.decision) ?? '?',
        by: str(entry.actor)?.replace(/^user:/, '') ?? '?',
      },
    ]);
  }
  return out;
}

const decisionTone = (d: string) => (d === 'approve' ? 'ok' : d === 'reject' ? 'fail' : 'warn');
const statusTone = (s: string) =>
  ['approved', 'published'].includes(s) ? 'ok' : ['rejected', 'quarantined'].includes(s) ? 'fail' : 'warn';

export function VersionsPanel({
  asset,
  shown,
  history,
  review,
}: {
  asset: Asset;
  shown: number;
  history: HistoryEntry[];
  /** The review of the current version (who must still sign off), when it could be read. */
  review?: Review;
}) {
  const signOffs = signOffsByVersion(history);
  const versions = [...(asset.versions ?? [])].sort((a, b) => b.number - a.number);
  return (
    <ol className={styles.versions} aria-label="Versions">
      {versions.map((v) => {
        const current = v.number === asset.currentVersion;
        const given = signOffs.get(v.number) ?? [];
        return (
          <li key={v.number} aria-current={v.number === shown ? 'true' : undefined}>
            <div className="row">
              <strong>Version {v.number}</strong>
              {current ? (
                <span className={`badge ${statusTone(asset.status)}`}>current · {asset.status.replace('_', ' ')}</span>
              ) : (
                <span className="badge">superseded</span>
              )}
              {v.number === shown ? (
                <span className="small muted">shown</span>
              ) : (
                <Link
                  to="/assets/$assetId"
                  params={{ assetId: asset.id }}
                  search={current ? {} : { version: v.number }}
                  className="small"
                >
                  Show version {v.number}
                </Link>
              )}
            </div>
            <p className="small muted">
              {v.fileName} · {v.width && v.height ? `${v.width}×${v.height} · ` : ''}
              {v.createdAt.slice(0, 16).replace('T', ' ')} by {v.createdBy.replace(/^user:/, '')}
              {v.revertOf !== undefined && <> · a revert to version {v.revertOf}</>}
            </p>
            {current && review && review.missing.length > 0 && ['in_review', 'brand_check'].includes(asset.status) && (
              <p className="small">
                Tier {review.tier} review: waiting for {review.missing.join(' and ')} sign-off.
              </p>
            )}
            {given.length > 0 ? (
              <ul className={styles.signOffs} aria-label={`Sign-offs on version ${v.number}`}>
                {given.map((s, i) => (
                  <li key={i}>
                    <span className={`badge ${decisionTone(s.decision)}`}>
                      {s.role}: {s.decision.replace('-', ' ')}
                    </span>{' '}
                    <span className="small muted">by {s.by}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="small muted">No sign-off on this version.</p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
