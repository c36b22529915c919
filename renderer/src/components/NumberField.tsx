// A labelled number input with its unit, an optional hint and an inline error, wired for screen readers.
// The value stays a string so a half-typed number is not lost; the caller parses it. Presentational.
import type { ReactNode } from 'react';
import { FieldFrame } from './FieldFrame';
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
  return (
    <FieldFrame label={label} error={error} hint={hint} className="number-field" rowClassName="field__row number-field__row">
      {(control) => (
        <>
          {prefix ? (
            <span className="number-field__affix" aria-hidden="true">
              {prefix}
            </span>
          ) : null}
          <input
            {...control}
            className="field__input number-field__input"
            type="number"
            inputMode="decimal"
            value={value}
            min={min}
            max={max}
            step={step}
            disabled={disabled}
            autoComplete="off"
            data-testid={testId}
            onChange={(event) => onChange(event.target.value)}
          />
          {unit ? (
            <span className="number-field__affix" aria-hidden="true">
              {unit}
            </span>
          ) : null}
        </>
      )}
    </FieldFrame>
  );
}
