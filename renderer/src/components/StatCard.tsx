// One headline figure: a label, its value, and a line saying what it covers. Presentational.
import { useId, type ReactNode } from 'react';
import './StatCard.css';

export interface StatCardProps {
  label: string;
  value: ReactNode;
  /** A short line under the value (the other percentiles, the price it was computed at). */
  detail?: ReactNode;
  /** Exposed as `data-name` for tests and styles. */
  name?: string;
  tone?: 'neutral' | 'ok' | 'warning' | 'danger';
  testId?: string;
}

export function StatCard({ label, value, detail, name, tone = 'neutral', testId }: StatCardProps): ReactNode {
  const labelId = useId();
  return (
    <div className={`card stat-card stat-card--${tone}`} role="group" aria-labelledby={labelId} data-testid={testId} data-name={name}>
      <p id={labelId} className="stat-card__label">
        {label}
      </p>
      <p className="stat-card__value" data-testid={testId ? `${testId}-value` : undefined}>
        {value}
      </p>
      {detail ? <p className="stat-card__detail">{detail}</p> : null}
    </div>
  );
}
