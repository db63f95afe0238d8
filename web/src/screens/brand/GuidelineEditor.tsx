/**
 * The guideline as forms: the brand's name and accepted spellings, the teams and campaigns it applies to, the rules
 * (each its own form), saved whole as the next version with a note. The server checks the document; each problem
 * shows under the rule it names, the others above the save button.
 */
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/errors.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { importGuideline, type BrandSummary, type Imported } from './brand-api.ts';
import { Choice, CommaInput, TextInput } from './forms.tsx';
import {
  documentOf,
  newRule,
  ruleTypeLabels,
  ruleTypes,
  type GuidelineDraft,
  type Rule,
  type RuleType,
} from './guideline.ts';
import { RuleEditor } from './RuleEditor.tsx';
import type { Sample } from './sample.ts';
import { SamplePicker } from './SamplePicker.tsx';
import styles from './Brand.module.css';

export function GuidelineEditor({
  brand,
  initial,
  channels,
  readOnly,
  onSaved,
  sample,
  onSample,
}: {
  brand: BrandSummary;
  initial: GuidelineDraft;
  channels: string[];
  readOnly: boolean;
  onSaved: (imported: Imported) => Promise<void>;
  /** Kept by the page, so that it stays when a saved version reloads the editor. */
  sample: Sample | undefined;
  onSample: (sample: Sample) => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [adding, setAdding] = useState<RuleType>('palette');
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: () => importGuideline(brand.slug, { value: documentOf(draft) }, note),
    onSuccess: onSaved,
  });
  const problems = save.error instanceof ApiError ? save.error.problems : [];
  const ruleProblems = (index: number) => problems.filter((p) => p.field.startsWith(`rules[${index}]`));
  const setRule = (index: number, rule: Rule) =>
    setDraft({ ...draft, rules: draft.rules.map((r, i) => (i === index ? rule : r)) });
  const move = (index: number, by: -1 | 1) => {
    const rules = [...draft.rules];
    const [rule] = rules.splice(index, 1);
    if (rule) rules.splice(index + by, 0, rule);
    setDraft({ ...draft, rules });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const next = (brand.latestVersion ?? 0) + 1;
  const unsaved = useMemo(
    () => JSON.stringify(documentOf(draft)) !== JSON.stringify(documentOf(initial)),
    [draft, initial],
  );

  return (
    <form className="stack" onSubmit={submit} aria-labelledby="guideline-title">
      <h2 id="guideline-title">Guideline</h2>
      <fieldset disabled={readOnly} className={styles.plain}>
        <div className="stack">
          <section className="card stack" aria-labelledby="sample-title">
            <h3 id="sample-title">Sample picture</h3>
            <SamplePicker sample={sample} onSample={onSample} />
          </section>
          <section className="card stack" aria-labelledby="brand-fields-title">
            <h3 id="brand-fields-title">Brand and scope</h3>
            <div className={styles.grid}>
              <TextInput
                label="Brand name as written"
                value={draft.brandName}
                required
                onChange={(brandName) => setDraft({ ...draft, brandName })}
              />
              <CommaInput
                label="Other accepted spellings"
                value={draft.spellings}
                onChange={(spellings) => setDraft({ ...draft, spellings })}
              />
              <CommaInput
                label="Applies to teams"
                value={draft.teams}
                hint="Separated by commas; empty: every team."
                onChange={(teams) => setDraft({ ...draft, teams })}
              />
              <CommaInput
                label="Applies to campaigns"
                value={draft.campaigns}
                hint="Separated by commas; empty: every campaign."
                onChange={(campaigns) => setDraft({ ...draft, campaigns })}
              />
            </div>
          </section>
          <h3>Rules ({draft.rules.length})</h3>
          {draft.rules.length === 0 && <p className="muted">No rules yet: add the first below.</p>}
          {draft.rules.map((rule, index) => (
            <RuleEditor
              key={index}
              rule={rule}
              index={index}
              onChange={(r) => setRule(index, r)}
              onRemove={() => setDraft({ ...draft, rules: draft.rules.filter((_, i) => i !== index) })}
              onMove={{
                ...(index > 0 ? { up: () => move(index, -1) } : {}),
                ...(index < draft.rules.length - 1 ? { down: () => move(index, 1) } : {}),
              }}
              logoNames={brand.logos.map((l) => l.name)}
              channels={channels}
              sample={sample}
              problems={ruleProblems(index)}
            />
          ))}
          <div className={`row ${styles.addRule}`}>
            <Choice
              label="Rule type"
              value={adding}
              options={ruleTypes.map((t) => ({ value: t, label: ruleTypeLabels[t] }))}
              onChange={setAdding}
            />
            <button
              type="button"
              onClick={() =>
                setDraft({
                  ...draft,
                  rules: [
                    ...draft.rules,
                    newRule(
                      adding,
                      draft.rules.map((r) => r.id),
                    ),
                  ],
                })
              }
            >
              Add rule
            </button>
          </div>
          <section className="card stack" aria-labelledby="save-title">
            <h3 id="save-title">Save as version {next}</h3>
            <p className="small" aria-live="polite">
              {unsaved ? (
                <span className="badge warn">Unsaved changes</span>
              ) : (
                <span className="muted">No changes since version {brand.latestVersion ?? 0}.</span>
              )}
            </p>
            <TextInput label="Why it changes (note)" value={note} onChange={setNote} />
            {save.error && <ErrorMessage title="Not saved" error={save.error} />}
            <div>
              <button type="submit" className="primary" disabled={save.isPending || readOnly}>
                Save as version {next}
              </button>
            </div>
          </section>
        </div>
      </fieldset>
    </form>
  );
}
