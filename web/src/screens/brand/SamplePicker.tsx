/** Picks the sample picture for the previews: a file from this computer, or an asset of the library. */
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { messageOf } from '../../api/errors.ts';
import { loadSample, type Sample } from './sample.ts';
import styles from './Brand.module.css';

export function SamplePicker({ sample, onSample }: { sample: Sample | undefined; onSample: (s: Sample) => void }) {
  const fileId = useId();
  const assetId = useId();
  const [problem, setProblem] = useState<string>();
  const assets = useQuery({
    queryKey: ['assets', 'sample-choices'],
    queryFn: () => unwrap(api.GET('/api/v1/assets', { params: { query: { limit: 24 } } })),
  });

  const use = async (url: string, label: string) => {
    setProblem(undefined);
    try {
      onSample(await loadSample(url, label));
    } catch (error) {
      setProblem(`${label} could not be read as a picture: ${messageOf(error)}`);
    }
  };

  return (
    <div className={styles.samplePicker}>
      <div className="field">
        <label htmlFor={fileId}>Sample picture from this computer</label>
        <input
          id={fileId}
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            // The previous file's URL is let go; this one stays while the page shows it (saving keeps the sample).
            if (sample?.url.startsWith('blob:')) URL.revokeObjectURL(sample.url);
            void use(URL.createObjectURL(file), file.name);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={assetId}>or an asset of the library</label>
        <select
          id={assetId}
          value=""
          disabled={!assets.data || assets.data.items.length === 0}
          onChange={(e) => {
            const asset = assets.data?.items.find((a) => a.id === e.target.value);
            if (asset)
              void use(`/api/v1/assets/${encodeURIComponent(asset.id)}/renditions/thumbnail`, asset.title || asset.id);
          }}
        >
          <option value="">
            {assets.isPending ? 'Loading assets…' : assets.isError ? 'Assets could not be loaded' : 'Choose an asset'}
          </option>
          {assets.data?.items.map((a) => (
            <option key={a.id} value={a.id}>
              {a.title || a.id}
            </option>
          ))}
        </select>
      </div>
      <p className="muted small" aria-live="polite">
        {sample ? `Sample: ${sample.label}` : 'No sample yet: pick one to preview the palette and draw logo zones on.'}
      </p>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
    </div>
  );
}
