// The charts by model (time to first token and speed; retrieval versus generation), each with its table. Renderer.
import { memo, type ReactNode } from 'react';
import { Bar, BarChart } from 'recharts';
import type { MetricAggregate } from '../../../../shared/contract/metrics';
import { formatTokensPerSecond, NONE } from '../../lib/format';
import { CHART_COLORS, CHART_HEIGHT, CHART_MARGIN, ChartFigure, ChartTable, chartFrame, renderTooltip } from './chartKit';
import { modelPoints, type ModelPoint } from './chartData';
import { formatAxisMs, formatAxisTps, formatLatency, formatPercent } from './metricsFormat';
import { modelLabel } from '../../../../shared/contract/models';
import { stageRows } from '../../ui/answers/answerFormat';

interface ModelChartProps {
  byModel: readonly MetricAggregate[];
}

const speedTooltip = renderTooltip((value, key) => (key === 'tokensPerSecondMedian' ? formatTokensPerSecond(value) : formatLatency(value)));
const latencyTooltip = renderTooltip((value) => formatLatency(value));

/** Every model's name under its bars, none skipped. */
const modelAxis = { dataKey: 'model', interval: 0, models: true };

/** The tables list the models, their names set as in the other tables. */
const modelTable = { rowHeader: 'Model', rowHeaderClassName: 'metrics-table__model' } as const;

export const TtftSpeedChart = memo(function TtftSpeedChart({ byModel }: ModelChartProps): ReactNode {
  const points = modelPoints(byModel);
  return (
    <ChartFigure
      title="Time to first token and speed by model"
      description="The median wait before an answer starts (left axis), and the median tokens per second once it does (right axis)."
      testId="chart-ttft-tps"
      chart={
        <BarChart data={points} width="100%" height={CHART_HEIGHT} responsive margin={CHART_MARGIN} accessibilityLayer={false}>
          {chartFrame({
            x: modelAxis,
            y: [
              { id: 'ttft', format: formatAxisMs },
              { id: 'tps', format: formatAxisTps, right: true, width: 84 },
            ],
            tooltip: speedTooltip,
            cursor: 'band',
          })}
          <Bar yAxisId="ttft" dataKey="ttftP50Ms" name="Time to first token (p50)" fill={CHART_COLORS.primary} isAnimationActive={false} />
          <Bar yAxisId="tps" dataKey="tokensPerSecondMedian" name="Tokens per second (median)" fill={CHART_COLORS.secondary} isAnimationActive={false} />
        </BarChart>
      }
      table={
        <ChartTable
          {...modelTable}
          caption="Time to first token and tokens per second by model"
          columns={['TTFT p50', 'TTFT p95', 'Median tok/s', 'Mean tok/s']}
          rows={byModel.map((a) => ({
            key: a.model ?? '',
            header: a.model === null ? a.model : modelLabel(a.model),
            cells: [formatLatency(a.ttftMs.p50), formatLatency(a.ttftMs.p95), formatTokensPerSecond(a.tokensPerSecond.median), formatTokensPerSecond(a.tokensPerSecond.mean)],
          }))}
        />
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
          {chartFrame({ x: modelAxis, y: [{ format: formatAxisMs }], tooltip: latencyTooltip, cursor: 'band' })}
          <Bar dataKey="retrievalMsMean" name="Retrieval" stackId="time" fill={CHART_COLORS.tertiary} isAnimationActive={false} />
          <Bar dataKey="generationMsMean" name="Generation" stackId="time" fill={CHART_COLORS.primary} isAnimationActive={false} />
        </BarChart>
      }
      table={
        <ChartTable
          {...modelTable}
          caption="Mean retrieval and generation time by model"
          columns={['Retrieval (mean)', 'Generation (mean)', 'Retrieval share']}
          rows={points.map((p) => ({
            key: p.model,
            header: modelLabel(p.model),
            cells: [formatLatency(p.retrievalMsMean), formatLatency(p.generationMsMean), retrievalShare(p) === null ? NONE : formatPercent(retrievalShare(p))],
          }))}
        />
      }
    />
  );
});

const STAGE_FILLS = [CHART_COLORS.tertiary, CHART_COLORS.secondary, CHART_COLORS.primary];

/** Mean time per answer in each stage, by model (answers that timed their stages). */
export const StageBreakdownChart = memo(function StageBreakdownChart({ byModel }: ModelChartProps): ReactNode {
  const staged = byModel.filter((a) => a.model !== null && a.stagesMsMean);
  const columns = staged.length > 0 ? stageRows(staged[0]!.stagesMsMean!) : [];
  const stacked = columns.filter((c) => !c.within);
  const points = staged.map((a) => ({ model: modelLabel(a.model!), ...Object.fromEntries(stageRows(a.stagesMsMean!).map((r) => [r.key, r.ms])) }));
  // answers recorded before stages were timed have none: no empty chart
  if (staged.length === 0) return null;
  return (
    <ChartFigure
      title="Time by stage, by model"
      description="Mean time per answer in each stage, from Send to the last token: preparing, rewriting a follow-up, embedding the question, searching (vector and full text side by side), fusion, packing the prompt, the wait for the first token, and writing the answer."
      testId="chart-stages"
      chart={
        <BarChart data={points} width="100%" height={CHART_HEIGHT} responsive margin={CHART_MARGIN} accessibilityLayer={false}>
          {chartFrame({ x: modelAxis, y: [{ format: formatAxisMs }], tooltip: latencyTooltip, cursor: 'band' })}
          {stacked.map((c, i) => (
            <Bar key={c.key} dataKey={c.key} name={c.label} stackId="stages" fill={STAGE_FILLS[i % STAGE_FILLS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      }
      table={
        // one row per stage and a column per model: thirteen stages side by side would not fit the page
        <ChartTable
          caption="Mean time per answer in each stage, by model"
          rowHeader="Stage"
          columns={staged.map((a) => modelLabel(a.model!))}
          rows={[
            ...columns.map((c, i) => ({ key: c.key, header: c.within ? `(${c.label})` : c.label, cells: staged.map((a) => formatLatency(stageRows(a.stagesMsMean!)[i]?.ms ?? null)) })),
            { key: 'answers', header: 'Answers', cells: staged.map((a) => String(a.stagedAnswers ?? 0)) },
          ]}
        />
      }
    />
  );
});
