// The sidebar's Ollama status line: a dot and "Ollama 0.12.6 · 2 models" / "Ollama unreachable". Renderer.
import type { ReactNode } from 'react';
import type { OllamaStatus } from '../../../../shared/contract/ollama';
import { StatusDot } from '../../components/StatusDot';
import { useOllamaStatus } from '../../stores/StoresContext';
import { describeOllamaStatus } from './describeOllamaStatus';
import './ollama.css';

const TONES = { checking: 'pending', ready: 'ok', unreachable: 'warning', error: 'danger' } as const satisfies Record<OllamaStatus['state'], string>;

export function OllamaStatusIndicator(): ReactNode {
  const status = useOllamaStatus();
  return (
    <div
      className="ollama-indicator"
      role="status"
      data-testid="ollama-status"
      data-state={status.state}
      title={status.url ? `Ollama at ${status.url}` : undefined}
    >
      <StatusDot tone={TONES[status.state]} />
      <span className="ollama-indicator__text">{describeOllamaStatus(status)}</span>
    </div>
  );
}
