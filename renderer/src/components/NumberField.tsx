// A labelled number input with its unit, an optional hint and an inline error, wired for screen readers.
// The value stays a string so a half-typed number is not lost; the caller parses it. Presentational.
import { useId, type ReactNode } from 'react';
import './Field.css';
import './NumberField.css';

export interface NumberFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  /** Shown after the input ("W", "%", "s"). */
  unit?: string;
  /** Shown before the input ("$"). */
  prefix?: string;
  min?: number;
  max?: number;
  step?: number | 'any';
  error?: string | null;
  hint?: ReactNode;
  disabled?: boolean;
  testId?: string;
}

export function NumberField({ label, value, onChange, unit, prefix, min, max, step = 'any', error, hint, disabled, testId }: NumberFieldProps): ReactNode {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field number-field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className="field__row number-field__row">
        {prefix ? (
          <span className="number-field__affix" aria-hidden="true">
            {prefix}
          </span>
        ) : null}
        <input
          id={id}
          className="field__input number-field__input"
          type="number"
          inputMode="decimal"
          value={value}
          min={min}
          max={max}
          step={step}
          disabled={disabled}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          data-testid={testId}
          onChange={(event) => onChange(event.target.value)}
        />
        {unit ? (
          <span className="number-field__affix" aria-hidden="true">
            {unit}
          </span>
        ) : null}
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
