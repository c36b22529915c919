// A labelled native select with an optional inline error. Presentational.
import type { ReactNode } from 'react';
import { FieldFrame } from './FieldFrame';

export interface SelectOption<V extends string> {
  value: V;
  label: string;
}

export interface SelectFieldProps<V extends string> {
  label: string;
  value: V;
  options: readonly SelectOption<V>[];
  onChange(value: V): void;
  disabled?: boolean;
  error?: string | null;
  testId?: string;
}

export function SelectField<V extends string>({ label, value, options, onChange, disabled, error, testId }: SelectFieldProps<V>): ReactNode {
  return (
    <FieldFrame label={label} error={error}>
      {(control) => (
        <select
          {...control}
          className="field__select"
          value={value}
          disabled={disabled}
          data-testid={testId}
          onChange={(event) => {
            const next = options.find((option) => option.value === event.target.value);
            if (next) onChange(next.value);
          }}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}
