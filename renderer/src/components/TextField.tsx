// A labelled single-line input with an optional hint and inline error, wired for screen readers. Presentational.
import { useId, type ReactNode } from 'react';
import './Field.css';

export interface TextFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  type?: 'text' | 'url';
  /** Shown under the input and announced; also marks the input invalid. */
  error?: string | null;
  hint?: ReactNode;
  placeholder?: string;
  disabled?: boolean;
  testId?: string;
  /** Buttons shown on the input's row (e.g. Save). */
  actions?: ReactNode;
}

export function TextField({ label, value, onChange, type = 'text', error, hint, placeholder, disabled, testId, actions }: TextFieldProps): ReactNode {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="field__row">
        <input
          id={id}
          className="field__input"
          type={type}
          value={value}
          placeholder={placeholder}
          disabled={disabled}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          data-testid={testId}
          onChange={(event) => onChange(event.target.value)}
        />
        {actions}
      </div>
      {error ? (
        <p id={errorId} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
