/**
 * The risk policy (policy:edit): the version in force in an editor (JSON or YAML), the API's problems at their line
 * and column, a preview of what the document would change before it can be saved, and every version (open one in
 * the editor to start from it).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useRef, useState } from 'react';
import { api, unwrap, type paths } from '../../api/client.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Field } from '../../ui/Field.tsx';
import { QueryBoundary } from '../../ui/QueryBoundary.tsx';
import styles from './Admin.module.css';
import { documentFormat, policyProblems } from './policy-problems.ts';
import { PolicyProblems } from './PolicyProblems.tsx';

type Preview = paths['/api/v1/policies/risk/preview']['post']['responses']['200']['content']['application/json'];

const policyKeys = { current: ['admin', 'policy'] as const, versions: ['admin', 'policy', 'versions'] as const };

/** The document as typed, sent as it is (JSON or YAML): the API reads it and names where it is wrong. */
const asDocument = (text: string) => ({
  body: text,
  bodySerializer: (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body)),
  headers: { 'content-type': documentFormat(text) === 'json' ? 'application/json' : 'application/yaml' },
});

/** A version opened from the list, to load into the editor (`seq` tells two openings of the same one apart). */
interface Opened {
  text: string;
  seq: number;
}

export default function PolicyPage() {
  const [opened, setOpened] = useState<Opened | undefined>();
  const [savedVersion, setSavedVersion] = useState<number | undefined>();
  const current = useQuery({
    queryKey: policyKeys.current,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/policies/risk', { signal })),
  });
  return (
    <>
      <h2>Risk policy</h2>
      <p className="muted">
        The rules that give each asset its review tier. Saving stores a new version and re-derives the tier of every
        asset not yet approved.
      </p>
      {savedVersion !== undefined && (
        <p role="status" className="card">
          Saved as version {savedVersion}: the tiers of assets not yet approved are being re-derived in the background.
        </p>
      )}
      <QueryBoundary query={current} loading="Loading the policy…">
        {(policy) => (
          <PolicyEditor
            // A version opened from the list starts a fresh editor with its text.
            key={`${policy.version}:${opened?.seq ?? 0}`}
            version={policy.version}
            initial={opened?.text ?? JSON.stringify(policy.policy, null, 2)}
            onSaved={(saved) => {
              setOpened(undefined);
              setSavedVersion(saved);
            }}
          />
        )}
      </QueryBoundary>
      <Versions onOpen={(text) => setOpened({ text, seq: (opened?.seq ?? 0) + 1 })} />
    </>
  );
}

function PolicyEditor({
  version,
  initial,
  onSaved,
}: {
  version: number;
  initial: string;
  onSaved: (version: number) => void;
}) {
  const queryClient = useQueryClient();
  const id = useId();
  const editor = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(initial);
  const [note, setNote] = useState('');
  /** The text the last preview was of: saving needs a preview of exactly what is in the editor. */
  const [previewed, setPreviewed] = useState<string | undefined>();
  const preview = useMutation({
    mutationFn: (document: string) => unwrap(api.POST('/api/v1/policies/risk/preview', asDocument(document))),
    onSuccess: (_data, document) => setPreviewed(document),
  });
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.PUT('/api/v1/policies/risk', { ...asDocument(text), params: { query: note ? { note } : {} } })),
    onSuccess: (saved) => {
      onSaved(saved.version);
      queryClient.setQueryData(policyKeys.current, saved);
      void queryClient.invalidateQueries({ queryKey: policyKeys.versions });
    },
  });
  const failure = save.error ?? preview.error;
  const problems = policyProblems(failure, text);
  const goTo = (offset: number) => {
    const element = editor.current;
    if (!element) return;
    element.focus();
    element.setSelectionRange(offset, offset);
  };
  const upToDate = previewed === text && preview.isSuccess;
  return (
    <section className="card stack" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Version {version} in force</h3>
      <div className="field">
        <label htmlFor={`${id}-document`}>Policy document (JSON or YAML)</label>
        <textarea
          id={`${id}-document`}
          ref={editor}
          className={styles.editor}
          value={text}
          spellCheck={false}
          aria-invalid={problems.length > 0 || undefined}
          aria-describedby={problems.length > 0 ? `${id}-problems` : `${id}-hint`}
          onChange={(e) => {
            setText(e.target.value);
            save.reset();
          }}
        />
        <small id={`${id}-hint`} className="muted">
          {'{ defaultTier, rules: [{ id, description?, when: { …conditions }, tier }] }'} — docs/risk-policy.md lists
          every condition.
        </small>
      </div>
      <PolicyProblems id={`${id}-problems`} problems={problems} onGoTo={goTo} />
      {failure !== null && problems.length === 0 && <ErrorMessage error={failure} />}
      <div className="row">
        <button type="button" onClick={() => preview.mutate(text)} disabled={preview.isPending}>
          Preview changes
        </button>
        <button type="button" onClick={() => setText(initial)} disabled={text === initial}>
          Undo edits
        </button>
      </div>
      {upToDate && preview.data && <PreviewResult preview={preview.data} />}
      {previewed !== undefined && previewed !== text && (
        <p className="muted">The document changed since the preview: preview it again to save.</p>
      )}
      <Field
        label="Why the policy changes"
        name="note"
        value={note}
        onChange={setNote}
        hint="Kept with the version."
        error={save.error}
      />
      <div className="row">
        <button type="button" className="primary" disabled={!upToDate || save.isPending} onClick={() => save.mutate()}>
          Save as a new version
        </button>
        {!upToDate && <span className="muted small">Preview the changes first.</span>}
      </div>
    </section>
  );
}

function PreviewResult({ preview }: { preview: Preview }) {
  const moves = Object.entries(preview.byTier);
  return (
    <div role="status" className="card stack" aria-label="Preview of the changes">
      <p>
        <strong>
          {preview.changes === 0
            ? 'No asset would change tier or rule.'
            : `${preview.changes} of ${preview.examined} assets not yet decided would change.`}
        </strong>
        {preview.truncated && ' (the preview looked at the first 10,000)'}
      </p>
      {moves.length > 0 && (
        <table>
          <caption className="visually-hidden">Changes by tier</caption>
          <thead>
            <tr>
              <th scope="col">Tier now → then</th>
              <th scope="col">Assets</th>
            </tr>
          </thead>
          <tbody>
            {moves.map(([move, count]) => (
              <tr key={move}>
                <td>{move.replace('none', 'not derived yet')}</td>
                <td>{count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview.examples.length > 0 && (
        <table>
          <caption>For example</caption>
          <thead>
            <tr>
              <th scope="col">Asset</th>
              <th scope="col">Now</th>
              <th scope="col">Then</th>
            </tr>
          </thead>
          <tbody>
            {preview.examples.map((e) => (
              <tr key={e.assetId}>
                <td>
                  <Link to="/assets/$assetId" params={{ assetId: e.assetId }}>
                    {e.title}
                  </Link>
                </td>
                <td>
                  {e.from.tier === undefined ? 'no tier' : `tier ${e.from.tier}`}
                  {e.from.rule && <span className="muted"> ({e.from.rule})</span>}
                </td>
                <td>
                  tier {e.to.tier}
                  {e.to.rule && <span className="muted"> ({e.to.rule})</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Versions({ onOpen }: { onOpen: (text: string) => void }) {
  const versions = useQuery({
    queryKey: policyKeys.versions,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/policies/risk/versions', { signal })),
  });
  const open = useMutation({
    mutationFn: (n: number) => unwrap(api.GET('/api/v1/policies/risk/versions/{n}', { params: { path: { n } } })),
    onSuccess: (entry) => onOpen(JSON.stringify(entry.policy, null, 2)),
  });
  return (
    <section className="card stack" aria-labelledby="policy-versions-title">
      <h3 id="policy-versions-title">Versions</h3>
      <QueryBoundary query={versions} loading="Loading versions…">
        {({ items }) => (
          <table>
            <caption className="visually-hidden">Every version of the risk policy, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Stored</th>
                <th scope="col">By</th>
                <th scope="col">Why</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((v) => (
                <tr key={v.version}>
                  <td>{v.version === 0 ? '0 (shipped default)' : v.version}</td>
                  <td>{v.createdAt.slice(0, 16).replace('T', ' ')}</td>
                  <td>{v.createdBy}</td>
                  <td>{v.note ?? <span className="muted">—</span>}</td>
                  <td>
                    <button type="button" onClick={() => open.mutate(v.version)} disabled={open.isPending}>
                      Open in editor<span className="visually-hidden"> version {v.version}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryBoundary>
      {open.error !== null && <ErrorMessage error={open.error} />}
    </section>
  );
}
