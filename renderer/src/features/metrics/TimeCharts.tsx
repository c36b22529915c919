// The charts over time (latency, volume and errors, cost), each with a table of the same numbers. Renderer.
import { memo, type ReactNode } from 'react';
import { Bar, BarChart, Line, LineChart } from 'recharts';
import { formatInteger, NONE } from '../../lib/format';
import { CHART_COLORS, CHART_HEIGHT, CHART_MARGIN, ChartFigure, ChartTable, chartFrame, renderTooltip, type ChartFrameOptions } from './chartKit';
import { bucketsWithAnswers, type BucketPoint } from './chartData';
import { formatAxisMs, formatBucketSize, formatLatency, formatPercent, formatUsd } from './metricsFormat';

interface TimeChartProps {
  points: readonly BucketPoint[];
  bucketMs: number;
}

const latencyTooltip = renderTooltip((value) => formatLatency(value));
const countTooltip = renderTooltip((value) => formatInteger(value));
const costTooltip = renderTooltip((value) => formatUsd(value));

/** Periods along the bottom, thinned out when their labels would crowd. */
const timeFrame = (formatY: (value: number) => string, tooltip: ChartFrameOptions['tooltip'], cursor: ChartFrameOptions['cursor']): ReactNode[] =>
  chartFrame({ x: { dataKey: 'label', minTickGap: 24 }, y: [{ format: formatY }], tooltip, cursor });

/** The tables list the periods with answers; the first column says when each began. */
const periodTable = { rowHeader: 'Period from', empty: 'No answers in this range.' } as const;

export const LatencyChart = memo(function LatencyChart({ points, bucketMs }: TimeChartProps): ReactNode {
  const rows = bucketsWithAnswers(points);
  return (
    <ChartFigure
      title="Latency over time"
      description={`Time from sending a question to the end of its answer: the median (p50) and the slowest 5% (p95) per ${formatBucketSize(bucketMs)} period.`}
      testId="chart-latency"
      chart={
        <LineChart data={points} width="100%" height={CHART_HEIGHT} responsive margin={CHART_MARGIN} accessibilityLayer={false}>
          {timeFrame(formatAxisMs, latencyTooltip, 'line')}
          <Line type="monotone" dataKey="latencyP50Ms" name="p50" stroke={CHART_COLORS.primary} fill={CHART_COLORS.primary} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
          <Line type="monotone" dataKey="latencyP95Ms" name="p95" stroke={CHART_COLORS.secondary} fill={CHART_COLORS.secondary} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
        </LineChart>
      }
      table={
        <ChartTable
          {...periodTable}
          caption="Latency per period, periods with answers"
          columns={['Answers', 'p50', 'p95']}
          rows={rows.map((p) => ({ key: p.start, header: p.label, cells: [formatInteger(p.count), formatLatency(p.latencyP50Ms), formatLatency(p.latencyP95Ms)] }))}
        />
      }
    />
  );
});

export const VolumeChart = memo(function VolumeChart({ points, bucketMs }: TimeChartProps): ReactNode {
  const rows = bucketsWithAnswers(points);
  return (
    <ChartFigure
      title="Answers and errors over time"
      description={`Answers per ${formatBucketSize(bucketMs)} period, with the ones that failed stacked on top.`}
      testId="chart-volume"
      chart={
        <BarChart data={points} width="100%" height={CHART_HEIGHT} responsive margin={CHART_MARGIN} accessibilityLayer={false}>
          {timeFrame((v) => formatInteger(v), countTooltip, 'band')}
          <Bar dataKey="ok" name="Answered" stackId="answers" fill={CHART_COLORS.primary} isAnimationActive={false} />
          <Bar dataKey="errors" name="Failed" stackId="answers" fill={CHART_COLORS.danger} isAnimationActive={false} />
        </BarChart>
      }
      table={
        <ChartTable
          {...periodTable}
          caption="Answers and errors per period, periods with answers"
          columns={['Answers', 'Failed', 'Error rate']}
          rows={rows.map((p) => ({ key: p.start, header: p.label, cells: [formatInteger(p.count), formatInteger(p.errors), formatPercent(p.count === 0 ? null : p.errors / p.count)] }))}
        />
      }
    />
  );
});

export const CostChart = memo(function CostChart({ points, bucketMs, referenceName, energyEnabled }: TimeChartProps & { referenceName: string | null; energyEnabled: boolean }): ReactNode {
  const rows = bucketsWithAnswers(points);
  return (
    <ChartFigure
      title="Cost and savings over time"
      description={
        <>
          What the same tokens would have cost{referenceName ? ` at ${referenceName} prices` : ' in the cloud'} per {formatBucketSize(bucketMs)} period
          {energyEnabled ? ', next to the estimated cost of the electricity used here.' : '. Turn on the energy estimate in Settings to compare it with the electricity used here.'}
        </>
      }
      testId="chart-cost"
      chart={
        <BarChart data={points} width="100%" height={CHART_HEIGHT} responsive margin={CHART_MARGIN} accessibilityLayer={false}>
          {timeFrame((v) => formatUsd(v), costTooltip, 'band')}
          <Bar dataKey="cloudCostUsd" name="Cloud-equivalent cost" fill={CHART_COLORS.primary} isAnimationActive={false} />
          {energyEnabled ? <Bar dataKey="energyCostUsd" name="Energy cost (estimate)" fill={CHART_COLORS.tertiary} isAnimationActive={false} /> : null}
        </BarChart>
      }
      table={
        <ChartTable
          {...periodTable}
          caption="Cost and savings per period, periods with answers"
          columns={energyEnabled ? ['Answers', 'Cloud-equivalent', 'Energy', 'Saved'] : ['Answers', 'Cloud-equivalent', 'Saved']}
          rows={rows.map((p) => ({
            key: p.start,
            header: p.label,
            cells: [
              formatInteger(p.count),
              formatUsd(p.cloudCostUsd),
              ...(energyEnabled ? [p.energyCostUsd === null ? NONE : formatUsd(p.energyCostUsd)] : []),
              formatUsd(p.cloudCostUsd - (p.energyCostUsd ?? 0)),
            ],
          }))}
        />
      }
    />
  );
});
