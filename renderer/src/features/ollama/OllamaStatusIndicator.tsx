// The sidebar's Ollama status line: a dot and "Ollama 0.12.6 · 2 models" / "Ollama unreachable", or, when the
// built-in engine has models, "Ollama not running · built-in engine answering"; a warning when no model is
// installed anywhere. `compact` (the folded sidebar) shows the dot alone, the words in its tooltip. Renderer.
import type { ReactNode } from 'react';
import type { OllamaStatus } from '../../../../shared/contract/ollama';
import { StatusDot } from '../../components/StatusDot';
import { useModels, useOllamaStatus } from '../../stores/StoresContext';
import { usableBuiltinCount } from '../../lib/builtinAnswering';
import { describeOllamaStatus, noModelAnywhere } from '../../lib/describeOllamaStatus';
import './ollama.css';

const TONES = { checking: 'pending', ready: 'ok', unreachable: 'warning', error: 'danger' } as const satisfies Record<OllamaStatus['state'], string>;

export function OllamaStatusIndicator({ compact = false }: { compact?: boolean }): ReactNode {
  const status = useOllamaStatus();
  const builtin = useModels((s) => usableBuiltinCount(s.installed));
  const covered = builtin > 0 && (status.state === 'unreachable' || status.state === 'error');
  const none = noModelAnywhere(status, builtin);
  const words = describeOllamaStatus(status, builtin);
  return (
    <div
      className={compact ? 'ollama-indicator ollama-indicator--compact' : 'ollama-indicator'}
      role="status"
      data-testid="ollama-status"
      data-state={status.state}
      data-builtin={covered ? 'answering' : undefined}
      data-models={none ? 'none' : undefined}
      title={compact ? words : status.url ? `Ollama at ${status.url}` : undefined}
    >
      <StatusDot tone={covered ? 'ok' : none ? 'warning' : TONES[status.state]} />
      <span className={compact ? 'visually-hidden' : 'ollama-indicator__text'}>{words}</span>
    </div>
  );
}
