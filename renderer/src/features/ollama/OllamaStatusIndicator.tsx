// The sidebar's Ollama status line: a dot and "Ollama 0.12.6 · 2 models" / "Ollama unreachable", or, when the
// built-in engine has models, "Ollama not running · built-in engine answering". Renderer.
import type { ReactNode } from 'react';
import type { OllamaStatus } from '../../../../shared/contract/ollama';
import { StatusDot } from '../../components/StatusDot';
import { useModels, useOllamaStatus } from '../../stores/StoresContext';
import { usableBuiltinCount } from './builtinAnswering';
import { describeOllamaStatus } from './describeOllamaStatus';
import './ollama.css';

const TONES = { checking: 'pending', ready: 'ok', unreachable: 'warning', error: 'danger' } as const satisfies Record<OllamaStatus['state'], string>;

export function OllamaStatusIndicator(): ReactNode {
  const status = useOllamaStatus();
  const builtin = useModels((s) => usableBuiltinCount(s.installed));
  const covered = builtin > 0 && (status.state === 'unreachable' || status.state === 'error');
  return (
    <div
      className="ollama-indicator"
      role="status"
      data-testid="ollama-status"
      data-state={status.state}
      data-builtin={covered ? 'answering' : undefined}
      title={status.url ? `Ollama at ${status.url}` : undefined}
    >
      <StatusDot tone={covered ? 'ok' : TONES[status.state]} />
      <span className="ollama-indicator__text">{describeOllamaStatus(status, builtin)}</span>
    </div>
  );
}
