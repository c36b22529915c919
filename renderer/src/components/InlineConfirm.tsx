// A question asked in place before something destructive, with the harmless choice focused. Presentational.
import { useId, type ReactNode } from 'react';
import { Button } from './Button';
import './InlineConfirm.css';

export interface InlineConfirmProps {
  question: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
  busy?: boolean;
  /** Why the last attempt failed (e.g. the host's CONFLICT message). */
  error?: string | null;
  testId?: string;
}

export function InlineConfirm({ question, confirmLabel, onConfirm, onCancel, busy = false, error, testId }: InlineConfirmProps): ReactNode {
  const questionId = useId();
  return (
    <div className="inline-confirm" role="group" aria-labelledby={questionId} data-testid={testId}>
      <p id={questionId}>{question}</p>
      <div className="inline-confirm__actions">
        <Button variant="danger" busy={busy} onClick={onConfirm} data-testid={testId ? `${testId}-confirm` : undefined}>
          {confirmLabel}
        </Button>
        <Button onClick={onCancel} autoFocus data-testid={testId ? `${testId}-cancel` : undefined}>
          Cancel
        </Button>
      </div>
      {error ? (
        <p className="inline-confirm__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
