// The range's headline figures over every model: answers, errors, latency, speed, tokens, and what the same tokens
// would have cost in the cloud. Renderer.
import { memo, type ReactNode } from 'react';
import type { MetricSummary } from '../../../../shared/contract/metrics';
import { StatCard, type StatCardProps } from '../../components/StatCard';
import { formatInteger, formatTokensPerSecond } from '../../lib/format';
import { formatEnergy, formatLatency, formatPercent, formatPrice, formatUsd } from './metricsFormat';

type Props = Pick<MetricSummary, 'overall' | 'costReference' | 'countsByKind'>;

/** One card; `name` is required here since it keys the list and tells the cards apart in tests. */
type Card = Omit<StatCardProps, 'testId'> & { name: string };

export const SummaryCards = memo(function SummaryCards({ overall: o, costReference: ref, countsByKind }: Props): ReactNode {
  const energyOn = o.energyCostUsd !== null;
  const searches = countsByKind['retrieval'] ?? 0;
  const cards: Card[] = [
    {
      name: 'answers',
      label: 'Answers',
      value: formatInteger(o.count),
      detail: [o.cancelled > 0 ? `${formatInteger(o.cancelled)} stopped` : null, searches > 0 ? `${formatInteger(searches)} searches` : null].filter(Boolean).join(' · ') || 'chat and comparison answers',
    },
    { name: 'error-rate', label: 'Error rate', value: formatPercent(o.errorRate), tone: o.errors > 0 ? 'danger' : 'neutral', detail: `${formatInteger(o.errors)} failed` },
    { name: 'latency-p50', label: 'Latency p50', value: formatLatency(o.latencyMs.p50), detail: `first token ${formatLatency(o.ttftMs.p50)}` },
    { name: 'latency-p95', label: 'Latency p95', value: formatLatency(o.latencyMs.p95), detail: `p99 ${formatLatency(o.latencyMs.p99)}` },
    { name: 'tokens-per-second', label: 'Tokens per second', value: formatTokensPerSecond(o.tokensPerSecond.median), detail: `median · mean ${formatTokensPerSecond(o.tokensPerSecond.mean)}` },
    { name: 'tokens', label: 'Tokens in / out', value: `${formatInteger(o.promptTokens)} / ${formatInteger(o.completionTokens)}`, detail: 'prompt / completion' },
    {
      name: 'cloud-cost',
      label: 'Cloud-equivalent cost',
      value: formatUsd(o.cloudCostUsd),
      detail: ref ? (
        <>
          at <span data-testid="metrics-cost-reference">{ref.name}</span> prices: {formatPrice(ref.inputPerMillion)} in, {formatPrice(ref.outputPerMillion)} out per 1M tokens
        </>
      ) : (
        'No price set: add one in Settings'
      ),
    },
    ...(energyOn ? [{ name: 'energy-cost', label: 'Energy cost (estimate)', value: formatUsd(o.energyCostUsd), detail: `${formatEnergy(o.energyKWh)} while generating` }] : []),
    {
      name: 'savings',
      label: 'Saved',
      value: formatUsd(o.savingsUsd),
      tone: o.savingsUsd > 0 ? 'ok' : 'neutral',
      detail: energyOn ? 'cloud-equivalent cost minus the energy estimate' : 'running locally instead of in the cloud',
    },
  ];
  return (
    <div className="metrics-cards" role="list" aria-label="Summary">
      {cards.map((card) => (
        <div key={card.name} role="listitem">
          <StatCard testId="metrics-card" {...card} />
        </div>
      ))}
    </div>
  );
});
