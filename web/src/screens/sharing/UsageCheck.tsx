/**
 * The usage check: may this version be used on a channel, in a region, on a day, as a derivative? The answer in words
 * with every reason (refusals first, then warnings), the same check that gates every download.
 */
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { isRegionCode, regionName } from './rights.ts';
import type { UsageDecision } from './sharing-api.ts';
import styles from './Sharing.module.css';

const today = () => new Date().toISOString().slice(0, 10);

export function UsageCheck({ assetId, version, channels }: { assetId: string; version: number; channels: string[] }) {
  const ids = { channel: useId(), region: useId(), day: useId() };
  const [channel, setChannel] = useState('');
  const [region, setRegion] = useState('');
  const [day, setDay] = useState(today);
  const [derivative, setDerivative] = useState(false);
  const chosen = channel || channels[0] || '';
  const code = region.trim().toUpperCase();
  const regionProblem = code && !isRegionCode(code) ? `${code} is not an ISO 3166-1 country code (e.g. DE)` : undefined;
  const check = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/usage-checks', {
          body: {
            assetId,
            version,
            channel: chosen,
            ...(code ? { region: code } : {}),
            ...(day ? { at: day } : {}),
            derivative,
          },
        }),
      ),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!regionProblem && chosen) check.mutate();
  };
  return (
    <section className="stack" aria-labelledby={`${ids.channel}-title`}>
      <h3 id={`${ids.channel}-title`}>Check a use</h3>
      <form className={styles.usageForm} onSubmit={submit} aria-label="Usage check">
        <div className="field">
          <label htmlFor={ids.channel}>Channel</label>
          <select id={ids.channel} value={chosen} onChange={(e) => setChannel(e.target.value)}>
            {channels.length === 0 && <option value="">No channels</option>}
            {channels.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.region}>Region (ISO code)</label>
          <input
            id={ids.region}
            value={region}
            maxLength={2}
            aria-invalid={regionProblem ? true : undefined}
            aria-describedby={`${ids.region}-hint`}
            onChange={(e) => setRegion(e.target.value)}
          />
          <small id={`${ids.region}-hint`} className={regionProblem ? 'problem' : 'muted'}>
            {regionProblem ?? (code ? regionName(code) : 'Empty: any region.')}
          </small>
        </div>
        <div className="field">
          <label htmlFor={ids.day}>On</label>
          <input id={ids.day} type="date" value={day} onChange={(e) => setDay(e.target.value)} />
        </div>
        <label className="row">
          <input type="checkbox" checked={derivative} onChange={(e) => setDerivative(e.target.checked)} />
          As a derivative
        </label>
        <div>
          <button type="submit" disabled={check.isPending || !chosen}>
            Check
          </button>
        </div>
      </form>
      {check.error && <ErrorMessage error={check.error} />}
      {check.data && <UsageDecisionView decision={check.data} />}
    </section>
  );
}

const reasonLabel = { deny: 'Refused', warn: 'Warning' } as const;

/** A decision in words: allowed or not, for what, and every reason. */
export function UsageDecisionView({ decision }: { decision: UsageDecision }) {
  const what = [
    `version ${decision.version}`,
    `on ${decision.channel}`,
    decision.region ? `in ${regionName(decision.region)} (${decision.region})` : 'in any region',
    `on ${decision.at.slice(0, 10)}`,
    decision.derivative ? 'as a derivative' : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <div role="status" className={`card stack ${decision.allowed ? styles.allowed : styles.denied}`}>
      <p>
        <strong>{decision.allowed ? '✓ Allowed' : '✗ Not allowed'}</strong>: {what}.
      </p>
      {decision.reasons.length === 0 ? (
        <p className="muted small">No reason against it.</p>
      ) : (
        <ul className={styles.reasons}>
          {decision.reasons.map((reason, i) => (
            <li key={`${reason.code}-${i}`}>
              <span className={`badge ${reason.verdict === 'deny' ? 'fail' : 'warn'}`}>
                {reasonLabel[reason.verdict]}
              </span>{' '}
              {reason.message} <span className="muted small">({reason.code.replaceAll('_', ' ')})</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
