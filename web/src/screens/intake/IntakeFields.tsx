/**
 * The intake fields as one group of labelled controls: the batch's shared values, or one file's overrides (blank:
 * the batch's value). The API's problems for a field (INTAKE_INCOMPLETE, VALIDATION_FAILED) show under it.
 */
import { useId } from 'react';
import { intakeFields, type IntakeFieldName, type IntakeValues } from './intake-api.ts';
import styles from './Intake.module.css';

export interface IntakeFieldsProps {
  values: IntakeValues;
  onChange: (name: IntakeFieldName | 'title', value: string) => void;
  /** Problems by field name, from the last refusal. */
  problems?: ReadonlyMap<string, string>;
  /** Overrides: blank means "as the batch", and the title may be set. */
  batch?: IntakeValues;
  disabled?: boolean;
  /** Only these fields (a quarantined asset's missing ones). */
  only?: ReadonlySet<string>;
}

export function IntakeFields({ values, onChange, problems, batch, disabled, only }: IntakeFieldsProps) {
  const id = useId();
  const all = batch
    ? [{ name: 'title' as const, label: 'Title', hint: 'Defaults to the file name.' }, ...intakeFields]
    : intakeFields;
  const fields = only ? all.filter((f) => only.has(f.name)) : all;
  return (
    <div className={styles.fields}>
      {fields.map((field) => {
        const fieldId = `${id}-${field.name}`;
        const problem = problems?.get(field.name);
        const inherited = batch?.[field.name];
        const hint = batch ? (inherited ? `Batch: ${inherited}` : 'Not set for the batch.') : field.hint;
        const described = [hint && `${fieldId}-hint`, problem && `${fieldId}-problem`].filter(Boolean).join(' ');
        const common = {
          id: fieldId,
          name: field.name,
          value: values[field.name] ?? '',
          disabled,
          'aria-invalid': problem ? true : undefined,
          'aria-describedby': described || undefined,
        };
        const required = !batch && 'required' in field && field.required;
        return (
          <div key={field.name} className={`field ${'long' in field && field.long ? styles.wide : ''}`}>
            <label htmlFor={fieldId}>
              {field.label}
              {required && <span aria-hidden="true"> *</span>}
            </label>
            {'options' in field && field.options ? (
              <select {...common} onChange={(e) => onChange(field.name, e.target.value)}>
                <option value="">{batch ? 'As the batch' : 'Choose…'}</option>
                {field.options.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            ) : 'long' in field && field.long ? (
              <textarea {...common} rows={2} onChange={(e) => onChange(field.name, e.target.value)} />
            ) : (
              <input {...common} onChange={(e) => onChange(field.name, e.target.value)} />
            )}
            {hint && (
              <small id={`${fieldId}-hint`} className="muted">
                {hint}
              </small>
            )}
            {problem && (
              <small id={`${fieldId}-problem`} className="problem">
                {problem}
              </small>
            )}
          </div>
        );
      })}
    </div>
  );
}

/** A refusal's field problems by field (several for one field joined). */
export function problemsByField(problems: readonly { field: string; problem: string }[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const { field, problem } of problems) map.set(field, map.has(field) ? `${map.get(field)}; ${problem}` : problem);
  return map;
}
