// The charts by model (time to first token and speed; retrieval versus generation), each with its table. Renderer.
import { memo, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricAggregate } from '../../../../shared/contract/metrics';
import { AXIS_TICK, CHART_COLORS, CHART_HEIGHT, CHART_MARGIN, ChartFigure, legendLabel, renderTooltip } from './chartKit';
import { modelPoints, type ModelPoint } from './chartData';
import { formatAxisMs, formatAxisTps, formatLatency, formatPercent, formatTokensPerSecond, NONE } from './metricsFormat';

interface ModelChartProps {
  byModel: readonly MetricAggregate[];
}

const speedTooltip = renderTooltip((value, key) => (key === 'tokensPerSecondMedian' ? formatTokensPerSecond(value) : formatLatency(value)));
const latencyTooltip = renderTooltip((value) => formatLatency(value));

const modelAxis = <XAxis dataKey="model" tick={AXIS_TICK} stroke={CHART_COLORS.axis} tickLine={false} interval={0} />;
const grid = <CartesianGrid stroke={CHART_COLORS.grid} strokeDasharray="3 3" vertical={false} />;

export const TtftSpeedChart = memo(function TtftSpeedChart({ byModel }: ModelChartProps): ReactNode {
  const points = modelPoints(byModel);
  return (
    <ChartFigure
      title="Time to first token and speed by model"
      description="The median wait before an answer starts (left axis), and the median tokens per second once it does (right axis)."
      testId="chart-ttft-tps"
      chart={
        <BarChart data={points} width="100%" height={CHART_HEIGHT} responsive margin={CHART_MARGIN} accessibilityLayer={false}>
          {grid}
          {modelAxis}
          <YAxis yAxisId="ttft" tick={AXIS_TICK} stroke={CHART_COLORS.axis} tickLine={false} tickFormatter={formatAxisMs} width={68} />
          <YAxis yAxisId="tps" orientation="right" tick={AXIS_TICK} stroke={CHART_COLORS.axis} tickLine={false} tickFormatter={formatAxisTps} width={84} />
          <Tooltip content={speedTooltip} cursor={{ fill: CHART_COLORS.cursor }} isAnimationActive={false} />
          <Legend formatter={legendLabel} />
          <Bar yAxisId="ttft" dataKey="ttftP50Ms" name="Time to first token (p50)" fill={CHART_COLORS.primary} isAnimationActive={false} />
          <Bar yAxisId="tps" dataKey="tokensPerSecondMedian" name="Tokens per second (median)" fill={CHART_COLORS.secondary} isAnimationActive={false} />
        </BarChart>
      }
      table={
        <table className="metrics-table">
          <caption className="visually-hidden">Time to first token and tokens per second by model</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col" className="metrics-table__num">
                TTFT p50
              </th>
              <th scope="col" className="metrics-table__num">
                TTFT p95
              </th>
              <th scope="col" className="metrics-table__num">
                Median tok/s
              </th>
              <th scope="col" className="metrics-table__num">
                Mean tok/s
              </th>
            </tr>
          </thead>
          <tbody>
            {byModel.map((a) => (
              <tr key={a.model ?? ''}>
                <th scope="row" className="metrics-table__model">
                  {a.model}
                </th>
                <td className="metrics-table__num">{formatLatency(a.ttftMs.p50)}</td>
                <td className="metrics-table__num">{formatLatency(a.ttftMs.p95)}</td>
                <td className="metrics-table__num">{formatTokensPerSecond(a.tokensPerSecond.median)}</td>
                <td className="metrics-table__num">{formatTokensPerSecond(a.tokensPerSecond.mean)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
});

const retrievalShare = (p: ModelPoint): number | null => {
  if (p.retrievalMsMean === null || p.generationMsMean === null) return null;
  const total = p.retrievalMsMean + p.generationMsMean;
  return total > 0 ? p.retrievalMsMean / total : null;
};

export const RetrievalGenerationChart = memo(function RetrievalGenerationChart({ byModel }: ModelChartProps): ReactNode {
  const points = modelPoints(byModel);
  return (
    <ChartFigure
      title="Retrieval versus generation by model"
      description="Mean time per answer spent finding passages (embedding the question and searching the library), and the rest: building the prompt, loading the model and writing the answer."
      testId="chart-retrieval-generation"
      chart={
        <BarChart data={points} width="100%" height={CHART_HEIGHT} responsive margin={CHART_MARGIN} accessibilityLayer={false}>
          {grid}
          {modelAxis}
          <YAxis tick={AXIS_TICK} stroke={CHART_COLORS.axis} tickLine={false} tickFormatter={formatAxisMs} width={68} />
          <Tooltip content={latencyTooltip} cursor={{ fill: CHART_COLORS.cursor }} isAnimationActive={false} />
          <Legend formatter={legendLabel} />
          <Bar dataKey="retrievalMsMean" name="Retrieval" stackId="time" fill={CHART_COLORS.tertiary} isAnimationActive={false} />
          <Bar dataKey="generationMsMean" name="Generation" stackId="time" fill={CHART_COLORS.primary} isAnimationActive={false} />
        </BarChart>
      }
      table={
        <table className="metrics-table">
          <caption className="visually-hidden">Mean retrieval and generation time by model</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col" className="metrics-table__num">
                Retrieval (mean)
              </th>
              <th scope="col" className="metrics-table__num">
                Generation (mean)
              </th>
              <th scope="col" className="metrics-table__num">
                Retrieval share
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.model}>
                <th scope="row" className="metrics-table__model">
                  {p.model}
                </th>
                <td className="metrics-table__num">{formatLatency(p.retrievalMsMean)}</td>
                <td className="metrics-table__num">{formatLatency(p.generationMsMean)}</td>
                <td className="metrics-table__num">{retrievalShare(p) === null ? NONE : formatPercent(retrievalShare(p))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
});
