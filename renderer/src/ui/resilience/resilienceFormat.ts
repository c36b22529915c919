// How breaker states and budget lines read in the UI. Pure; renderer.
import type { BreakerState, BudgetLine } from '../../../../shared/contract/resilience';
import { modelLabel } from '../../../../shared/contract/models';

/** "ollama · qwen2.5:7b", or "Ollama engine" for an engine's breaker. */
export function breakerName(b: Pick<BreakerState, 'key' | 'scope'>): string {
  if (b.scope === 'engine') return b.key === 'engine:builtin' ? 'Built-in engine' : 'Ollama engine';
  return modelLabel(b.key);
}

/** "open: retried in 12 s", "half-open: next request probes", "closed (2 recent failures)". */
export function describeBreaker(b: BreakerState, now: number): string {
  if (b.state === 'open') return `open: not tried for ${Math.max(0, Math.ceil(((b.retryAt ?? now) - now) / 1000))} s`;
  if (b.state === 'half-open') return 'half-open: the next request probes it';
  return b.failures > 0 ? `closed (${b.failures} recent ${b.failures === 1 ? 'failure' : 'failures'})` : 'closed';
}

const UNITS = { tokens: 'tokens', costUsd: 'cloud-equivalent cost', generationSec: 'generation time' } as const;

export function describeBudgetLine(l: BudgetLine): string {
  const fmt = (v: number): string => (l.measure === 'costUsd' ? `$${v.toFixed(v < 1 ? 4 : 2)}` : l.measure === 'generationSec' ? `${Math.round(v)} s` : Math.round(v).toLocaleString('en-US'));
  const limit = l.limit === null ? 'no limit' : `of ${fmt(l.limit)} (${Math.round((l.share ?? 0) * 100)}%)`;
  return `${l.period === 'day' ? 'Today' : 'This month'}, ${UNITS[l.measure]}: ${fmt(l.used)} ${limit}`;
}
