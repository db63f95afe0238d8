/**
 * What a person may do to the asset's status from here: publish, unpublish, archive, unarchive, quarantine (with the
 * reason, which the audit keeps), release, resubmit, deprecate — the transitions the API takes by name. Offered from
 * the current status and when the session holds the permission somewhere; the server decides for the asset's team
 * and says why when it refuses (its message is shown as it is).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { can, useSession, type Permission, type Session } from '../../auth/session.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import type { Asset } from './asset-data.ts';

type TransitionName =
  paths['/api/v1/assets/{id}/transitions']['post']['requestBody']['content']['application/json']['name'];

interface Offer {
  name: TransitionName;
  label: string;
  /** Mirrors the server's workflow (src/domain/workflow.ts): where it starts and what it needs. */
  from: Asset['status'][];
  permission: Permission;
  /** Asks why (kept in the audit entry); required for a quarantine. */
  reason?: 'required' | 'optional';
  /** Asks "are you sure" first: it takes the asset out of use. */
  confirm?: string;
}

export const offers: Offer[] = [
  { name: 'publish', label: 'Publish', from: ['approved'], permission: 'asset:publish' },
  {
    name: 'unpublish',
    label: 'Unpublish',
    from: ['published'],
    permission: 'asset:publish',
    confirm: 'Withdraw it from publication? It stays approved.',
  },
  { name: 'resubmit', label: 'Resubmit for review', from: ['changes_requested'], permission: 'asset:edit' },
  { name: 'release', label: 'Release from quarantine', from: ['quarantined'], permission: 'asset:edit' },
  {
    name: 'archive',
    label: 'Archive',
    from: ['approved', 'published', 'rejected', 'deprecated'],
    permission: 'asset:archive',
    confirm: 'Archive it? It is retired and must be reviewed again before any new use.',
  },
  { name: 'unarchive', label: 'Unarchive', from: ['archived'], permission: 'asset:archive' },
  {
    name: 'quarantine',
    label: 'Quarantine…',
    from: [
      'draft',
      'enriching',
      'brand_check',
      'in_review',
      'approved',
      'changes_requested',
      'rejected',
      'published',
      'deprecated',
    ],
    permission: 'asset:quarantine',
    reason: 'required',
  },
  {
    name: 'deprecate',
    label: 'Deprecate…',
    from: ['draft', 'enriching', 'brand_check', 'in_review', 'approved', 'changes_requested', 'rejected'],
    permission: 'family:manage',
    reason: 'optional',
  },
];

/** The transitions offered for `status` to `session`. */
export const offersFor = (status: Asset['status'], session: Session): Offer[] =>
  offers.filter((o) => o.from.includes(status) && can(session, o.permission));

export function StatusActions({ asset }: { asset: Pick<Asset, 'id' | 'status'> }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const id = useId();
  const [asking, setAsking] = useState<Offer | undefined>();
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | undefined>();
  const transition = useMutation({
    mutationFn: (offer: Offer) =>
      unwrap(
        api.POST('/api/v1/assets/{id}/transitions', {
          params: { path: { id: asset.id } },
          body: { name: offer.name, ...(reason.trim() ? { reason: reason.trim() } : {}) },
        }),
      ),
    onSuccess: async (answer, offer) => {
      setAsking(undefined);
      setReason('');
      setDone(`${offer.label.replace('…', '')}: the asset is now ${answer.to.replace('_', ' ')}.`);
      await queryClient.invalidateQueries({ queryKey: ['asset', asset.id] });
    },
  });
  const available = offersFor(asset.status, session);
  if (available.length === 0 && !done) return null;
  const start = (offer: Offer) => {
    setDone(undefined);
    transition.reset();
    if (offer.reason) return setAsking(offer);
    if (offer.confirm && !window.confirm(offer.confirm)) return;
    transition.mutate(offer);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (asking) transition.mutate(asking);
  };
  return (
    <div className="stack" aria-label="Status actions" role="group">
      <div className="row">
        {available.map((offer) => (
          <button
            key={offer.name}
            type="button"
            className={offer.name === 'publish' ? 'primary' : offer.name === 'quarantine' ? 'danger' : undefined}
            disabled={transition.isPending}
            onClick={() => start(offer)}
          >
            {offer.label}
          </button>
        ))}
      </div>
      {asking && (
        <form onSubmit={submit} className="stack" aria-label={asking.label.replace('…', '')}>
          <label htmlFor={`${id}-reason`}>
            {asking.reason === 'required' ? 'Why? (required, kept in the audit trail)' : 'Why? (optional)'}
          </label>
          <textarea
            id={`${id}-reason`}
            value={reason}
            required={asking.reason === 'required'}
            maxLength={2000}
            onChange={(e) => setReason(e.target.value)}
          />
          <div className="row">
            <button type="submit" className="primary" disabled={transition.isPending}>
              {asking.label.replace('…', '')}
            </button>
            <button type="button" onClick={() => setAsking(undefined)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {transition.error && <ErrorMessage error={transition.error} />}
      {done && <p role="status">{done}</p>}
    </div>
  );
}
