// A small set of exclusive choices shown side by side (a radio group styled as joined buttons). Presentational.
import { useId, type ReactNode } from 'react';
import './SegmentedControl.css';

export interface SegmentedOption<V extends string> {
  value: V;
  label: string;
}

export interface SegmentedControlProps<V extends string> {
  /** Read by screen readers; shown when `showLabel`. */
  label: string;
  showLabel?: boolean;
  value: V;
  options: readonly SegmentedOption<V>[];
  onChange(value: V): void;
  disabled?: boolean;
  testId?: string;
}

export function SegmentedControl<V extends string>({ label, showLabel = false, value, options, onChange, disabled, testId }: SegmentedControlProps<V>): ReactNode {
  const name = useId();
  return (
    <fieldset className="segmented" data-testid={testId} data-value={value} disabled={disabled}>
      <legend className={showLabel ? 'segmented__legend' : 'visually-hidden'}>{label}</legend>
      <div className="segmented__options">
        {options.map((option) => (
          <label key={option.value} className="segmented__option" data-value={option.value}>
            <input type="radio" className="segmented__input" name={name} value={option.value} checked={option.value === value} onChange={() => onChange(option.value)} />
            <span className="segmented__text">{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
