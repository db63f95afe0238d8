/** Every revision of the rights record, newest first, with who set it and which fields it changed. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { QueryBoundary } from '../../ui/QueryBoundary.tsx';
import { draftOf } from './rights.ts';
import { rightsKeys, type Rights } from './sharing-api.ts';

/** The top-level fields whose values differ between two records. */
export function changedFields(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined) {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys].filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k])).sort();
}

export function RightsHistory({ assetId }: { assetId: string }) {
  const [open, setOpen] = useState(false);
  const history = useQuery({
    queryKey: rightsKeys.history(assetId),
    queryFn: () => unwrap(api.GET('/api/v1/assets/{id}/rights/history', { params: { path: { id: assetId } } })),
    enabled: open,
  });
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Rights history</summary>
      {open && (
        <QueryBoundary query={history} loading="Loading the history…">
          {({ items }) =>
            items.length === 0 ? (
              <p className="muted small">Never set.</p>
            ) : (
              <ol className="small">
                {items.map((rev: Rights, i) => {
                  const older = items[i + 1];
                  const fields = changedFields(older?.record, rev.record);
                  return (
                    <li key={rev.revision}>
                      Revision {rev.revision}: {draftOf(rev.record).status}
                      {rev.setBy && ` by ${rev.setBy}`}
                      {rev.setAt && ` on ${rev.setAt.slice(0, 16).replace('T', ' ')}`}
                      {older ? ` — changed ${fields.join(', ') || 'nothing'}` : ' — first record'}
                    </li>
                  );
                })}
              </ol>
            )
          }
        </QueryBoundary>
      )}
    </details>
  );
}
