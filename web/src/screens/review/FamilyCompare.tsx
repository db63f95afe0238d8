/**
 * The asset beside the other members of its variant family (canonical first), to compare them side by side, and the
 * bulk review of a confirmed family: approve the canonical as the caller's sign-off and deprecate the rest, with the
 * outcome of each member listed.
 */
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { assetQuery, familiesQuery, reviewKeys, type Family } from './review-api.ts';
import styles from './Review.module.css';

const shown = 4;

export function FamilyCompare({ assetId }: { assetId: string }) {
  const families = useQuery(familiesQuery);
  if (families.isError) return <ErrorMessage error={families.error} onRetry={() => void families.refetch()} />;
  const family = families.data?.items.find((f) => f.members.some((m) => m.assetId === assetId));
  if (!family) return null;
  return <FamilyPanel family={family} assetId={assetId} />;
}

function FamilyPanel({ family, assetId }: { family: Family; assetId: string }) {
  const headingId = useId();
  const members = [...family.members].sort(
    (a, b) => Number(b.assetId === family.canonicalAssetId) - Number(a.assetId === family.canonicalAssetId),
  );
  const assets = useQueries({ queries: members.slice(0, shown).map((m) => assetQuery(m.assetId)) });
  return (
    <section className="card stack" aria-labelledby={headingId}>
      <h3 id={headingId}>
        Variant family{' '}
        <span className="muted small">
          ({family.state}, {family.members.length} members)
        </span>
      </h3>
      <ul className={styles.compare}>
        {members.slice(0, shown).map((member, i) => {
          const asset = assets[i]?.data;
          const title = asset?.title ?? member.assetId;
          return (
            <li key={member.assetId} aria-current={member.assetId === assetId ? 'true' : undefined}>
              <img
                className={styles.compareImage}
                src={`/api/v1/assets/${encodeURIComponent(member.assetId)}/renditions/preview`}
                alt={title}
                loading="lazy"
              />
              <span>
                {member.assetId === family.canonicalAssetId && <span className="badge ok">Canonical</span>}{' '}
                {member.assetId === assetId && <span className="badge">This asset</span>}
              </span>
              <Link to="/assets/$assetId" params={{ assetId: member.assetId }}>
                {title}
              </Link>
              {asset && <span className="muted small">{asset.status.replace('_', ' ')}</span>}
            </li>
          );
        })}
      </ul>
      {family.members.length > shown && (
        <p className="muted small">and {family.members.length - shown} more on the asset page.</p>
      )}
      {family.state === 'confirmed' ? (
        <FamilyReviewForm familyId={family.id} />
      ) : (
        <p className="muted small">A suggested family: confirm it on the asset page to review it as one.</p>
      )}
    </section>
  );
}

function FamilyReviewForm({ familyId }: { familyId: string }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const id = useId();
  const review = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/families/{id}/review', {
          params: { path: { id: familyId } },
          body: reason.trim() ? { reason: reason.trim() } : {},
        }),
      ),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: reviewKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['asset'] });
    },
  });
  return (
    <div className="stack">
      <div className="field">
        <label htmlFor={`${id}-reason`}>Note for the family review (optional)</label>
        <input id={`${id}-reason`} value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
      </div>
      <div>
        <button type="button" onClick={() => review.mutate()} disabled={review.isPending}>
          {review.isPending ? 'Reviewing the family…' : 'Approve the canonical and deprecate the rest'}
        </button>
      </div>
      {review.error && <ErrorMessage error={review.error} />}
      {review.data && (
        <table>
          <caption>Family review, member by member</caption>
          <thead>
            <tr>
              <th scope="col">Asset</th>
              <th scope="col">Role</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {review.data.items.map((item) => (
              <tr key={item.assetId}>
                <td>
                  <Link to="/assets/$assetId" params={{ assetId: item.assetId }}>
                    {item.assetId.slice(0, 8)}
                  </Link>
                </td>
                <td>{item.role}</td>
                <td>
                  <span
                    className={`badge ${item.outcome === 'failed' ? 'fail' : item.outcome === 'skipped' ? 'warn' : 'ok'}`}
                  >
                    {item.outcome}
                  </span>
                  {item.missing && item.missing.length > 0 && <> · still to approve: {item.missing.join(', ')}</>}
                  {item.reason && <> · {item.reason}</>}
                  {item.error && <> · {item.error.message}</>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
