/**
 * Export one version for a channel (mounted by the asset page in its dialog): a preset, the channel and region, then
 * the file — the server checks the use first, and a refusal (403 USAGE_DENIED) is shown with every reason instead of
 * a download. The Schema.org JSON-LD the file carries is a link away.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError, networkError, type ErrorBody } from '../../api/errors.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { isRegionCode, regionName } from './rights.ts';
import { channelsQuery, presetsQuery, type UsageDecision } from './sharing-api.ts';
import { UsageDecisionView } from './UsageCheck.tsx';

/** Contract for the asset page (screens/asset). */
export interface ExportDialogProps {
  assetId: string;
  /** The asset's current version. */
  version: number;
  /** For a dialog: closes it. */
  onClose?: () => void;
}

/** The file name the server gave (Content-Disposition), or a plain one. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition ?? '');
  return plain?.[1] ?? fallback;
}

/** The usage decision a USAGE_DENIED answer carries, when it has one. */
export function deniedDecision(error: unknown): UsageDecision | undefined {
  if (!(error instanceof ApiError) || error.code !== 'USAGE_DENIED') return undefined;
  const decision = error.details.decision;
  if (typeof decision !== 'object' || decision === null) return undefined;
  if (!('allowed' in decision) || !('reasons' in decision) || !Array.isArray(decision.reasons)) return undefined;
  return decision as UsageDecision;
}

export function ExportDialog({ assetId, version, onClose }: ExportDialogProps) {
  const ids = { preset: useId(), channel: useId(), region: useId() };
  const presets = useQuery(presetsQuery);
  const channels = useQuery(channelsQuery);
  const [preset, setPreset] = useState('');
  const [channel, setChannel] = useState('');
  const [region, setRegion] = useState('');
  const [downloaded, setDownloaded] = useState<{ name: string; url: string }>();
  useEffect(() => () => (downloaded ? URL.revokeObjectURL(downloaded.url) : undefined), [downloaded]);
  const chosenPreset = preset || presets.data?.items[0]?.name || '';
  const chosenChannel = channel || channels.data?.items[0]?.name || '';
  const code = region.trim().toUpperCase();
  const regionProblem = code && !isRegionCode(code) ? `${code} is not an ISO 3166-1 country code (e.g. DE)` : undefined;
  const query = new URLSearchParams({
    preset: chosenPreset,
    channel: chosenChannel,
    version: String(version),
    ...(code ? { region: code } : {}),
  });
  const exportUrl = `/api/v1/assets/${encodeURIComponent(assetId)}/export?${query.toString()}`;
  const jsonLdUrl = `/api/v1/assets/${encodeURIComponent(assetId)}/jsonld?version=${version}`;

  const run = useMutation({
    mutationFn: async () => {
      let response: Response;
      try {
        response = await fetch(exportUrl, { credentials: 'same-origin' });
      } catch (error) {
        throw networkError(error);
      }
      if (!response.ok) {
        const body: unknown = await response.json().catch(() => undefined);
        throw ApiError.from(response.status, body as ErrorBody | undefined);
      }
      const name = fileNameOf(response.headers.get('content-disposition'), `${assetId}-${chosenPreset}`);
      return { name, url: URL.createObjectURL(await response.blob()) };
    },
    onSuccess: (file) => {
      setDownloaded(file);
      // Hand the file to the browser's downloads at once; the link stays for a second try.
      const anchor = document.createElement('a');
      anchor.href = file.url;
      anchor.download = file.name;
      anchor.click();
    },
  });
  const denied = deniedDecision(run.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!regionProblem && chosenPreset && chosenChannel) run.mutate();
  };

  return (
    <form className="stack" onSubmit={submit} aria-label="Export" noValidate>
      <div className="field">
        <label htmlFor={ids.preset}>Preset</label>
        <select id={ids.preset} value={chosenPreset} onChange={(e) => setPreset(e.target.value)}>
          {presets.data?.items.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
              {p.description ? ` — ${p.description}` : ` — ${p.format}${p.width ? `, ${p.width} px` : ''}`}
            </option>
          ))}
        </select>
        {presets.isError && <ErrorMessage error={presets.error} onRetry={() => void presets.refetch()} />}
      </div>
      <div className="field">
        <label htmlFor={ids.channel}>Channel</label>
        <select id={ids.channel} value={chosenChannel} onChange={(e) => setChannel(e.target.value)}>
          {channels.data?.items.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
        {channels.isError && <ErrorMessage error={channels.error} onRetry={() => void channels.refetch()} />}
      </div>
      <div className="field">
        <label htmlFor={ids.region}>Region (ISO code, optional)</label>
        <input
          id={ids.region}
          value={region}
          maxLength={2}
          aria-invalid={regionProblem ? true : undefined}
          aria-describedby={`${ids.region}-hint`}
          onChange={(e) => setRegion(e.target.value)}
        />
        <small id={`${ids.region}-hint`} className={regionProblem ? 'problem' : 'muted'}>
          {regionProblem ?? (code ? regionName(code) : 'Where the file will be used.')}
        </small>
      </div>
      {denied ? (
        <div role="alert" className="stack">
          <p>
            <strong>This export is refused</strong>: the usage check does not allow it.
          </p>
          <UsageDecisionView decision={denied} />
        </div>
      ) : (
        run.error && <ErrorMessage title="Not exported" error={run.error} />
      )}
      {downloaded && !run.error && (
        <p role="status">
          Exported:{' '}
          <a href={downloaded.url} download={downloaded.name}>
            {downloaded.name}
          </a>
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={run.isPending || !chosenPreset || !chosenChannel}>
          {run.isPending ? 'Exporting…' : 'Export'}
        </button>
        <a className="button" href={jsonLdUrl} target="_blank" rel="noreferrer">
          JSON-LD
        </a>
        {onClose && (
          <button type="button" onClick={onClose}>
            Close
          </button>
        )}
      </div>
    </form>
  );
}
