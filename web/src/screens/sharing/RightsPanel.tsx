/**
 * An asset's rights (mounted by the asset page): the record in words, the form that sets it as a new revision (checked
 * before sending with the server's rules; a record changed meanwhile is a CONFLICT said as "someone changed it:
 * reload"), its history, and the usage check — may it be used on this channel, in this region, on this day, as a
 * derivative — answered with every reason.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { can, useSession } from '../../auth/session.ts';
import { QueryBoundary } from '../../ui/QueryBoundary.tsx';
import { RightsForm } from './RightsForm.tsx';
import { RightsHistory } from './RightsHistory.tsx';
import { draftOf, regionList, regionName } from './rights.ts';
import { channelsQuery, rightsQuery, type Rights } from './sharing-api.ts';
import { UsageCheck } from './UsageCheck.tsx';
import styles from './Sharing.module.css';

/** Contract for the asset page (screens/asset). */
export interface RightsPanelProps {
  assetId: string;
  /** The asset's current version. */
  version: number;
  /** For a dialog: closes it. */
  onClose?: () => void;
}

export function RightsPanel({ assetId, version }: RightsPanelProps) {
  const session = useSession();
  const rights = useQuery(rightsQuery(assetId));
  const channels = useQuery(channelsQuery);
  const [editing, setEditing] = useState(false);
  const channelNames = channels.data?.items.map((c) => c.name) ?? [];
  return (
    <div className="stack">
      <QueryBoundary query={rights} loading="Loading rights…">
        {(current) =>
          editing ? (
            <RightsForm assetId={assetId} current={current} channels={channelNames} onDone={() => setEditing(false)} />
          ) : (
            <>
              <RightsSummary rights={current} />
              {can(session, 'rights:edit') && (
                <div>
                  <button type="button" onClick={() => setEditing(true)}>
                    {current.record ? 'Edit rights' : 'Set rights'}
                  </button>
                </div>
              )}
            </>
          )
        }
      </QueryBoundary>
      <UsageCheck assetId={assetId} version={version} channels={channelNames} />
      <RightsHistory assetId={assetId} />
    </div>
  );
}

const statusBadge: Record<string, string> = {
  cleared: 'ok',
  pending: 'warn',
  restricted: 'warn',
  expired: 'fail',
  unknown: 'warn',
};

export function RightsSummary({ rights }: { rights: Rights }) {
  if (!rights.record) return <p className="muted">No rights record yet: every download is refused until one is set.</p>;
  const d = draftOf(rights.record);
  const regions = (text: string) =>
    regionList(text)
      .map((c) => `${regionName(c)} (${c})`)
      .join(', ');
  const rows: [string, string][] = [
    ['Licence', [d.licence, d.licensor && `from ${d.licensor}`].filter(Boolean).join(' ') || '—'],
    [
      'Valid',
      `${d.validFrom ? `from ${d.validFrom}` : 'from any day'}, ${d.expiresAt ? `until ${d.expiresAt}` : 'no expiry'}`,
    ],
    ['Review by', d.reviewDate || '—'],
    ['Channels', d.approvedChannels.join(', ') || 'none approved'],
    ['Regions allowed', regions(d.regionsAllowed) || 'everywhere not denied'],
    ['Regions denied', regions(d.regionsDenied) || 'none'],
    ['Derivatives', d.derivativesAllowed ? 'allowed' : 'not allowed'],
    ['Credit', d.creditLine || '—'],
    [
      'Third-party inputs',
      d.thirdPartyInputs.length === 0
        ? 'none recorded'
        : d.thirdPartyInputs
            .map((input) => `${input.title} (${input.kind}${input.reference ? `: ${input.reference}` : ''})`)
            .join('; '),
    ],
    [
      'Model release',
      d.releaseRequired ? (d.releaseObtained ? 'required, obtained' : 'required, missing') : 'not required',
    ],
    ['AI origin', `${d.involvement}; registrable: ${d.registrable}`],
    [
      'EU AI Act',
      [
        d.machineReadableMark ? 'machine-readable mark' : 'no machine-readable mark',
        d.visibleLabelRequired ? (d.visibleLabelApplied ? 'visible label applied' : 'visible label missing') : '',
      ]
        .filter(Boolean)
        .join(', '),
    ],
  ];
  return (
    <div className="stack">
      <p>
        <span className={`badge ${statusBadge[d.status] ?? ''}`}>Rights: {d.status}</span>{' '}
        <span className="muted small">
          revision {rights.revision}
          {rights.setBy && ` · set by ${rights.setBy}`}
          {rights.setAt && ` on ${rights.setAt.slice(0, 10)}`}
        </span>
      </p>
      <dl className={styles.facts}>
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
