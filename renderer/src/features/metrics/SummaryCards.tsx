// The range's headline figures over every model: answers, errors, latency, speed, tokens, and what the same tokens
// would have cost in the cloud. Renderer.
import { memo, type ReactNode } from 'react';
import type { MetricSummary } from '../../../../shared/contract/metrics';
import { StatCard } from '../../components/StatCard';
import { formatEnergy, formatInteger, formatLatency, formatPercent, formatPrice, formatTokensPerSecond, formatUsd } from './metricsFormat';

type Props = Pick<MetricSummary, 'overall' | 'costReference' | 'countsByKind'>;

export const SummaryCards = memo(function SummaryCards({ overall: o, costReference: ref, countsByKind }: Props): ReactNode {
  const energyOn = o.energyCostUsd !== null;
  const searches = countsByKind['retrieval'] ?? 0;
  return (
    <div className="metrics-cards" role="list" aria-label="Summary">
      <div role="listitem">
        <StatCard
          testId="metrics-card"
          name="answers"
          label="Answers"
          value={formatInteger(o.count)}
          detail={[o.cancelled > 0 ? `${formatInteger(o.cancelled)} stopped` : null, searches > 0 ? `${formatInteger(searches)} searches` : null].filter(Boolean).join(' · ') || 'chat and comparison answers'}
        />
      </div>
      <div role="listitem">
        <StatCard
          testId="metrics-card"
          name="error-rate"
          label="Error rate"
          value={formatPercent(o.errorRate)}
          tone={o.errors > 0 ? 'danger' : 'neutral'}
          detail={`${formatInteger(o.errors)} failed`}
        />
      </div>
      <div role="listitem">
        <StatCard testId="metrics-card" name="latency-p50" label="Latency p50" value={formatLatency(o.latencyMs.p50)} detail={`first token ${formatLatency(o.ttftMs.p50)}`} />
      </div>
      <div role="listitem">
        <StatCard testId="metrics-card" name="latency-p95" label="Latency p95" value={formatLatency(o.latencyMs.p95)} detail={`p99 ${formatLatency(o.latencyMs.p99)}`} />
      </div>
      <div role="listitem">
        <StatCard
          testId="metrics-card"
          name="tokens-per-second"
          label="Tokens per second"
          value={formatTokensPerSecond(o.tokensPerSecond.median)}
          detail={`median · mean ${formatTokensPerSecond(o.tokensPerSecond.mean)}`}
        />
      </div>
      <div role="listitem">
        <StatCard testId="metrics-card" name="tokens" label="Tokens in / out" value={`${formatInteger(o.promptTokens)} / ${formatInteger(o.completionTokens)}`} detail="prompt / completion" />
      </div>
      <div role="listitem">
        <StatCard
          testId="metrics-card"
          name="cloud-cost"
          label="Cloud-equivalent cost"
          value={formatUsd(o.cloudCostUsd)}
          detail={
            ref ? (
              <>
                at <span data-testid="metrics-cost-reference">{ref.name}</span> prices: {formatPrice(ref.inputPerMillion)} in, {formatPrice(ref.outputPerMillion)} out per 1M tokens
              </>
            ) : (
              'No price set: add one in Settings'
            )
          }
        />
      </div>
      {energyOn ? (
        <div role="listitem">
          <StatCard testId="metrics-card" name="energy-cost" label="Energy cost (estimate)" value={formatUsd(o.energyCostUsd)} detail={`${formatEnergy(o.energyKWh)} while generating`} />
        </div>
      ) : null}
      <div role="listitem">
        <StatCard
          testId="metrics-card"
          name="savings"
          label="Saved"
          value={formatUsd(o.savingsUsd)}
          tone={o.savingsUsd > 0 ? 'ok' : 'neutral'}
          detail={energyOn ? 'cloud-equivalent cost minus the energy estimate' : 'running locally instead of in the cloud'}
        />
      </div>
    </div>
  );
});
