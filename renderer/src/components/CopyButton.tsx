// A button that copies text to the clipboard and says so ("Copied", or why not) for a moment. Presentational.
import { useEffect, useState, type ReactNode } from 'react';
import { copyText } from '../lib/clipboard';
import { Button } from './Button';

export interface CopyButtonProps {
  /** Read at click time, so the text is the one on screen then. */
  getText: () => string;
  label: string;
  /** Accessible name when the label alone is ambiguous ("Copy code"). */
  ariaLabel?: string;
  className?: string;
  testId?: string;
}

const SHOWN_MS = 1500;

export function CopyButton({ getText, label, ariaLabel, className, testId }: CopyButtonProps): ReactNode {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <Button
      variant="ghost"
      className={className}
      aria-label={ariaLabel}
      data-testid={testId}
      data-state={state}
      onClick={() => void copyText(getText()).then((ok) => setState(ok ? 'copied' : 'failed'))}
    >
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy' : label}</span>
    </Button>
  );
}
