/** A labelled input whose problem, when the API named this field in a VALIDATION_FAILED answer, shows under it. */
import { useId, type HTMLInputTypeAttribute } from 'react';
import { ApiError } from '../api/errors.ts';

export interface FieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  type?: HTMLInputTypeAttribute;
  required?: boolean;
  hint?: string;
  autoComplete?: string;
  /** The last failure of the form: this field's problems are taken from it. */
  error?: unknown;
}

export function Field({
  label,
  name,
  value,
  onChange,
  type = 'text',
  required,
  hint,
  autoComplete,
  error,
}: FieldProps) {
  const id = useId();
  const problems = error instanceof ApiError ? error.problems.filter((p) => p.field === name) : [];
  const described = [hint && `${id}-hint`, problems.length > 0 && `${id}-problem`].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        value={value}
        required={required}
        autoComplete={autoComplete}
        aria-invalid={problems.length > 0 || undefined}
        aria-describedby={described || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {hint && (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      )}
      {problems.length > 0 && (
        <small id={`${id}-problem`} className="problem">
          {problems.map((p) => p.problem).join('; ')}
        </small>
      )}
    </div>
  );
}
