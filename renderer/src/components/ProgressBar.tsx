// A labelled progress bar on the native <progress> element (no inline widths: the CSP forbids inline styles).
// Without a value it shows as indeterminate. Presentational.
import { useId, type ComponentPropsWithoutRef, type ReactNode } from 'react';
import './ProgressBar.css';

export interface ProgressBarProps extends Omit<ComponentPropsWithoutRef<'progress'>, 'value' | 'max' | 'children'> {
  /** Null for an indeterminate bar. */
  value: number | null;
  max: number;
  /** Read by screen readers and shown above the bar when `showLabel`. */
  label: string;
  /** The text under the bar (counts, speed, time left). */
  detail?: ReactNode;
  testId?: string;
}

export function ProgressBar({ value, max, label, detail, testId, className, ...rest }: ProgressBarProps): ReactNode {
  const detailId = useId();
  return (
    <div className={['progress', className].filter(Boolean).join(' ')}>
      <progress
        {...rest}
        className="progress__bar"
        aria-label={label}
        aria-describedby={detail ? detailId : undefined}
        data-testid={testId}
        max={max > 0 ? max : 1}
        value={value === null ? undefined : Math.min(value, max > 0 ? max : 1)}
      />
      {detail ? (
        <p id={detailId} className="progress__detail">
          {detail}
        </p>
      ) : null}
    </div>
  );
}
