// Every model's figures for the range in one table: answers, errors by type, latency and first-token percentiles,
// speed, tokens and cloud-equivalent cost. Renderer.
import { memo, type ReactNode } from 'react';
import type { MetricAggregate } from '../../../../shared/contract/metrics';
import { formatInteger, formatTokensPerSecond } from '../../lib/format';
import { formatErrorsByType, formatLatency, formatPercent, formatUsd } from './metricsFormat';
import { modelLabel } from '../../../../shared/contract/models';
import { useSectionTarget } from '../../lib/useHashRoute';

interface FigureColumn {
  /** `data-col` on the cell, for tests. */
  col: string;
  /** The heading under its group's. */
  label: string;
  value(a: MetricAggregate): string;
}

/** The columns grouped under a shared heading ("Latency": p50, p95, p99), in the order they show. */
const GROUPS: readonly { title: string; columns: readonly FigureColumn[] }[] = [
  {
    title: 'Latency',
    columns: [
      { col: 'latency-p50', label: 'p50', value: (a) => formatLatency(a.latencyMs.p50) },
      { col: 'latency-p95', label: 'p95', value: (a) => formatLatency(a.latencyMs.p95) },
      { col: 'latency-p99', label: 'p99', value: (a) => formatLatency(a.latencyMs.p99) },
    ],
  },
  {
    title: 'First token',
    columns: [
      { col: 'ttft-p50', label: 'p50', value: (a) => formatLatency(a.ttftMs.p50) },
      { col: 'ttft-p95', label: 'p95', value: (a) => formatLatency(a.ttftMs.p95) },
    ],
  },
  {
    title: 'Tokens/s',
    columns: [
      { col: 'tps-median', label: 'median', value: (a) => formatTokensPerSecond(a.tokensPerSecond.median) },
      { col: 'tps-mean', label: 'mean', value: (a) => formatTokensPerSecond(a.tokensPerSecond.mean) },
    ],
  },
  {
    title: 'Tokens',
    columns: [
      { col: 'prompt-tokens', label: 'in', value: (a) => formatInteger(a.promptTokens) },
      { col: 'completion-tokens', label: 'out', value: (a) => formatInteger(a.completionTokens) },
    ],
  },
];

const GROUPED_COLUMNS = GROUPS.flatMap((group) => group.columns);

export const ModelTable = memo(function ModelTable({ byModel, overall }: { byModel: readonly MetricAggregate[]; overall: MetricAggregate }): ReactNode {
  const target = useSectionTarget<HTMLElement>('models');
  return (
    <section ref={target} tabIndex={-1} className="metrics-panel" aria-labelledby="metrics-models-title" data-section="models">
      <header className="metrics-panel__header">
        <h2 id="metrics-models-title">By model</h2>
        <p className="metrics-panel__description">Percentiles are exact over the range’s answers; latency and speed count answers that finished without an error.</p>
      </header>
      <div className="table-scroller">
        {/* two header rows, and no vertical scroll: no sticky header */}
        <table className="data-table data-table--compact metrics-table" data-testid="metrics-models">
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                Model
              </th>
              <th scope="col" rowSpan={2} className="data-table__num">
                Answers
              </th>
              <th scope="col" rowSpan={2}>
                Errors
              </th>
              {GROUPS.map((group) => (
                <th key={group.title} scope="colgroup" colSpan={group.columns.length} className="metrics-table__group">
                  {group.title}
                </th>
              ))}
              <th scope="col" rowSpan={2} className="data-table__num">
                Cloud cost
              </th>
            </tr>
            <tr>
              {GROUPED_COLUMNS.map((column) => (
                <th key={column.col} scope="col" className="data-table__num">
                  {column.label}
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
        {total || a.model === null ? 'All models' : modelLabel(a.model)}
      </th>
      <td className="data-table__num" data-col="count">
        {formatInteger(a.count)}
      </td>
      <td data-col="errors">
        <span className="metrics-table__rate">{formatPercent(a.errorRate)}</span>
        {errors ? <span className="metrics-table__errors"> {errors}</span> : null}
        {a.cancelled > 0 ? <span className="metrics-table__errors"> · {formatInteger(a.cancelled)} stopped</span> : null}
      </td>
      {GROUPED_COLUMNS.map((column) => (
        <td key={column.col} className="data-table__num" data-col={column.col}>
          {column.value(a)}
        </td>
      ))}
      <td className="data-table__num" data-col="cost">
        {formatUsd(a.cloudCostUsd)}
      </td>
    </tr>
  );
}
