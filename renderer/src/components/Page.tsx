// A screen's frame: its h1, an optional lead sentence, then its content. Presentational.
import type { ReactNode } from 'react';
import './Page.css';

export interface PageProps {
  title: string;
  lead?: ReactNode;
  testId?: string;
  /** Lets a screen with tables use the whole width of the window. */
  wide?: boolean;
  children: ReactNode;
}

export function Page({ title, lead, testId, wide = false, children }: PageProps): ReactNode {
  return (
    <div className={wide ? 'page page--wide' : 'page'} data-testid={testId}>
      <header className="page__header">
        <h1>{title}</h1>
        {lead ? <p className="page__lead">{lead}</p> : null}
      </header>
      {children}
    </div>
  );
}
