/**
 * The review queue: what waits for the caller, by tier and by the sign-off they can give; the selected asset beside
 * it with its facts, its review summary, its family to compare, and the decision controls. Keyboard: j/k move through
 * the queue, a/r/c decide, ? lists the shortcuts. A decision or claim by anyone arrives live (app/live-events.ts
 * invalidates the ['review'] queries).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { useSession } from '../../auth/session.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { QueryBoundary } from '../../ui/QueryBoundary.tsx';
import { useShortcuts } from '../../ui/shortcuts.ts';
import { FamilyCompare } from './FamilyCompare.tsx';
import { ReviewActions, type DecisionInput } from './ReviewActions.tsx';
import {
  assetQuery,
  countsQuery,
  decisionLabel,
  queueQuery,
  reviewKeys,
  roleLabel,
  statusQuery,
  tierLabel,
  when,
  type QueueFilter,
  type QueueItem,
  type ReviewRole,
} from './review-api.ts';
import { reviewRoute } from './routes.tsx';
import { SignOffSummary } from './SignOffSummary.tsx';
import styles from './Review.module.css';

const tiers = [undefined, 1, 2, 3] as const;
const roles: ReviewRole[] = ['reviewer', 'brand', 'legal', 'compliance'];

export default function ReviewPage() {
  const [filter, setFilter] = useState<QueueFilter>({});
  const selectedId = reviewRoute.useSearch().asset;
  const navigate = useNavigate();
  const [announcement, setAnnouncement] = useState('');
  const queue = useQuery(queueQuery(filter));
  const counts = useQuery(countsQuery);
  const help = useRef<HTMLDialogElement>(null);
  const items = queue.data?.items ?? [];
  // The selection follows the queue: when the selected asset leaves it (decided), the next one takes its place.
  const [lastIndex, setLastIndex] = useState(0);
  const index = items.findIndex((i) => i.assetId === selectedId);
  const current = index >= 0 ? items[index] : items[Math.min(lastIndex, items.length - 1)];
  const select = (item: QueueItem) => {
    void navigate({ to: '/review', search: { asset: item.assetId }, replace: true });
    setLastIndex(items.indexOf(item));
  };

  const move = (by: number) => {
    if (items.length === 0) return;
    const from = current ? items.indexOf(current) : -1;
    const next = items[Math.max(0, Math.min(items.length - 1, from + by))];
    if (next) select(next);
  };
  useShortcuts({ j: () => move(1), k: () => move(-1), '?': () => help.current?.showModal() });
  useEffect(() => {
    if (current) document.getElementById(`queue-${current.assetId}`)?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const byRole = counts.data?.byRole ?? {};
  const heldRoles = roles.filter((r) => byRole[r] !== undefined);
  return (
    <section className="stack">
      <div className="row">
        <h1 className={styles.title}>Review</h1>
        <button type="button" onClick={() => help.current?.showModal()} aria-keyshortcuts="?">
          Keyboard shortcuts <kbd className={styles.kbd}>?</kbd>
        </button>
      </div>
      <div className={styles.filters}>
        <div role="group" aria-label="Tier" className="row">
          {tiers.map((tier) => (
            <button
              key={tier ?? 'all'}
              type="button"
              aria-pressed={filter.tier === tier}
              onClick={() => setFilter({ ...filter, tier })}
            >
              {tier === undefined ? 'All tiers' : `Tier ${tier}`}
              {counts.data && (
                <span className={styles.count}>
                  {tier === undefined ? counts.data.total : counts.data.byTier[String(tier) as '1' | '2' | '3']}
                </span>
              )}
            </button>
          ))}
        </div>
        <label className="row">
          Sign-off
          <select
            value={filter.role ?? ''}
            onChange={(e) => setFilter({ ...filter, role: (e.target.value || undefined) as ReviewRole | undefined })}
          >
            <option value="">Any I can give</option>
            {heldRoles.map((r) => (
              <option key={r} value={r}>
                {roleLabel[r]} ({byRole[r]})
              </option>
            ))}
          </select>
        </label>
        <label className="row">
          Claims
          <select
            value={filter.claim ?? ''}
            onChange={(e) => setFilter({ ...filter, claim: (e.target.value || undefined) as QueueFilter['claim'] })}
          >
            <option value="">All</option>
            <option value="unclaimed">Unclaimed</option>
            <option value="mine">Claimed by me</option>
            <option value="claimed">Claimed</option>
          </select>
        </label>
      </div>
      {counts.isError && <ErrorMessage error={counts.error} onRetry={() => void counts.refetch()} />}
      <p role="status" className={styles.announce}>
        {announcement}
      </p>
      <QueryBoundary query={queue} loading="Loading the queue…">
        {(page) =>
          page.items.length === 0 ? (
            <p className="card">Nothing waits for your review here.</p>
          ) : (
            <div className={styles.layout}>
              <nav aria-label="Review queue" className={styles.queue}>
                <h2 className="visually-hidden">Queue ({page.items.length})</h2>
                <ol>
                  {page.items.map((item) => (
                    <li key={item.assetId}>
                      <QueueRow item={item} selected={item === current} onSelect={() => select(item)} />
                    </li>
                  ))}
                </ol>
                {page.nextCursor && <p className="muted small">Showing the oldest {page.items.length}.</p>}
              </nav>
              {current && <ReviewDetail key={current.assetId} item={current} onDecided={setAnnouncement} />}
            </div>
          )
        }
      </QueryBoundary>
      <dialog ref={help} aria-labelledby="review-shortcuts-title" className={styles.help}>
        <h2 id="review-shortcuts-title">Keyboard shortcuts</h2>
        <dl>
          <dt>
            <kbd className={styles.kbd}>j</kbd> / <kbd className={styles.kbd}>k</kbd>
          </dt>
          <dd>Next / previous asset in the queue</dd>
          <dt>
            <kbd className={styles.kbd}>a</kbd>
          </dt>
          <dd>Approve</dd>
          <dt>
            <kbd className={styles.kbd}>r</kbd>
          </dt>
          <dd>Reject (say why, then Enter)</dd>
          <dt>
            <kbd className={styles.kbd}>c</kbd>
          </dt>
          <dd>Request changes (say what, then Enter)</dd>
          <dt>
            <kbd className={styles.kbd}>?</kbd>
          </dt>
          <dd>This list</dd>
        </dl>
        <form method="dialog">
          <button type="submit" autoFocus>
            Close
          </button>
        </form>
      </dialog>
    </section>
  );
}

function QueueRow({ item, selected, onSelect }: { item: QueueItem; selected: boolean; onSelect: () => void }) {
  return (
    <button
      type="button"
      id={`queue-${item.assetId}`}
      className={styles.queueRow}
      aria-current={selected ? 'true' : undefined}
      onClick={onSelect}
    >
      <img
        className={styles.queueThumb}
        src={`/api/v1/assets/${encodeURIComponent(item.assetId)}/renditions/thumbnail`}
        alt=""
        loading="lazy"
      />
      <span className={styles.queueText}>
        <strong>{item.title}</strong>
        <span className="small">
          <span className={`badge ${item.tier === 3 ? 'fail' : item.tier === 2 ? 'warn' : ''}`}>Tier {item.tier}</span>{' '}
          {item.roles.map((r) => roleLabel[r]).join(', ')}
        </span>
        <span className="small muted">
          {item.claim ? `Claimed by ${item.claim.claimantUsername}` : 'Unclaimed'}
          {item.flags.includes('near-duplicate-of-approved') && ' · near-duplicate of an approved asset'}
          {item.flags.includes('family-candidates') && ' · has family candidates'}
        </span>
      </span>
    </button>
  );
}

function ReviewDetail({ item, onDecided }: { item: QueueItem; onDecided: (message: string) => void }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const status = useQuery(statusQuery(item.assetId));
  const asset = useQuery(assetQuery(item.assetId));
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: reviewKeys.all });
    void queryClient.invalidateQueries({ queryKey: ['asset', item.assetId] });
  };
  const claim = useMutation({
    mutationFn: async (take: boolean): Promise<void> => {
      const path = { id: item.assetId };
      if (take) await unwrap(api.POST('/api/v1/assets/{id}/review/claim', { params: { path } }));
      else await unwrap(api.DELETE('/api/v1/assets/{id}/review/claim', { params: { path } }));
    },
    onSettled: refresh,
  });
  const decide = useMutation({
    mutationFn: (input: DecisionInput) =>
      unwrap(
        api.POST('/api/v1/assets/{id}/review/decisions', {
          params: { path: { id: item.assetId } },
          body: { ...input, ...(status.data ? { version: status.data.version } : {}) },
        }),
      ),
    onSuccess: (outcome) => {
      const left = outcome.missing.map((r) => roleLabel[r]).join(' and ');
      onDecided(
        `${decisionLabel[outcome.signOff.decision]}: ${item.title}.` +
          (outcome.signOff.decision === 'approve' && left ? ` Still to approve: ${left}.` : ''),
      );
    },
    onSettled: refresh,
  });
  const heldClaim = status.data?.claim ?? item.claim;
  const mine = heldClaim?.claimantId === session.user.id;
  return (
    <article className={`card stack ${styles.detail}`} aria-labelledby="review-detail-title">
      <div className="row">
        <h2 id="review-detail-title" className={styles.title}>
          {item.title}
        </h2>
        <span className={`badge ${item.tier === 3 ? 'fail' : item.tier === 2 ? 'warn' : ''}`}>
          {tierLabel(item.tier)}
        </span>
        <Link to="/assets/$assetId" params={{ assetId: item.assetId }}>
          Open the asset page
        </Link>
      </div>
      <div className={styles.detailBody}>
        <img
          className={styles.preview}
          src={`/api/v1/assets/${encodeURIComponent(item.assetId)}/renditions/preview`}
          alt={`Preview of ${item.title}`}
        />
        <QueryBoundary query={asset} loading="Loading the asset…">
          {(a) => (
            <dl className={styles.facts}>
              <dt>Prompt</dt>
              <dd>{a.prompt ?? <span className="muted">none</span>}</dd>
              <dt>Tool</dt>
              <dd>{[a.tool, a.model ?? a.toolVersion].filter(Boolean).join(' · ') || '—'}</dd>
              <dt>Requested by</dt>
              <dd>{a.requestor?.name ?? '—'}</dd>
              <dt>Team</dt>
              <dd>{a.team?.name ?? '—'}</dd>
              <dt>Campaign</dt>
              <dd>{a.campaign?.name ?? '—'}</dd>
              <dt>Intended use</dt>
              <dd>{a.intendedUse ?? '—'}</dd>
              <dt>Rights</dt>
              <dd>{a.rightsStatus}</dd>
              <dt>Why this tier</dt>
              <dd>{a.riskRule ?? 'the policy’s default tier'}</dd>
              <dt>In review since</dt>
              <dd>
                <time dateTime={item.enteredReviewAt}>{when(item.enteredReviewAt)}</time>
              </dd>
            </dl>
          )}
        </QueryBoundary>
      </div>
      <div className="row">
        {heldClaim ? (
          <span>
            Claimed by <strong>{mine ? 'you' : heldClaim.claimantUsername}</strong> until{' '}
            <time dateTime={heldClaim.expiresAt}>{when(heldClaim.expiresAt)}</time>
          </span>
        ) : (
          <span className="muted">Nobody has claimed it.</span>
        )}
        {mine ? (
          <button type="button" onClick={() => claim.mutate(false)} disabled={claim.isPending}>
            Release
          </button>
        ) : (
          <button type="button" onClick={() => claim.mutate(true)} disabled={claim.isPending}>
            Claim
          </button>
        )}
      </div>
      {claim.error && <ErrorMessage error={claim.error} />}
      <section className="stack" aria-labelledby="review-summary-title">
        <h3 id="review-summary-title">Sign-offs</h3>
        <QueryBoundary query={status} loading="Loading the sign-offs…">
          {(s) => (
            <>
              <SignOffSummary status={s} />
              <h3>Your decision</h3>
              <ReviewActions
                canSignAs={s.canSignAs}
                onDecide={(input) => decide.mutate(input)}
                pending={decide.isPending}
                error={decide.error ?? undefined}
              />
            </>
          )}
        </QueryBoundary>
      </section>
      <FamilyCompare assetId={item.assetId} />
    </article>
  );
}
