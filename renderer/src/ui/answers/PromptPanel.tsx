// Exactly what an answer sent to the model: each message's role and content, monospace, with Copy. Renderer.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { PromptMessage } from '../../../../shared/contract/chat';
import { Button } from '../../components/Button';
import { promptAsText } from './answerFormat';
import { revealInList } from './revealInList';
import './answers.css';

export interface PromptPanelProps {
  prompt: readonly PromptMessage[];
  template: string | null;
  /** Opened by a click on this answer: bring its start into view (the list would otherwise stay at the bottom). */
  scrollIntoViewOnOpen?: boolean;
}

export function PromptPanel({ prompt, template, scrollIntoViewOnOpen = false }: PromptPanelProps): ReactNode {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (scrollIntoViewOnOpen && ref.current) revealInList(ref.current);
  }, [scrollIntoViewOnOpen]);
  const copy = (): void => {
    navigator.clipboard.writeText(promptAsText(prompt)).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <section ref={ref} className="prompt-panel" aria-label="Prompt sent to the model" data-testid="prompt-panel">
      <header className="prompt-panel__header">
        <span>
          Prompt sent to the model{template ? ` · template ${template}` : ''} · {prompt.length} {prompt.length === 1 ? 'message' : 'messages'}
        </span>
        <Button variant="ghost" onClick={copy} data-testid="prompt-copy">
          {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy'}
        </Button>
      </header>
      {prompt.map((m, i) => (
        <div key={i} className="prompt-panel__message" data-role={m.role}>
          <div className="prompt-panel__role">{m.role}</div>
          <pre className="prompt-panel__content">{m.content}</pre>
        </div>
      ))}
    </section>
  );
}
