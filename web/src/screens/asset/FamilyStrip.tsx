/**
 * The variant family strip: the family's members as thumbnails with the canonical marked, and the near-duplicates;
 * any of them opens side by side with this asset, both pictures zoomed and panned together.
 */
import { useQueries } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { AssetThumb } from '../../ui/AssetThumb.tsx';
import { assetQuery, isObject, objects, renditionUrl, str, type Enrichments } from './asset-data.ts';
import { initialView, ZoomViewer, type View } from './ZoomViewer.tsx';
import styles from './AssetPage.module.css';

interface Relative {
  assetId: string;
  why: string;
  canonical: boolean;
}

export function relativesOf(enrichments: Enrichments, assetId: string): { family?: string; relatives: Relative[] } {
  const family = isObject(enrichments.family) ? enrichments.family : undefined;
  const canonical = str(family?.canonicalAssetId);
  const relatives: Relative[] = objects(family?.members).flatMap((m) => {
    const id = str(m.assetId);
    return id ? [{ assetId: id, why: str(m.role) ?? 'variant', canonical: id === canonical }] : [];
  });
  for (const link of objects(enrichments.nearDuplicates)) {
    const other = str(link.assetId) === assetId ? str(link.matchedAssetId) : str(link.assetId);
    if (!other || relatives.some((r) => r.assetId === other)) continue;
    relatives.push({ assetId: other, why: `near-duplicate (${str(link.verdict) ?? 'suggested'})`, canonical: false });
  }
  if (!relatives.some((r) => r.assetId === assetId) && relatives.length > 0)
    relatives.unshift({ assetId, why: 'this asset', canonical: assetId === canonical });
  return { family: str(family?.id), relatives };
}

export function FamilyStrip({
  enrichments,
  assetId,
  title,
}: {
  enrichments: Enrichments;
  assetId: string;
  title: string;
}) {
  const { relatives } = relativesOf(enrichments, assetId);
  const [comparing, setComparing] = useState<string | undefined>();
  const [view, setView] = useState<View>(initialView);
  // The members' titles (each asset read once, shared with its own page's cache); the id until it arrives.
  const reads = useQueries({ queries: relatives.map((r) => ({ ...assetQuery(r.assetId), retry: false })) });
  const titles = new Map(relatives.map((r, i) => [r.assetId, reads[i]?.data?.title]));
  const name = (id: string) => (id === assetId ? title : (titles.get(id) ?? `asset ${id.slice(0, 8)}`));
  if (relatives.length === 0) return <p className="muted">No variants or near-duplicates known.</p>;
  return (
    <div className="stack">
      <ul className={styles.strip} aria-label="Family members and near-duplicates">
        {relatives.map((r) => (
          <li key={r.assetId} aria-current={r.assetId === assetId ? 'true' : undefined}>
            <AssetThumb assetId={r.assetId} title={name(r.assetId)} />
            <span className="small">
              {r.canonical && <span className="badge ok">★ canonical</span>} {r.why}
            </span>
            {r.assetId !== assetId && (
              <span className="row small">
                <Link to="/assets/$assetId" params={{ assetId: r.assetId }}>
                  Open<span className="visually-hidden"> {name(r.assetId)}</span>
                </Link>
                <button type="button" onClick={() => setComparing(r.assetId)} aria-pressed={comparing === r.assetId}>
                  Compare<span className="visually-hidden"> with {name(r.assetId)}</span>
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {comparing && (
        <section aria-labelledby="compare-title" className={styles.compare}>
          <div className="row">
            <h3 id="compare-title">Side by side</h3>
            <button type="button" onClick={() => setComparing(undefined)}>
              Close the comparison
            </button>
          </div>
          <div className={styles.compareGrid}>
            <ZoomViewer
              src={renditionUrl(assetId, 'preview')}
              alt={title}
              boxes={[]}
              view={view}
              onViewChange={setView}
              label="This asset"
            />
            <ZoomViewer
              src={renditionUrl(comparing, 'preview')}
              alt={`Compared: ${name(comparing)}`}
              boxes={[]}
              view={view}
              onViewChange={setView}
              label="Compared asset"
            />
          </div>
        </section>
      )}
    </div>
  );
}
