/**
 * Every share link the caller made (or, with share:manage, their teams'): what it shares, for which channel and
 * region, as which rendition, until when, how often it was opened and with what outcome; revoke it (refused from the
 * next request on) or look at its hits.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { regionName } from './rights.ts';
import type { ShareLink } from './sharing-api.ts';
import styles from './Sharing.module.css';

type Scope = 'mine' | 'team';

export function linkState(link: ShareLink, now = Date.now()): 'revoked' | 'expired' | 'active' {
  if (link.revokedAt) return 'revoked';
  return new Date(link.expiresAt).getTime() <= now ? 'expired' : 'active';
}

export default function SharesPage() {
  const scopeId = useId();
  const [scope, setScope] = useState<Scope>('mine');
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const links = useInfiniteQuery({
    queryKey: ['share-links', scope, includeRevoked],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/share-links', {
          params: { query: { scope, includeRevoked, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = links.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="stack">
      <h1>Share links</h1>
      <p className="muted">
        A link opens without an account until it expires or is revoked; each time, the asset’s rights are checked for
        the link’s channel and region, so a link refuses once they no longer allow it.
      </p>
      <div className="row">
        <div className="field">
          <label htmlFor={scopeId}>Links</label>
          <select id={scopeId} value={scope} onChange={(e) => setScope(e.target.value === 'team' ? 'team' : 'mine')}>
            <option value="mine">Made by me</option>
            <option value="team">Of my teams</option>
          </select>
        </div>
        <label className="row">
          <input type="checkbox" checked={includeRevoked} onChange={(e) => setIncludeRevoked(e.target.checked)} />
          Show revoked links
        </label>
      </div>
      {links.isPending ? (
        <Loading label="Loading share links…" />
      ) : links.isError ? (
        <ErrorMessage error={links.error} onRetry={() => void links.refetch()} />
      ) : items.length === 0 ? (
        <p className="muted">No share links yet. Share an asset from its page.</p>
      ) : (
        <div className={styles.tableWrap}>
          <table>
            <caption className="visually-hidden">Share links</caption>
            <thead>
              <tr>
                <th scope="col">Shares</th>
                <th scope="col">For</th>
                <th scope="col">Rendition</th>
                <th scope="col">Expires</th>
                <th scope="col">State</th>
                <th scope="col">Hits</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((link) => (
                <LinkRow key={link.id} link={link} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {links.hasNextPage && (
        <div>
          <button type="button" onClick={() => void links.fetchNextPage()} disabled={links.isFetchingNextPage}>
            More links
          </button>
        </div>
      )}
    </section>
  );
}

const stateBadge = { active: 'ok', expired: 'warn', revoked: 'fail' } as const;

function LinkRow({ link }: { link: ShareLink }) {
  const queryClient = useQueryClient();
  const [showStats, setShowStats] = useState(false);
  const revoke = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/share-links/{id}', { params: { path: { id: link.id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['share-links'] }),
  });
  const state = linkState(link);
  const what =
    link.scope.kind === 'asset' && link.scope.assetId ? (
      <AssetName assetId={link.scope.assetId} />
    ) : (
      <>Collection {link.scope.collectionId?.slice(0, 8)}…</>
    );
  return (
    <>
      <tr>
        <td>
          {what}
          <div className="muted small">
            by {link.owner} on {link.createdAt.slice(0, 10)}
          </div>
        </td>
        <td>
          {link.channel}
          {link.region && (
            <>
              , {regionName(link.region)} ({link.region})
            </>
          )}
          {link.passwordProtected && <div className="small">password protected</div>}
          {link.watermark && <div className="small">watermark “{link.watermark}”</div>}
        </td>
        <td>{link.preset ?? 'original'}</td>
        <td>{link.expiresAt.slice(0, 16).replace('T', ' ')}</td>
        <td>
          <span className={`badge ${stateBadge[state]}`}>{state}</span>
        </td>
        <td>
          {link.hitCount}
          {link.lastHitAt && <div className="muted small">last {link.lastHitAt.slice(0, 16).replace('T', ' ')}</div>}
        </td>
        <td>
          <div className="row">
            <button type="button" aria-expanded={showStats} onClick={() => setShowStats(!showStats)}>
              Stats
              <span className="visually-hidden"> of the link to {link.scope.assetId ?? link.scope.collectionId}</span>
            </button>
            {state === 'active' && (
              <button
                type="button"
                className="danger"
                disabled={revoke.isPending}
                onClick={() => {
                  if (window.confirm('Revoke this link? It is refused from the next request on.')) revoke.mutate();
                }}
              >
                Revoke
                <span className="visually-hidden"> the link to {link.scope.assetId ?? link.scope.collectionId}</span>
              </button>
            )}
          </div>
          {revoke.error && <ErrorMessage error={revoke.error} />}
        </td>
      </tr>
      {showStats && (
        <tr>
          <td colSpan={7}>
            <LinkStats id={link.id} />
          </td>
        </tr>
      )}
    </>
  );
}

/** The shared asset's title (its page a click away); its id while the title loads or when it is gone. */
function AssetName({ assetId }: { assetId: string }) {
  const asset = useQuery({
    queryKey: ['asset', assetId],
    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}', { params: { path: { id: assetId } } })),
    staleTime: 5 * 60_000,
    retry: false,
  });
  return (
    <Link to="/assets/$assetId" params={{ assetId }}>
      {asset.data?.title || `Asset ${assetId.slice(0, 8)}…`}
    </Link>
  );
}

function LinkStats({ id }: { id: string }) {
  const stats = useQuery({
    queryKey: ['share-links', 'stats', id],
    queryFn: () => unwrap(api.GET('/api/v1/share-links/{id}/stats', { params: { path: { id } } })),
  });
  if (stats.isPending) return <Loading label="Loading the link’s hits…" />;
  if (stats.isError) return <ErrorMessage error={stats.error} onRetry={() => void stats.refetch()} />;
  const s = stats.data;
  const outcomes = Object.entries(s.byOutcome).filter(([, n]) => n > 0);
  return (
    <div className="small stack">
      <p>
        {s.hits} hit{s.hits === 1 ? '' : 's'}, {s.downloads} download{s.downloads === 1 ? '' : 's'} (
        {(s.bytes / 1024).toFixed(1)} KB)
        {s.firstHitAt && `, first on ${s.firstHitAt.slice(0, 16).replace('T', ' ')}`}.
      </p>
      {outcomes.length > 0 && <p>By outcome: {outcomes.map(([outcome, n]) => `${outcome} ${n}`).join(', ')}.</p>}
    </div>
  );
}
