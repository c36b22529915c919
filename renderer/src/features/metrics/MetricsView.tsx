// The Metrics screen: range, export and clear; headline figures, charts with their tables, the per-model table and
// the recent events. Kept fresh by the store while it is open. Renderer.
import { BudgetPanel } from '../../ui/resilience/BudgetPanel';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { MetricRangeSchema, type MetricRange } from '../../../../shared/contract/metrics';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { InlineConfirm } from '../../components/InlineConfirm';
import { Page } from '../../components/Page';
import { SegmentedControl, type SegmentedOption } from '../../components/SegmentedControl';
import { useAppStores, useMetrics } from '../../stores/StoresContext';
import { CachePanel, TierTable } from './CacheTierPanel';
import { bucketPoints } from './chartData';
import { EventsTable } from './EventsTable';
import { RANGE_LABELS } from './metricsFormat';
import { ModelTable } from './ModelTable';
import { RetrievalGenerationChart, StageBreakdownChart, TtftSpeedChart } from './ModelCharts';
import { QualityPanel } from './QualityPanel';
import { SummaryCards } from './SummaryCards';
import { CostChart, LatencyChart, VolumeChart } from './TimeCharts';
import './metrics.css';

const RANGE_OPTIONS: readonly SegmentedOption<MetricRange>[] = MetricRangeSchema.options.map((range) => ({ value: range, label: RANGE_LABELS[range] }));

export function MetricsView(): ReactNode {
  const store = useAppStores().metrics;
  useEffect(() => store.getState().viewOpened(), [store]);
  return (
    <Page title="Metrics" lead="How fast your models answer on this computer, and what the same answers would have cost in the cloud." testId="metrics-view" wide>
      <div className="metrics">
        <MetricsToolbar />
        <MetricsBody />
      </div>
    </Page>
  );
}

function MetricsToolbar(): ReactNode {
  const range = useMetrics((s) => s.range);
  const setRange = useMetrics((s) => s.setRange);
  const exporting = useMetrics((s) => s.exporting);
  const exportError = useMetrics((s) => s.exportError);
  const exportAs = useMetrics((s) => s.exportAs);
  const clearing = useMetrics((s) => s.clearing);
  const clearError = useMetrics((s) => s.clearError);
  const clear = useMetrics((s) => s.clear);
  const [confirming, setConfirming] = useState(false);
  const clearButton = useRef<HTMLButtonElement>(null);

  const cancel = (): void => {
    setConfirming(false);
    clearButton.current?.focus();
  };
  const confirm = async (): Promise<void> => {
    if (await clear()) cancel();
  };

  return (
    <div className="metrics__toolbar-wrap">
      <div className="metrics__toolbar">
        <SegmentedControl label="Range" value={range} options={RANGE_OPTIONS} onChange={(next) => void setRange(next)} testId="metrics-range" />
        <div className="metrics__actions">
          <Button busy={exporting === 'csv'} disabled={exporting !== null} onClick={() => void exportAs('csv')} data-testid="metrics-export-csv">
            Export CSV
          </Button>
          <Button busy={exporting === 'json'} disabled={exporting !== null} onClick={() => void exportAs('json')} data-testid="metrics-export-json">
            Export JSON
          </Button>
          <Button ref={clearButton} variant="ghost" disabled={confirming} aria-expanded={confirming} onClick={() => setConfirming(true)} data-testid="metrics-clear">
            Clear metrics…
          </Button>
        </div>
      </div>
      {exportError ? (
        <p className="metrics__error" role="alert">
          Could not export: {exportError.message}
        </p>
      ) : null}
      {confirming ? (
        <InlineConfirm
          question="Delete every recorded measurement, for every range? This can’t be undone; export first to keep a copy."
          confirmLabel="Clear metrics"
          onConfirm={() => void confirm()}
          onCancel={cancel}
          busy={clearing}
          error={clearError?.message}
          testId="metrics-clear-confirmation"
        />
      ) : null}
    </div>
  );
}

function MetricsBody(): ReactNode {
  const summary = useMetrics((s) => s.summary);
  const error = useMetrics((s) => s.error);
  const loading = useMetrics((s) => s.loading);
  const range = useMetrics((s) => s.range);
  const load = useMetrics((s) => s.load);
  const points = useMemo(() => (summary ? bucketPoints(summary) : []), [summary]);

  if (summary === null) {
    return error ? (
      <div className="metrics__load-error" role="alert">
        <p>Could not load the metrics: {error.message}</p>
        <Button onClick={() => void load()}>Try again</Button>
      </div>
    ) : (
      <p className="metrics__loading" role="status">
        {loading ? 'Loading metrics…' : ''}
      </p>
    );
  }

  const refreshError = error ? (
    <p className="metrics__error" role="alert">
      Could not refresh: {error.message}
    </p>
  ) : null;

  if (summary.overall.count === 0) {
    const anything = Object.values(summary.countsByKind).some((n) => n > 0);
    return (
      <>
        {refreshError}
        <EmptyState icon="metrics" title={range === 'all' ? 'No answers measured yet' : `No answers in the ${RANGE_LABELS[range].toLowerCase()}`} testId="metrics-empty">
          <p>Ask a question in Chat and its costs appear here: time to first token, tokens per second, retrieval time, and what the same answer would have cost in the cloud.</p>
        </EmptyState>
        <CachePanel cache={summary.cache} />
        {anything ? <QualityPanel /> : null}
        {anything ? <EventsTable /> : null}
      </>
    );
  }

  const energyEnabled = summary.overall.energyCostUsd !== null;
  return (
    <>
      {refreshError}
      <SummaryCards overall={summary.overall} costReference={summary.costReference} countsByKind={summary.countsByKind} />
      <div className="metrics-charts">
        <LatencyChart points={points} bucketMs={summary.bucketMs} />
        <TtftSpeedChart byModel={summary.byModel} />
        <VolumeChart points={points} bucketMs={summary.bucketMs} />
        <RetrievalGenerationChart byModel={summary.byModel} />
        <StageBreakdownChart byModel={summary.byModel} />
        <CostChart points={points} bucketMs={summary.bucketMs} referenceName={summary.costReference?.name ?? null} energyEnabled={energyEnabled} />
      </div>
      <ModelTable byModel={summary.byModel} overall={summary.overall} />
      <CachePanel cache={summary.cache} />
      <TierTable byTier={summary.byTier} />
      <QualityPanel />
      <BudgetPanel />
      <EventsTable />
    </>
  );
}
