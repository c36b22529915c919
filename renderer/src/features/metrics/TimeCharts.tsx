// The charts over time (latency, volume and errors, cost), each with a table of the same numbers. Renderer.
import { memo, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_TICK, CHART_COLORS, CHART_HEIGHT, CHART_MARGIN, ChartFigure, legendLabel, renderTooltip } from './chartKit';
import { bucketsWithAnswers, type BucketPoint } from './chartData';
import { formatAxisMs, formatBucketSize, formatInteger, formatLatency, formatPercent, formatUsd, NONE } from './metricsFormat';

interface TimeChartProps {
  points: readonly BucketPoint[];
  bucketMs: number;
}

const latencyTooltip = renderTooltip((value) => formatLatency(value));
const countTooltip = renderTooltip((value) => formatInteger(value));
const costTooltip = renderTooltip((value) => formatUsd(value));

const axes = (formatY: (value: number) => string): ReactNode[] => [
  <CartesianGrid key="grid" stroke={CHART_COLORS.grid} strokeDasharray="3 3" vertical={false} />,
  <XAxis key="x" dataKey="label" tick={AXIS_TICK} stroke={CHART_COLORS.axis} tickLine={false} minTickGap={24} />,
  <YAxis key="y" tick={AXIS_TICK} stroke={CHART_COLORS.axis} tickLine={false} tickFormatter={formatY} width={68} />,
];

function NoRows({ columns }: { columns: number }): ReactNode {
  return (
    <tr>
      <td colSpan={columns} className="metrics-table__none">
        No answers in this range.
      </td>
    </tr>
  );
}

export const LatencyChart = memo(function LatencyChart({ points, bucketMs }: TimeChartProps): ReactNode {
  const rows = bucketsWithAnswers(points);
  return (
    <ChartFigure
      title="Latency over time"
      description={`Time from sending a question to the end of its answer: the median (p50) and the slowest 5% (p95) per ${formatBucketSize(bucketMs)} period.`}
      testId="chart-latency"
      chart={
        <LineChart data={points as BucketPoint[]} width="100%" height={CHART_HEIGHT} responsive margin={CHART_MARGIN} accessibilityLayer={false}>
          {axes(formatAxisMs)}
          <Tooltip content={latencyTooltip} cursor={{ stroke: CHART_COLORS.axis }} isAnimationActive={false} />
          <Legend formatter={legendLabel} />
          <Line type="monotone" dataKey="latencyP50Ms" name="p50" stroke={CHART_COLORS.primary} fill={CHART_COLORS.primary} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
          <Line type="monotone" dataKey="latencyP95Ms" name="p95" stroke={CHART_COLORS.secondary} fill={CHART_COLORS.secondary} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
        </LineChart>
      }
      table={
        <table className="metrics-table">
          <caption className="visually-hidden">Latency per period, periods with answers</caption>
          <thead>
            <tr>
              <th scope="col">Period from</th>
              <th scope="col" className="metrics-table__num">
                Answers
              </th>
              <th scope="col" className="metrics-table__num">
                p50
              </th>
              <th scope="col" className="metrics-table__num">
                p95
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? <NoRows columns={4} /> : null}
            {rows.map((p) => (
              <tr key={p.start}>
                <th scope="row">{p.label}</th>
                <td className="metrics-table__num">{formatInteger(p.count)}</td>
                <td className="metrics-table__num">{formatLatency(p.latencyP50Ms)}</td>
                <td className="metrics-table__num">{formatLatency(p.latencyP95Ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
        <BarChart data={points as BucketPoint[]} width="100%" height={CHART_HEIGHT} responsive margin={CHART_MARGIN} accessibilityLayer={false}>
          {axes((v) => formatInteger(v))}
          <Tooltip content={countTooltip} cursor={{ fill: CHART_COLORS.cursor }} isAnimationActive={false} />
          <Legend formatter={legendLabel} />
          <Bar dataKey="ok" name="Answered" stackId="answers" fill={CHART_COLORS.primary} isAnimationActive={false} />
          <Bar dataKey="errors" name="Failed" stackId="answers" fill={CHART_COLORS.danger} isAnimationActive={false} />
        </BarChart>
      }
      table={
        <table className="metrics-table">
          <caption className="visually-hidden">Answers and errors per period, periods with answers</caption>
          <thead>
            <tr>
              <th scope="col">Period from</th>
              <th scope="col" className="metrics-table__num">
                Answers
              </th>
              <th scope="col" className="metrics-table__num">
                Failed
              </th>
              <th scope="col" className="metrics-table__num">
                Error rate
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? <NoRows columns={4} /> : null}
            {rows.map((p) => (
              <tr key={p.start}>
                <th scope="row">{p.label}</th>
                <td className="metrics-table__num">{formatInteger(p.count)}</td>
                <td className="metrics-table__num">{formatInteger(p.errors)}</td>
                <td className="metrics-table__num">{formatPercent(p.count === 0 ? null : p.errors / p.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
        <BarChart data={points as BucketPoint[]} width="100%" height={CHART_HEIGHT} responsive margin={CHART_MARGIN} accessibilityLayer={false}>
          {axes((v) => formatUsd(v))}
          <Tooltip content={costTooltip} cursor={{ fill: CHART_COLORS.cursor }} isAnimationActive={false} />
          <Legend formatter={legendLabel} />
          <Bar dataKey="cloudCostUsd" name="Cloud-equivalent cost" fill={CHART_COLORS.primary} isAnimationActive={false} />
          {energyEnabled ? <Bar dataKey="energyCostUsd" name="Energy cost (estimate)" fill={CHART_COLORS.tertiary} isAnimationActive={false} /> : null}
        </BarChart>
      }
      table={
        <table className="metrics-table">
          <caption className="visually-hidden">Cost and savings per period, periods with answers</caption>
          <thead>
            <tr>
              <th scope="col">Period from</th>
              <th scope="col" className="metrics-table__num">
                Answers
              </th>
              <th scope="col" className="metrics-table__num">
                Cloud-equivalent
              </th>
              {energyEnabled ? (
                <th scope="col" className="metrics-table__num">
                  Energy
                </th>
              ) : null}
              <th scope="col" className="metrics-table__num">
                Saved
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? <NoRows columns={energyEnabled ? 5 : 4} /> : null}
            {rows.map((p) => (
              <tr key={p.start}>
                <th scope="row">{p.label}</th>
                <td className="metrics-table__num">{formatInteger(p.count)}</td>
                <td className="metrics-table__num">{formatUsd(p.cloudCostUsd)}</td>
                {energyEnabled ? <td className="metrics-table__num">{p.energyCostUsd === null ? NONE : formatUsd(p.energyCostUsd)}</td> : null}
                <td className="metrics-table__num">{formatUsd(p.cloudCostUsd - (p.energyCostUsd ?? 0))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
});
