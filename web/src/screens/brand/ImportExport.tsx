/** The guideline as a document: exported as JSON or YAML (a download), imported from a file as the next version. */
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { importGuideline, type BrandSummary, type Imported } from './brand-api.ts';

export function ImportExport({
  brand,
  mayEdit,
  onImported,
}: {
  brand: BrandSummary;
  mayEdit: boolean;
  onImported: (imported: Imported) => Promise<void>;
}) {
  const fileId = useId();
  const [file, setFile] = useState<File>();
  const imported = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error('Choose a JSON or YAML file first.');
      const text = await file.text();
      const format = /\.ya?ml$/i.test(file.name) || !/^\s*[[{]/.test(text) ? 'yaml' : 'json';
      return importGuideline(brand.slug, { text, format }, `imported from ${file.name}`);
    },
    onSuccess: onImported,
  });
  const base = `/api/v1/brands/${encodeURIComponent(brand.slug)}/guideline`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    imported.mutate();
  };
  return (
    <section className="card stack" aria-labelledby="document-title">
      <h2 id="document-title">Import and export</h2>
      {brand.latestVersion ? (
        <p className="row">
          <a className="button" href={`${base}?format=json`} download={`${brand.slug}-guideline.json`}>
            Export as JSON
          </a>
          <a className="button" href={`${base}?format=yaml`} download={`${brand.slug}-guideline.yaml`}>
            Export as YAML
          </a>
        </p>
      ) : (
        <p className="muted">Nothing to export until a first version is saved.</p>
      )}
      {mayEdit && (
        <form className="stack" onSubmit={submit} aria-label="Import a guideline document">
          <div className="field">
            <label htmlFor={fileId}>Guideline document (JSON or YAML)</label>
            <input
              id={fileId}
              type="file"
              accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml"
              onChange={(e) => setFile(e.target.files?.[0])}
            />
            <small className="muted">Stored as the next version; every problem is named with where it is.</small>
          </div>
          {imported.error && <ErrorMessage title="The document was not imported" error={imported.error} />}
          <div>
            <button type="submit" disabled={!file || imported.isPending}>
              Import as the next version
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
