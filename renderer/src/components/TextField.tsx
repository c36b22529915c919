// A labelled single-line input with an optional hint and inline error, wired for screen readers. Presentational.
import type { ReactNode } from 'react';
import { FieldFrame } from './FieldFrame';

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
  return (
    <FieldFrame label={label} error={error} hint={hint}>
      {(control) => (
        <>
          <input
            {...control}
            className="field__input"
            type={type}
            value={value}
            placeholder={placeholder}
            disabled={disabled}
            spellCheck={false}
            autoComplete="off"
            data-testid={testId}
            onChange={(event) => onChange(event.target.value)}
          />
          {actions}
        </>
      )}
    </FieldFrame>
  );
}
