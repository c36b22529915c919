// Every model's figures for the range in one table: answers, errors by type, latency and first-token percentiles,
// speed, tokens and cloud-equivalent cost. Renderer.
import { memo, type ReactNode } from 'react';
import type { MetricAggregate } from '../../../../shared/contract/metrics';
import { formatErrorsByType, formatInteger, formatLatency, formatPercent, formatTokensPerSecond, formatUsd } from './metricsFormat';

export const ModelTable = memo(function ModelTable({ byModel, overall }: { byModel: readonly MetricAggregate[]; overall: MetricAggregate }): ReactNode {
  return (
    <section className="metrics-panel" aria-labelledby="metrics-models-title">
      <header className="metrics-panel__header">
        <h2 id="metrics-models-title">By model</h2>
        <p className="metrics-panel__description">Percentiles are exact over the range’s answers; latency and speed count answers that finished without an error.</p>
      </header>
      <div className="metrics-table__scroller">
        <table className="metrics-table metrics-table--models" data-testid="metrics-models">
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                Model
              </th>
              <th scope="col" rowSpan={2} className="metrics-table__num">
                Answers
              </th>
              <th scope="col" rowSpan={2}>
                Errors
              </th>
              <th scope="colgroup" colSpan={3} className="metrics-table__group">
                Latency
              </th>
              <th scope="colgroup" colSpan={2} className="metrics-table__group">
                First token
              </th>
              <th scope="colgroup" colSpan={2} className="metrics-table__group">
                Tokens/s
              </th>
              <th scope="colgroup" colSpan={2} className="metrics-table__group">
                Tokens
              </th>
              <th scope="col" rowSpan={2} className="metrics-table__num">
                Cloud cost
              </th>
            </tr>
            <tr>
              {['p50', 'p95', 'p99', 'p50', 'p95', 'median', 'mean', 'in', 'out'].map((label, i) => (
                <th key={i} scope="col" className="metrics-table__num">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {byModel.map((a) => (
              <ModelRow key={a.model ?? ''} aggregate={a} />
            ))}
          </tbody>
          {byModel.length > 1 ? (
            <tfoot>
              <ModelRow aggregate={overall} />
            </tfoot>
          ) : null}
        </table>
      </div>
    </section>
  );
});

function ModelRow({ aggregate: a }: { aggregate: MetricAggregate }): ReactNode {
  const total = a.model === null;
  const errors = formatErrorsByType(a.errorsByType);
  return (
    <tr data-testid={total ? 'metrics-model-total' : 'metrics-model-row'} data-model={a.model ?? undefined}>
      <th scope="row" className="metrics-table__model">
        {total ? 'All models' : a.model}
      </th>
      <td className="metrics-table__num" data-col="count">
        {formatInteger(a.count)}
      </td>
      <td data-col="errors">
        <span className="metrics-table__rate">{formatPercent(a.errorRate)}</span>
        {errors ? <span className="metrics-table__errors"> {errors}</span> : null}
        {a.cancelled > 0 ? <span className="metrics-table__errors"> · {formatInteger(a.cancelled)} stopped</span> : null}
      </td>
      <td className="metrics-table__num" data-col="latency-p50">
        {formatLatency(a.latencyMs.p50)}
      </td>
      <td className="metrics-table__num" data-col="latency-p95">
        {formatLatency(a.latencyMs.p95)}
      </td>
      <td className="metrics-table__num" data-col="latency-p99">
        {formatLatency(a.latencyMs.p99)}
      </td>
      <td className="metrics-table__num" data-col="ttft-p50">
        {formatLatency(a.ttftMs.p50)}
      </td>
      <td className="metrics-table__num" data-col="ttft-p95">
        {formatLatency(a.ttftMs.p95)}
      </td>
      <td className="metrics-table__num" data-col="tps-median">
        {formatTokensPerSecond(a.tokensPerSecond.median)}
      </td>
      <td className="metrics-table__num" data-col="tps-mean">
        {formatTokensPerSecond(a.tokensPerSecond.mean)}
      </td>
      <td className="metrics-table__num" data-col="prompt-tokens">
        {formatInteger(a.promptTokens)}
      </td>
      <td className="metrics-table__num" data-col="completion-tokens">
        {formatInteger(a.completionTokens)}
      </td>
      <td className="metrics-table__num" data-col="cost">
        {formatUsd(a.cloudCostUsd)}
      </td>
    </tr>
  );
}
