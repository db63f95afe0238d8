/**
 * The assets held in quarantine, each with its reasons and the fields they name to fix: saving sends a PATCH, which
 * releases the asset when every reason is resolved (it goes on to enrichment and review) or says what still holds it.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, unwrap, type paths } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { QueryBoundary } from '../../ui/QueryBoundary.tsx';
import { IntakeFields, problemsByField } from './IntakeFields.tsx';
import { intakeFields, type Asset, type IntakeFieldName, type IntakeValues } from './intake-api.ts';
import styles from './Intake.module.css';

type Patch = NonNullable<paths['/api/v1/assets/{id}']['patch']['requestBody']>['content']['application/json'];
export const quarantinedKey = ['assets', 'quarantined'] as const;

export function QuarantineList() {
  const quarantined = useQuery({
    queryKey: quarantinedKey,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/assets', { params: { query: { status: 'quarantined', limit: 100 } }, signal })),
  });
  return (
    <section className="card stack" aria-labelledby="quarantined-title">
      <h2 id="quarantined-title">Quarantined</h2>
      <QueryBoundary query={quarantined} loading="Loading quarantined assets…">
        {({ items }) =>
          items.length === 0 ? (
            <p className="muted">Nothing is in quarantine.</p>
          ) : (
            <ul className={styles.quarantine}>
              {items.map((asset) => (
                <QuarantinedAsset key={asset.id} asset={asset} />
              ))}
            </ul>
          )
        }
      </QueryBoundary>
    </section>
  );
}

const fieldNames = new Set<string>(intakeFields.map((f) => f.name));

/** The PATCH body for the values typed (blank ones left out), with each field in the API's type. */
export function patchOf(values: IntakeValues): Patch {
  const patch: Patch = {};
  for (const [name, raw] of Object.entries(values) as [IntakeFieldName, string | undefined][]) {
    const value = raw?.trim();
    if (!value) continue;
    if (name === 'regulated') patch.regulated = value === 'true';
    else if (name === 'intendedUse') patch.intendedUse = value as NonNullable<Patch['intendedUse']>;
    else if (name === 'rightsStatus') patch.rightsStatus = value as NonNullable<Patch['rightsStatus']>;
    else if (name === 'audience') patch.audience = value as NonNullable<Patch['audience']>;
    else patch[name] = value;
  }
  return patch;
}

function QuarantinedAsset({ asset }: { asset: Asset }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<IntakeValues>({});
  const named = new Set(asset.quarantineReasons.flatMap((r) => (r.field && fieldNames.has(r.field) ? [r.field] : [])));
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.PATCH('/api/v1/assets/{id}', { params: { path: { id: asset.id } }, body: patchOf(values) })),
    onSuccess: (result) => {
      if (result.released) void queryClient.invalidateQueries({ queryKey: quarantinedKey });
      else queryClient.setQueryData(['asset', asset.id], result.asset);
      void queryClient.invalidateQueries({ queryKey: ['asset', asset.id] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const reasons = save.data && !save.data.released ? (save.data.remainingReasons ?? []) : asset.quarantineReasons;
  const problems = save.error instanceof ApiError ? problemsByField(save.error.problems) : undefined;
  return (
    <li className="stack" aria-labelledby={`q-${asset.id}`}>
      <h3 id={`q-${asset.id}`} className={styles.quarantineTitle}>
        <Link to="/assets/$assetId" params={{ assetId: asset.id }}>
          {asset.title}
        </Link>
      </h3>
      <ul className={styles.reasons} aria-label={`Why ${asset.title} is quarantined`}>
        {reasons.map((r, i) => (
          <li key={`${r.code}-${r.field ?? i}`}>
            {r.field && <code>{r.field}</code>} {r.message}
          </li>
        ))}
      </ul>
      {named.size > 0 ? (
        <form onSubmit={submit} className="stack" aria-label={`Fix ${asset.title}`}>
          <IntakeFields
            only={named}
            values={values}
            onChange={(name, value) => setValues({ ...values, [name]: value })}
            problems={problems}
          />
          {save.error !== null && !(problems && problems.size > 0) && <ErrorMessage error={save.error} />}
          <div>
            <button type="submit" className="primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save and release'}
            </button>
          </div>
        </form>
      ) : (
        <p className="muted small">These reasons are not fields to fill: someone allowed to release it does so.</p>
      )}
      {save.data && !save.data.released && (
        <p role="status">Saved. Still held: {save.data.remainingReasons?.map((r) => r.field ?? r.code).join(', ')}</p>
      )}
    </li>
  );
}
