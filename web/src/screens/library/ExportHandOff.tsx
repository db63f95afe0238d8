/**
 * The hand-off of selected results to an export: a dialog asking the rendition preset and the channel, then one
 * POST /api/v1/exports of the ids (the server streams a zip; the rights and approval checks are its own) saved as
 * a download. Refusals come back as the server says them.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, unwrap, writeHeaders } from '../../api/client.ts';
import { ApiError, networkError, type ErrorBody } from '../../api/errors.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { QueryBoundary } from '../../ui/QueryBoundary.tsx';

/** The API's most ids in one export. */
const maxIds = 10_000;

export function ExportHandOff({ assetIds, onClose }: { assetIds: readonly string[]; onClose: () => void }) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const options = useQuery({
    queryKey: ['exports', 'options'],
    queryFn: async () => {
      const [presets, channels] = await Promise.all([
        unwrap(api.GET('/api/v1/presets')),
        unwrap(api.GET('/api/v1/channels')),
      ]);
      return { presets: presets.items, channels: channels.items };
    },
  });
  const [preset, setPreset] = useState('');
  const [channel, setChannel] = useState('');
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const run = useMutation({
    mutationFn: async () => {
      let response: Response;
      try {
        response = await fetch('/api/v1/exports', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...writeHeaders() },
          body: JSON.stringify({ assetIds: assetIds.slice(0, maxIds), preset, channel }),
        });
      } catch (error) {
        throw networkError(error);
      }
      if (!response.ok) {
        const body = (await response.json().catch(() => undefined)) as ErrorBody | undefined;
        throw ApiError.from(response.status, body);
      }
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `provena-export-${new Date().toISOString().slice(0, 10)}.zip`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    run.mutate();
  };
  return (
    <dialog ref={dialog} aria-labelledby={`${id}-title`} onClose={onClose}>
      <h2 id={`${id}-title`}>Export {assetIds.length.toLocaleString()} assets</h2>
      {assetIds.length > maxIds && (
        <p className="problem">One export takes at most {maxIds.toLocaleString()} assets: the first are exported.</p>
      )}
      <QueryBoundary query={options} loading="Loading presets…">
        {({ presets, channels }) => (
          <form className="stack" onSubmit={submit}>
            <div className="field">
              <label htmlFor={`${id}-preset`}>Preset</label>
              <select id={`${id}-preset`} value={preset} onChange={(e) => setPreset(e.target.value)} required>
                <option value="">Choose…</option>
                {presets.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name}
                    {p.description ? ` — ${p.description}` : ''}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-channel`}>Channel</label>
              <select id={`${id}-channel`} value={channel} onChange={(e) => setChannel(e.target.value)} required>
                <option value="">Choose…</option>
                {channels.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
            {run.error && <ErrorMessage error={run.error} />}
            {run.isSuccess && <p role="status">The export was downloaded.</p>}
            <div className="row">
              <button type="submit" className="primary" disabled={run.isPending}>
                {run.isPending ? 'Exporting…' : 'Export as zip'}
              </button>
              <button type="button" onClick={() => dialog.current?.close()}>
                Close
              </button>
            </div>
          </form>
        )}
      </QueryBoundary>
    </dialog>
  );
}
