/** The brand's reference logos (what logo rules name) and the upload of a new one. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';
import styles from './Brand.module.css';
import { brandKeys, postForm, type BrandSummary, type Logo } from './brand-api.ts';

export function LogoPanel({ brand, mayEdit }: { brand: BrandSummary; mayEdit: boolean }) {
  const queryClient = useQueryClient();
  const fileId = useId();
  const [name, setName] = useState('');
  const [file, setFile] = useState<File>();
  const [formKey, setFormKey] = useState(0);
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.append('name', name.trim());
      if (file) form.append('file', file, file.name);
      return postForm<Logo>(`/api/v1/brands/${encodeURIComponent(brand.slug)}/logos`, form);
    },
    onSuccess: async () => {
      setName('');
      setFile(undefined);
      setFormKey((k) => k + 1);
      await queryClient.invalidateQueries({ queryKey: brandKeys.brand(brand.slug) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    upload.mutate();
  };
  return (
    <section className="card stack" aria-labelledby="logos-title">
      <h2 id="logos-title">Reference logos</h2>
      {brand.logos.length === 0 ? (
        <p className="muted">No logo uploaded yet. A logo rule names one of these.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Reference logos</caption>
          <thead>
            <tr>
              <th scope="col">Logo</th>
              <th scope="col">Name</th>
              <th scope="col">Size</th>
              <th scope="col">Type</th>
              <th scope="col">Uploaded</th>
            </tr>
          </thead>
          <tbody>
            {brand.logos.map((logo) => (
              <tr key={logo.id}>
                <td>
                  {logo.mediaType === 'image/svg+xml' ? (
                    // Served as a download (an SVG may carry script), so not shown here.
                    <span className="muted small">SVG</span>
                  ) : (
                    <img
                      className={styles.logoThumb}
                      src={`/api/v1/brands/${encodeURIComponent(brand.slug)}/logos/${encodeURIComponent(logo.name)}/file`}
                      alt={`Logo ${logo.name}`}
                      loading="lazy"
                    />
                  )}
                </td>
                <td>
                  <code>{logo.name}</code>
                </td>
                <td>
                  {logo.width}×{logo.height} px, {(logo.size / 1024).toFixed(1)} KB
                </td>
                <td>{logo.mediaType}</td>
                <td>
                  {logo.createdAt.slice(0, 10)} <span className="muted">by {logo.createdBy}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayEdit && (
        <form key={formKey} className="stack" onSubmit={submit} aria-label="Upload a logo">
          <Field
            label="Logo name"
            name="name"
            value={name}
            onChange={setName}
            required
            hint="Lowercase letters, digits and dashes, e.g. wordmark: what logo rules call it."
            error={upload.error}
          />
          <div className="field">
            <label htmlFor={fileId}>
              Logo file<span aria-hidden="true"> *</span>
            </label>
            <input
              id={fileId}
              type="file"
              required
              accept="image/png,image/jpeg,image/webp,image/gif,image/tiff,image/svg+xml"
              onChange={(e) => setFile(e.target.files?.[0])}
            />
            <small className="muted">PNG, JPEG, WebP, GIF, TIFF or SVG, at most 5 MB.</small>
          </div>
          {upload.error && <ErrorMessage error={upload.error} />}
          <div>
            <button type="submit" disabled={upload.isPending || !file}>
              Upload logo
            </button>
          </div>
        </form>
      )}
      {upload.isSuccess && (
        <p role="status" className="small">
          Logo <code>{upload.data.name}</code> uploaded.
        </p>
      )}
    </section>
  );
}
