// A card for a screen or list with nothing in it yet: an icon, a short title and a sentence or two. Presentational.
import { useId, type ReactNode } from 'react';
import { Icon, type IconName } from './Icon';
import './EmptyState.css';

export interface EmptyStateProps {
  title: string;
  icon: IconName;
  children: ReactNode;
  testId?: string;
}

export function EmptyState({ title, icon, children, testId }: EmptyStateProps): ReactNode {
  const titleId = useId();
  return (
    <section className="empty-state" aria-labelledby={titleId} data-testid={testId}>
      <span className="empty-state__icon">
        <Icon name={icon} size={28} />
      </span>
      <h2 id={titleId} className="empty-state__title">
        {title}
      </h2>
      <div className="empty-state__text">{children}</div>
    </section>
  );
}
