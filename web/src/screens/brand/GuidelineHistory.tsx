/**
 * The guideline's versions, newest first: who saved each and why, and — opened — what it changed from the one before
 * rule by rule (the API's comparison) and which assets its re-check flagged for re-review because their verdict
 * changed.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap, type paths } from '../../api/client.ts';
import { QueryBoundary } from '../../ui/QueryBoundary.tsx';
import { brandKeys, versionsQuery, type BrandSummary, type VersionEntry } from './brand-api.ts';
import styles from './Brand.module.css';

type VersionChanges =
  paths['/api/v1/brands/{brand}/guidelines/{n}/changes']['get']['responses']['200']['content']['application/json'];
export type Changes = NonNullable<VersionChanges['changes']>;

export function GuidelineHistory({ brand }: { brand: BrandSummary }) {
  const versions = useQuery(versionsQuery(brand.slug));
  return (
    <section className="card stack" aria-labelledby="history-title">
      <h2 id="history-title">Version history</h2>
      <QueryBoundary query={versions} loading="Loading versions…">
        {({ items }) =>
          items.length === 0 ? (
            <p className="muted">No version saved yet.</p>
          ) : (
            <ol className={styles.history} reversed>
              {items.map((entry) => (
                <VersionItem
                  key={entry.version}
                  brand={brand.slug}
                  entry={entry}
                  open={entry.version === items[0]?.version}
                />
              ))}
            </ol>
          )
        }
      </QueryBoundary>
    </section>
  );
}

function VersionItem({ brand, entry, open: initiallyOpen }: { brand: string; entry: VersionEntry; open: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  const changes = useQuery({
    queryKey: brandKeys.changes(brand, entry.version),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/brands/{brand}/guidelines/{n}/changes', {
          params: { path: { brand, n: entry.version } },
        }),
      ),
    enabled: open,
  });
  return (
    <li className={styles.historyItem}>
      <div className="row">
        <strong>Version {entry.version}</strong>
        <span className="muted small">
          {entry.createdAt.slice(0, 16).replace('T', ' ')} by {entry.createdBy}
        </span>
        {entry.note && <span>“{entry.note}”</span>}
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide changes' : 'Show changes'}
          <span className="visually-hidden"> of version {entry.version}</span>
        </button>
      </div>
      {open && (
        <QueryBoundary query={changes} loading="Loading what changed…">
          {(c) => (
            <div className="stack small">
              {c.changes ? (
                <ChangeSummary changes={c.changes} since={c.previousVersion} />
              ) : (
                <p className="muted">The first version.</p>
              )}
              <Flagged changes={c} />
            </div>
          )}
        </QueryBoundary>
      )}
    </li>
  );
}

const changeKinds = [
  ['added', 'Added'],
  ['changed', 'Changed (re-run on checked assets)'],
  ['removed', 'Removed'],
  ['reworded', 'Only reworded'],
  ['unchanged', 'Unchanged'],
] as const;

/** The API's comparison of two versions, rule by rule. */
export function ChangeSummary({ changes, since }: { changes: Changes; since?: number }) {
  const kinds = changeKinds.filter(([kind]) => changes[kind].length > 0);
  return (
    <div>
      <p>
        {since ? `Since version ${since}: ` : ''}
        {kinds.length === 0 && !changes.appliesToChanged
          ? 'no rule changed.'
          : `${changes.added.length} added, ${changes.changed.length} changed, ${changes.removed.length} removed.`}
        {changes.appliesToChanged && ' The teams or campaigns it applies to changed.'}
      </p>
      <dl className={styles.changes}>
        {kinds.map(([kind, label]) => (
          <div key={kind}>
            <dt>{label}</dt>
            <dd>
              {changes[kind].map((id) => (
                <code key={id}>{id}</code>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function Flagged({ changes }: { changes: VersionChanges }) {
  if (changes.flagged.length === 0)
    return (
      <p className="muted">
        {changes.rechecked > 0
          ? `Its re-check went over ${changes.rechecked} checked asset${changes.rechecked === 1 ? '' : 's'}: no verdict changed.`
          : 'No asset was re-checked under it.'}
      </p>
    );
  return (
    <table>
      <caption>
        Flagged for re-review by its re-check ({changes.flagged.length} of {changes.rechecked} re-checked)
      </caption>
      <thead>
        <tr>
          <th scope="col">Asset</th>
          <th scope="col">Verdict before</th>
          <th scope="col">Verdict now</th>
          <th scope="col">Re-review</th>
        </tr>
      </thead>
      <tbody>
        {changes.flagged.map((f) => (
          <tr key={f.assetId}>
            <td>
              <Link to="/assets/$assetId" params={{ assetId: f.assetId }}>
                {f.title || f.assetId}
              </Link>{' '}
              <span className="muted">v{f.versionNumber}</span>
            </td>
            <td>{f.previousVerdict}</td>
            <td>{f.verdict}</td>
            <td>{f.stillFlagged ? 'waiting' : 'done or superseded'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
