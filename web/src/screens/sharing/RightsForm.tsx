/**
 * The rights record as a form, saved whole as the next revision against the one it was opened on. Problems are named
 * beside their field — the form's own check first (the server's rules), then the server's answer; a CONFLICT (someone
 * saved meanwhile) is said as such, with a reload that shows their record.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import {
  aiInvolvements,
  draftOf,
  recordOf,
  regionList,
  regionName,
  registrabilities,
  rightsProblems,
  rightsStatuses,
  thirdPartyInputKinds,
  type FieldProblem,
  type RightsDraft,
  type ThirdPartyInputDraft,
} from './rights.ts';
import { rightsKeys, type Rights } from './sharing-api.ts';
import styles from './Sharing.module.css';

export function RightsForm({
  assetId,
  current,
  channels,
  onDone,
}: {
  assetId: string;
  current: Rights;
  channels: string[];
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<RightsDraft>(() => draftOf(current.record));
  const [tried, setTried] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT('/api/v1/assets/{id}/rights', {
          params: { path: { id: assetId } },
          body: { expectedRevision: current.revision, record: recordOf(draft) },
        }),
      ),
    onSuccess: async (saved) => {
      queryClient.setQueryData(rightsKeys.rights(assetId), saved);
      await queryClient.invalidateQueries({ queryKey: rightsKeys.history(assetId) });
      onDone();
    },
  });
  const conflict = save.error instanceof ApiError && save.error.code === 'CONFLICT';
  const local = rightsProblems(draft);
  const server = save.error instanceof ApiError ? save.error.problems : [];
  const problems = [...(tried ? local : []), ...server];
  const of = (field: string) => problems.filter((p) => p.field === field || p.field.startsWith(`${field}[`));
  const set = <K extends keyof RightsDraft>(key: K, value: RightsDraft[K]) => setDraft({ ...draft, [key]: value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (local.length === 0) save.mutate();
  };
  const reload = async () => {
    save.reset();
    await queryClient.invalidateQueries({ queryKey: rightsKeys.rights(assetId) });
    onDone();
  };

  return (
    <form className="stack" onSubmit={submit} aria-label="Rights record" noValidate>
      <Select label="Status" value={draft.status} options={rightsStatuses} onChange={(v) => set('status', v)} />
      <Text
        label="Licence"
        field="licence"
        value={draft.licence}
        onChange={(v) => set('licence', v)}
        problems={of('licence')}
      />
      <Text
        label="Licensor"
        field="licensor"
        value={draft.licensor}
        onChange={(v) => set('licensor', v)}
        problems={of('licensor')}
      />
      <Text
        label="Licence URL"
        field="licenceUrl"
        type="url"
        value={draft.licenceUrl}
        onChange={(v) => set('licenceUrl', v)}
        problems={of('licenceUrl')}
      />
      <Text
        label="Where to acquire a licence (URL)"
        field="acquireLicensePage"
        type="url"
        value={draft.acquireLicensePage}
        onChange={(v) => set('acquireLicensePage', v)}
        problems={of('acquireLicensePage')}
      />
      <fieldset>
        <legend>Approved channels</legend>
        {channels.length === 0 && <p className="muted small">The organisation has no channels yet.</p>}
        <div className={styles.checks}>
          {channels.map((channel) => (
            <label key={channel} className="row">
              <input
                type="checkbox"
                checked={draft.approvedChannels.includes(channel)}
                onChange={(e) =>
                  set(
                    'approvedChannels',
                    e.target.checked
                      ? [...draft.approvedChannels, channel]
                      : draft.approvedChannels.filter((c) => c !== channel),
                  )
                }
              />
              {channel}
            </label>
          ))}
        </div>
        <Problems problems={of('approvedChannels')} />
      </fieldset>
      <Regions
        label="Regions allowed"
        field="regionsAllowed"
        value={draft.regionsAllowed}
        onChange={(v) => set('regionsAllowed', v)}
        problems={of('regionsAllowed')}
        hint="ISO 3166 codes separated by commas (DE, FR); empty: everywhere not denied."
      />
      <Regions
        label="Regions denied"
        field="regionsDenied"
        value={draft.regionsDenied}
        onChange={(v) => set('regionsDenied', v)}
        problems={of('regionsDenied')}
        hint="ISO 3166 codes separated by commas."
      />
      <div className={styles.dates}>
        <Text
          label="Valid from"
          field="validFrom"
          type="date"
          value={draft.validFrom}
          onChange={(v) => set('validFrom', v)}
          problems={of('validFrom')}
        />
        <Text
          label="Expires (last day of use)"
          field="expiresAt"
          type="date"
          value={draft.expiresAt}
          onChange={(v) => set('expiresAt', v)}
          problems={of('expiresAt')}
        />
        <Text
          label="Review date"
          field="reviewDate"
          type="date"
          value={draft.reviewDate}
          onChange={(v) => set('reviewDate', v)}
          problems={of('reviewDate')}
        />
      </div>
      <Check
        label="Derivatives allowed (crops, edits, renditions as new works)"
        checked={draft.derivativesAllowed}
        onChange={(v) => set('derivativesAllowed', v)}
      />
      <Text
        label="Credit line"
        field="creditLine"
        value={draft.creditLine}
        onChange={(v) => set('creditLine', v)}
        problems={of('creditLine')}
      />
      <Text
        label="Copyright notice"
        field="copyrightNotice"
        value={draft.copyrightNotice}
        onChange={(v) => set('copyrightNotice', v)}
        problems={of('copyrightNotice')}
      />
      <Text
        label="Usage terms"
        field="usageTerms"
        multiline
        value={draft.usageTerms}
        onChange={(v) => set('usageTerms', v)}
        problems={of('usageTerms')}
      />
      <fieldset className="stack">
        <legend>Third-party inputs</legend>
        <p className="muted small">
          What the asset was made from that someone else owns: a C2PA ingredient, a picture named in the prompt, stock.
        </p>
        {draft.thirdPartyInputs.map((input, i) => {
          const change = (next: Partial<ThirdPartyInputDraft>) =>
            set(
              'thirdPartyInputs',
              draft.thirdPartyInputs.map((other, j) => (j === i ? { ...other, ...next } : other)),
            );
          return (
            <div key={i} className={styles.inputRow} role="group" aria-label={`Third-party input ${i + 1}`}>
              <Select
                label="Kind"
                value={input.kind}
                options={thirdPartyInputKinds}
                onChange={(kind) => change({ kind })}
              />
              <Text
                label="Title"
                field={`thirdPartyInputs[${i}].title`}
                value={input.title}
                onChange={(title) => change({ title })}
                problems={of(`thirdPartyInputs[${i}].title`)}
              />
              <Text
                label="Reference (URL, manifest label, stock id)"
                field={`thirdPartyInputs[${i}].reference`}
                value={input.reference}
                onChange={(reference) => change({ reference })}
                problems={of(`thirdPartyInputs[${i}].reference`)}
              />
              <button
                type="button"
                onClick={() =>
                  set(
                    'thirdPartyInputs',
                    draft.thirdPartyInputs.filter((_, j) => j !== i),
                  )
                }
              >
                Remove<span className="visually-hidden"> third-party input {i + 1}</span>
              </button>
            </div>
          );
        })}
        <div>
          <button
            type="button"
            onClick={() =>
              set('thirdPartyInputs', [...draft.thirdPartyInputs, { kind: 'other', title: '', reference: '' }])
            }
          >
            Add a third-party input
          </button>
        </div>
      </fieldset>
      <fieldset className="stack">
        <legend>Model release</legend>
        <Check label="Required" checked={draft.releaseRequired} onChange={(v) => set('releaseRequired', v)} />
        <Check label="Obtained" checked={draft.releaseObtained} onChange={(v) => set('releaseObtained', v)} />
        <Text
          label="Release reference"
          field="modelRelease.reference"
          value={draft.releaseReference}
          onChange={(v) => set('releaseReference', v)}
          problems={of('modelRelease.reference')}
        />
      </fieldset>
      <fieldset className="stack">
        <legend>AI origin</legend>
        <Select
          label="AI involvement"
          value={draft.involvement}
          options={aiInvolvements}
          onChange={(v) => set('involvement', v)}
        />
        <Select
          label="Registrable (copyright)"
          value={draft.registrable}
          options={registrabilities}
          onChange={(v) => set('registrable', v)}
          problems={of('aiOrigin.registrable')}
        />
        <Text
          label="Human contribution"
          field="aiOrigin.humanContribution"
          multiline
          value={draft.humanContribution}
          onChange={(v) => set('humanContribution', v)}
          problems={of('aiOrigin.humanContribution')}
        />
      </fieldset>
      <fieldset className="stack">
        <legend>EU AI Act disclosure</legend>
        <Check
          label="Machine-readable mark embedded"
          checked={draft.machineReadableMark}
          onChange={(v) => set('machineReadableMark', v)}
        />
        <Check
          label="Visible label required"
          checked={draft.visibleLabelRequired}
          onChange={(v) => set('visibleLabelRequired', v)}
        />
        <Check
          label="Visible label applied"
          checked={draft.visibleLabelApplied}
          onChange={(v) => set('visibleLabelApplied', v)}
        />
      </fieldset>
      {tried && local.length > 0 && (
        <p role="alert" className="problem">
          {local.length === 1 ? 'One field needs' : `${local.length} fields need`} fixing before the record can be
          saved.
        </p>
      )}
      {conflict ? (
        <div role="alert" className="error-message">
          <p>
            <strong>Someone changed these rights</strong> since you opened them (revision {current.revision} is no
            longer the latest). Reload to see their record, then make your change again.
          </p>
          <button type="button" onClick={() => void reload()}>
            Reload
          </button>
        </div>
      ) : (
        save.error && <ErrorMessage title="Not saved" error={save.error} />
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={save.isPending}>
          Save rights
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function Problems({ problems, id }: { problems: FieldProblem[]; id?: string }) {
  if (problems.length === 0) return null;
  return (
    <small id={id} className="problem">
      {problems.map((p) => p.problem).join('; ')}
    </small>
  );
}

function Shell({
  label,
  problems,
  hint,
  children,
}: {
  label: string;
  problems: FieldProblem[];
  hint?: ReactNode;
  children: (id: string, describedBy: string | undefined) => ReactNode;
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', problems.length > 0 ? `${id}-problem` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id, describedBy || undefined)}
      {hint && (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      )}
      <Problems problems={problems} id={`${id}-problem`} />
    </div>
  );
}

function Text({
  label,
  field,
  value,
  onChange,
  problems,
  type = 'text',
  multiline,
  hint,
}: {
  label: string;
  field: string;
  value: string;
  onChange: (value: string) => void;
  problems: FieldProblem[];
  type?: 'text' | 'url' | 'date';
  multiline?: boolean;
  hint?: ReactNode;
}) {
  return (
    <Shell label={label} problems={problems} hint={hint}>
      {(id, describedBy) =>
        multiline ? (
          <textarea
            id={id}
            name={field}
            rows={3}
            value={value}
            aria-invalid={problems.length > 0 || undefined}
            aria-describedby={describedBy}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : (
          <input
            id={id}
            name={field}
            type={type}
            value={value}
            aria-invalid={problems.length > 0 || undefined}
            aria-describedby={describedBy}
            onChange={(e) => onChange(e.target.value)}
          />
        )
      }
    </Shell>
  );
}

function Regions(props: {
  label: string;
  field: string;
  value: string;
  onChange: (value: string) => void;
  problems: FieldProblem[];
  hint: string;
}) {
  const named = regionList(props.value).map((code) => `${code}: ${regionName(code)}`);
  return (
    <Text
      {...props}
      hint={
        <>
          {props.hint}
          {named.length > 0 && <> — {named.join(', ')}</>}
        </>
      }
    />
  );
}

function Select<T extends string>({
  label,
  value,
  options,
  onChange,
  problems = [],
}: {
  label: string;
  value: T;
  options: readonly T[];
  onChange: (value: T) => void;
  problems?: FieldProblem[];
}) {
  return (
    <Shell label={label} problems={problems}>
      {(id, describedBy) => (
        <select
          id={id}
          value={value}
          aria-invalid={problems.length > 0 || undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            const chosen = options.find((o) => o === e.target.value);
            if (chosen) onChange(chosen);
          }}
        >
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )}
    </Shell>
  );
}

function Check({ label, checked, onChange }: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="row">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}
