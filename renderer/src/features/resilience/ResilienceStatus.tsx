// The sidebar's reliability line: shown only when a circuit breaker is not closed or a budget warns. Renderer.
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { StatusDot } from '../../components/StatusDot';
import { useResilience } from '../../stores/StoresContext';
import { openBreakers } from '../../stores/resilienceStore';
import { breakerName } from '../../ui/resilience/resilienceFormat';

/** `compact`: the folded sidebar's rail, where the dot shows and the words are for screen readers (and the tooltip). */
export function ResilienceStatus({ compact = false }: { compact?: boolean }): ReactNode {
  const open = useResilience(useShallow((s) => openBreakers(s.breakers)));
  const budgetMessages = useResilience(useShallow((s) => s.budget?.messages ?? []));
  const blocked = useResilience((s) => s.budget?.blocked ?? false);
  if (open.length === 0 && budgetMessages.length === 0) return null;
  const parts = [...open.map((b) => `${breakerName(b)}: breaker ${b.state}`), ...budgetMessages];
  return (
    <div className="ollama-indicator" role="status" data-testid="resilience-status" data-breakers={open.length} data-blocked={blocked ? 'true' : undefined} title={parts.join('\n')}>
      <StatusDot tone={blocked || open.some((b) => b.state === 'open') ? 'danger' : 'warning'} />
      <span className={compact ? 'visually-hidden' : 'ollama-indicator__text'}>{parts[0]}{parts.length > 1 ? ` (+${parts.length - 1})` : ''}</span>
    </div>
  );
}
