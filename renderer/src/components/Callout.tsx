// A boxed notice (info, warning or danger) with a heading; the caller picks its role and test id. Presentational.
import { useId, type ReactNode } from 'react';
import { Icon } from './Icon';
import './Callout.css';

export interface CalloutProps {
  tone: 'info' | 'warning' | 'danger';
  title: string;
  /** `alert` for something that just went wrong; otherwise a labelled region. */
  role?: 'alert' | 'region';
  testId?: string;
  /** Exposed as `data-state` for tests and styles. */
  state?: string;
  children: ReactNode;
}

export function Callout({ tone, title, role = 'region', testId, state, children }: CalloutProps): ReactNode {
  const titleId = useId();
  return (
    <section className={`callout callout--${tone}`} role={role} aria-labelledby={titleId} data-testid={testId} data-state={state}>
      <Icon name={tone === 'info' ? 'info' : 'alert'} className="callout__icon" />
      <div className="callout__body">
        <h2 id={titleId} className="callout__title">
          {title}
        </h2>
        {children}
      </div>
    </section>
  );
}
