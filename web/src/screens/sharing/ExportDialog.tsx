/**
 * Export one version for a channel (mounted by the asset page in its dialog): a preset, the channel and region, then
 * the file — the server checks the use first, and a refusal (403 USAGE_DENIED) is shown with every reason instead of
 * a download. The Schema.org JSON-LD the file carries is a link away.
 */
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, networkError, type ErrorBody } from '../../api/errors.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { DeliveryFields, useDeliveryChoice } from './DeliveryFields.tsx';
import type { UsageDecision } from './sharing-api.ts';
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
  const delivery = useDeliveryChoice({ originalAllowed: false });
  const { preset, channel, region, regionProblem } = delivery.choice;
  const [downloaded, setDownloaded] = useState<{ name: string; url: string }>();
  useEffect(() => () => (downloaded ? URL.revokeObjectURL(downloaded.url) : undefined), [downloaded]);
  const query = new URLSearchParams({
    preset,
    channel,
    version: String(version),
    ...(region ? { region } : {}),
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
      const name = fileNameOf(response.headers.get('content-disposition'), `${assetId}-${preset}`);
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
    if (!regionProblem && preset && channel) run.mutate();
  };

  return (
    <form className="stack" onSubmit={submit} aria-label="Export" noValidate>
      <DeliveryFields delivery={delivery} presetLabel="Preset" regionHint="Where the file will be used." />
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
        <button type="submit" className="primary" disabled={run.isPending || !preset || !channel}>
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
