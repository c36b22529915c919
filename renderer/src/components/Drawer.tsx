// A modal panel sliding in from the right, on the native <dialog> (focus kept inside, Escape and the backdrop
// close it). Mount it to open it. Presentational.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from './Button';
import { Icon } from './Icon';
import './Drawer.css';

export interface DrawerProps {
  title: ReactNode;
  /** A line under the title (where, what). */
  subtitle?: ReactNode;
  /** Buttons beside Close. */
  actions?: ReactNode;
  onClose(): void;
  testId?: string;
  children: ReactNode;
}

export function Drawer({ title, subtitle, actions, onClose, testId, children }: DrawerProps): ReactNode {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className="drawer"
      aria-labelledby={titleId}
      data-testid={testId}
      onClose={onClose}
      onClick={(event) => {
        // a click on the backdrop lands on the dialog itself
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div className="drawer__panel">
        <header className="drawer__header">
          <div className="drawer__heading">
            <h2 id={titleId} className="drawer__title">
              {title}
            </h2>
            {subtitle ? <p className="drawer__subtitle">{subtitle}</p> : null}
          </div>
          <div className="drawer__actions">
            {actions}
            <Button variant="ghost" onClick={onClose} aria-label="Close" data-testid={testId ? `${testId}-close` : undefined}>
              <Icon name="close" />
            </Button>
          </div>
        </header>
        <div className="drawer__body">{children}</div>
      </div>
    </dialog>
  );
}
