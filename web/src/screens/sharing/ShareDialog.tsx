/**
 * Share an asset (mounted by the asset page in its dialog): the rendition preset, the channel and region it is for,
 * when it expires, an optional password and watermark; the link is shown once, with a copy button — only its digest
 * is kept. Every hit is checked against the rights at that moment, so a link refuses once the rights stop allowing it.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { DeliveryFields, useDeliveryChoice } from './DeliveryFields.tsx';
import { regionName } from './rights.ts';
import styles from './Sharing.module.css';

/** Contract for the asset page (screens/asset). */
export interface ShareDialogProps {
  assetId: string;
  /** The asset's current version. */
  version: number;
  /** For a dialog: closes it. */
  onClose?: () => void;
}

const expiries = [
  { value: '1d', label: '1 day' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
  { value: '90d', label: '90 days' },
  { value: 'date', label: 'At the end of a day…' },
] as const;

export function ShareDialog({ assetId, onClose }: ShareDialogProps) {
  const queryClient = useQueryClient();
  const ids = {
    expires: useId(),
    password: useId(),
    watermark: useId(),
  };
  const delivery = useDeliveryChoice({ originalAllowed: true });
  const { preset, channel, region } = delivery.choice;
  const [expires, setExpires] = useState('7d');
  const [expiryDay, setExpiryDay] = useState('');
  const [password, setPassword] = useState('');
  const [watermark, setWatermark] = useState(false);
  const [watermarkText, setWatermarkText] = useState('');
  const [copied, setCopied] = useState<boolean>();
  const problems = {
    region: delivery.choice.regionProblem,
    password: password && password.length < 8 ? 'at least 8 characters, or none' : undefined,
    expiryDay: expires === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(expiryDay) ? 'choose the last day' : undefined,
  };
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/share-links', {
          body: {
            assetId,
            expires: expires === 'date' ? `${expiryDay}T23:59:59Z` : expires,
            channel,
            ...(region ? { region } : {}),
            ...(preset ? { preset } : {}),
            ...(password ? { password } : {}),
            ...(watermark ? { watermark: watermarkText.trim() || true } : {}),
          },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['share-links'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!problems.region && !problems.password && !problems.expiryDay) create.mutate();
  };
  const fieldProblem = (field: string) =>
    create.error instanceof ApiError ? create.error.problems.filter((p) => p.field === field) : [];

  if (create.data) {
    const { link, url } = create.data;
    const absolute = new URL(url, window.location.origin).href;
    return (
      <div className="stack" role="status">
        <p>
          <strong>Link made.</strong> Copy it now: it is shown this once (only its digest is kept).
        </p>
        <div className={styles.secret}>
          <code aria-label="The link to hand out">{absolute}</code>
          <button
            type="button"
            onClick={() =>
              navigator.clipboard.writeText(absolute).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            Copy link
          </button>
        </div>
        {copied === true && <p className="small">Copied to the clipboard.</p>}
        {copied === false && (
          <p className="small problem">The browser refused the clipboard: select the link and copy it.</p>
        )}
        <p className="muted small">
          For {link.channel}
          {link.region && ` in ${regionName(link.region)}`}, {link.preset ? `as ${link.preset}` : 'the original file'},
          until {link.expiresAt.slice(0, 16).replace('T', ' ')} UTC
          {link.passwordProtected && ', password protected'}
          {link.watermark && `, watermarked “${link.watermark}”`}.
        </p>
        {onClose && (
          <div>
            <button type="button" onClick={onClose}>
              Done
            </button>
          </div>
        )}
      </div>
    );
  }

  return (
    <form className="stack" onSubmit={submit} aria-label="Share link" noValidate>
      <DeliveryFields
        delivery={delivery}
        presetLabel="Rendition"
        regionHint="Where the link will be used; empty: anywhere allowed."
      />
      <div className="field">
        <label htmlFor={ids.expires}>Expires in</label>
        <select id={ids.expires} value={expires} onChange={(e) => setExpires(e.target.value)}>
          {expiries.map((x) => (
            <option key={x.value} value={x.value}>
              {x.label}
            </option>
          ))}
        </select>
      </div>
      {expires === 'date' && (
        <div className="field">
          <label htmlFor={`${ids.expires}-day`}>Last day (UTC)</label>
          <input
            id={`${ids.expires}-day`}
            type="date"
            value={expiryDay}
            aria-invalid={problems.expiryDay || fieldProblem('expires').length > 0 ? true : undefined}
            aria-describedby={`${ids.expires}-day-hint`}
            onChange={(e) => setExpiryDay(e.target.value)}
          />
          <small id={`${ids.expires}-day-hint`} className={problems.expiryDay ? 'problem' : 'muted'}>
            {problems.expiryDay ??
              (fieldProblem('expires')
                .map((p) => p.problem)
                .join('; ') ||
                'The link works until the end of this day.')}
          </small>
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.password}>Password (optional)</label>
        <input
          id={ids.password}
          type="password"
          autoComplete="new-password"
          value={password}
          aria-invalid={problems.password || fieldProblem('password').length > 0 ? true : undefined}
          aria-describedby={`${ids.password}-hint`}
          onChange={(e) => setPassword(e.target.value)}
        />
        <small id={`${ids.password}-hint`} className={problems.password ? 'problem' : 'muted'}>
          {problems.password ?? 'At least 8 characters; whoever opens the link is asked for it.'}
        </small>
      </div>
      <label className="row">
        <input type="checkbox" checked={watermark} onChange={(e) => setWatermark(e.target.checked)} />
        Watermark downloaded images
      </label>
      {watermark && (
        <div className="field">
          <label htmlFor={ids.watermark}>Watermark text (optional)</label>
          <input id={ids.watermark} value={watermarkText} onChange={(e) => setWatermarkText(e.target.value)} />
        </div>
      )}
      {create.error && <ErrorMessage title="No link made" error={create.error} />}
      <div className="row">
        <button type="submit" className="primary" disabled={create.isPending || !channel}>
          Make link
        </button>
        {onClose && (
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
