// A small coloured label for a state (file states, document statuses); the text carries the meaning. Presentational.
import type { ReactNode } from 'react';
import './Badge.css';

export type BadgeTone = 'neutral' | 'pending' | 'ok' | 'warning' | 'danger';

export function Badge({ tone, children, title }: { tone: BadgeTone; children: ReactNode; title?: string }): ReactNode {
  return (
    <span className={`badge badge--${tone}`} title={title}>
      {children}
    </span>
  );
}
