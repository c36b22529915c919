// The frame every labelled form field shares: label, control row, error and hint, wired for screen readers. Presentational.
import { useId, type ReactNode } from 'react';
import './Field.css';

/** What the control inside the frame must carry so the label, error and hint belong to it. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

export interface FieldFrameProps {
  label: ReactNode;
  /** Shown under the control and announced; also marks the control invalid. */
  error?: string | null;
  hint?: ReactNode;
  /** Added to `field` on the frame. */
  className?: string;
  /** The row around the control (a slider lays out its own row). */
  rowClassName?: string;
  /** Renders the control (and anything beside it on its row) with the props that wire it to the frame. */
  children(control: FieldControlProps): ReactNode;
}

export function FieldFrame({ label, error, hint, className, rowClassName = 'field__row', children }: FieldFrameProps): ReactNode {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <div className={rowClassName}>{children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}</div>
      {error ? (
        <p id={errorId} className="field__error" role="alert">
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
