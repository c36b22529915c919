// A coloured dot for a state; the text beside it carries the meaning. Presentational.
import type { ReactNode } from 'react';
import './StatusDot.css';

export function StatusDot({ tone }: { tone: 'ok' | 'pending' | 'warning' | 'danger' }): ReactNode {
  return <span className={`status-dot status-dot--${tone}`} aria-hidden="true" />;
}
