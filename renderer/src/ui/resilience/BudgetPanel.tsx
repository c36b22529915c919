// Metrics: budget use today and this month against the limits in Settings, the generation cap, and the fallback
// rate by model and reason. Renderer.
import { useEffect, type ReactNode } from 'react';
import { modelLabel } from '../../../../shared/contract/models';
import { useMetrics, useResilience } from '../../stores/StoresContext';
import { describeBudgetLine } from './resilienceFormat';

export function BudgetPanel(): ReactNode {
  const budget = useResilience((s) => s.budget);
  const refresh = useResilience((s) => s.refresh);
  const fallbacks = useMetrics((s) => s.summary?.fallbacks ?? null);
  useEffect(() => void refresh(), [refresh]);
  if (!budget) return null;
  const limited = budget.lines.filter((l) => l.limit !== null);
  const shown = limited.length > 0 ? limited : budget.lines.filter((l) => l.measure === 'tokens');
  return (
    <section className="card" data-testid="budget-panel" aria-label="Budgets and fallbacks">
      <h2>Budgets</h2>
      <ul>
        {shown.map((l) => (
          <li key={`${l.period}-${l.measure}`} data-testid="budget-line" data-state={l.state}>
            {describeBudgetLine(l)}
          </li>
        ))}
      </ul>
      {budget.messages.length > 0 ? <p data-testid="budget-warning" role="alert">{budget.messages.join(' · ')}</p> : null}
      <p>
        Generations running: {budget.activeGenerations} of at most {budget.maxConcurrentGenerations}. At a limit: {budget.atLimit === 'block' ? 'new answers are blocked' : 'a warning only'}.
      </p>
      <h3>Fallbacks</h3>
      {fallbacks && fallbacks.length > 0 ? (
        <ul data-testid="fallback-rates">
          {fallbacks.map((f) => (
            <li key={`${f.model}-${f.reason}`}>
              {modelLabel(f.model)}: {f.count} {f.count === 1 ? 'answer' : 'answers'} by a fallback ({Math.round(f.rate * 100)}%), {f.reason}
            </li>
          ))}
        </ul>
      ) : (
        <p>No answer in this range came from a fallback model.</p>
      )}
    </section>
  );
}
