// A whole-window message for before the app can mount (connecting, or failing to connect). Presentational.
import type { ReactNode } from 'react';
import './FullPageMessage.css';

export interface FullPageMessageProps {
  title: string;
  /** `alert` when the app cannot start; `status` while it is starting. */
  role: 'alert' | 'status';
  testId?: string;
  children?: ReactNode;
}

export function FullPageMessage({ title, role, testId, children }: FullPageMessageProps): ReactNode {
  return (
    <div className="full-page">
      <div className={`card full-page__card full-page__card--${role}`} role={role} data-testid={testId}>
        <h1 className="full-page__title">{title}</h1>
        {children}
      </div>
    </div>
  );
}
