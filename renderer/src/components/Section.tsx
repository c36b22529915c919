// A titled card grouping related controls (Settings' sections). Presentational.
import { useId, type ReactNode } from 'react';
import './Section.css';

export interface SectionProps {
  title: string;
  description?: ReactNode;
  testId?: string;
  children: ReactNode;
}

export function Section({ title, description, testId, children }: SectionProps): ReactNode {
  const titleId = useId();
  return (
    <section className="card section" aria-labelledby={titleId} data-testid={testId}>
      <header className="section__header">
        <h2 id={titleId}>{title}</h2>
        {description ? <p className="section__description">{description}</p> : null}
      </header>
      <div className="section__body">{children}</div>
    </section>
  );
}
