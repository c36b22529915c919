// Metrics for the answer cache (hit rate, time and tokens saved, a hit's latency against a fresh answer's first
// token) and for Auto routing (answers, latency and cost per tier). Renderer.
import { memo, type ReactNode } from 'react';
import type { CacheSummary, MetricAggregate } from '../../../../shared/contract/metrics';
import { StatCard } from '../../components/StatCard';
import { formatInteger } from '../../lib/format';
import { formatLatency, formatPercent, formatUsd } from './metricsFormat';

export const CachePanel = memo(function CachePanel({ cache: c }: { cache: CacheSummary }): ReactNode {
  if (c.lookups === 0) return null;
  const cards = [
    { name: 'cache-hit-rate', label: 'Cache hit rate', value: formatPercent(c.hitRate), detail: `${formatInteger(c.hits)} of ${formatInteger(c.lookups)} first questions` },
    { name: 'cache-time-saved', label: 'Time saved', value: formatLatency(c.savedMs), detail: 'the original answers’ total time' },
    { name: 'cache-tokens-saved', label: 'Tokens saved', value: formatInteger(c.savedTokens), detail: 'prompt and answer tokens not generated again' },
    { name: 'cache-hit-latency', label: 'Cached answer p50 / p95', value: `${formatLatency(c.hitLatencyMs.p50)} / ${formatLatency(c.hitLatencyMs.p95)}`, detail: `fresh first token ${formatLatency(c.freshTtftMs.p50)} / ${formatLatency(c.freshTtftMs.p95)}` },
  ];
  return (
    <section className="metrics-panel" aria-labelledby="metrics-cache-title" data-testid="metrics-cache">
      <header className="metrics-panel__header">
        <h2 id="metrics-cache-title">Answer cache</h2>
        <p className="metrics-panel__description">Cached answers are counted here only, not in the models’ figures.</p>
      </header>
      <div className="metrics-cards" role="list" aria-label="Answer cache">
        {cards.map((card) => (
          <div key={card.name} role="listitem">
            <StatCard testId="metrics-cache-card" {...card} />
          </div>
        ))}
      </div>
    </section>
  );
});

export const TierTable = memo(function TierTable({ byTier }: { byTier: readonly MetricAggregate[] }): ReactNode {
  if (byTier.length === 0) return null;
  return (
    <section className="metrics-panel" aria-labelledby="metrics-tiers-title">
      <header className="metrics-panel__header">
        <h2 id="metrics-tiers-title">Auto tiers</h2>
        <p className="metrics-panel__description">Answers routed by Auto, per tier.</p>
      </header>
      <div className="table-scroller">
        <table className="data-table data-table--compact metrics-table" data-testid="metrics-tiers">
          <thead>
            <tr>
              <th scope="col">Tier</th>
              <th scope="col" className="data-table__num">Answers</th>
              <th scope="col" className="data-table__num">Errors</th>
              <th scope="col" className="data-table__num">Latency p50</th>
              <th scope="col" className="data-table__num">Latency p95</th>
              <th scope="col" className="data-table__num">First token p50</th>
              <th scope="col" className="data-table__num">Cloud cost</th>
            </tr>
          </thead>
          <tbody>
            {byTier.map((t) => (
              <tr key={t.model ?? ''} data-testid="metrics-tier-row" data-tier={t.model ?? undefined}>
                <th scope="row">{t.model}</th>
                <td className="data-table__num">{formatInteger(t.count)}</td>
                <td className="data-table__num">{formatPercent(t.errorRate)}</td>
                <td className="data-table__num">{formatLatency(t.latencyMs.p50)}</td>
                <td className="data-table__num">{formatLatency(t.latencyMs.p95)}</td>
                <td className="data-table__num">{formatLatency(t.ttftMs.p50)}</td>
                <td className="data-table__num">{formatUsd(t.cloudCostUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
});
