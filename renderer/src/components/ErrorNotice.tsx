// A compact boxed error inside a card or list item: alert icon, headline and message, announced. Presentational.
import type { ReactNode } from 'react';
import { Icon } from './Icon';
import './ErrorNotice.css';

export interface ErrorNoticeProps {
  title: string;
  children: ReactNode;
  /** The error's code, exposed as `data-code` for tests and styles. */
  code?: string;
  testId?: string;
  /** Added to `error-notice` (e.g. to let a long message wrap anywhere). */
  className?: string;
}

export function ErrorNotice({ title, children, code, testId, className }: ErrorNoticeProps): ReactNode {
  return (
    <div className={className ? `error-notice ${className}` : 'error-notice'} role="alert" data-testid={testId} data-code={code}>
      <Icon name="alert" size={16} />
      <div>
        <p className="error-notice__title">{title}</p>
        <p>{children}</p>
      </div>
    </div>
  );
}
