// The range's most recent measured operations, newest first, with a filter by kind. Renderer.
import { useId, type ReactNode } from 'react';
import { MetricKindSchema, type MetricEvent, type MetricKind } from '../../../../shared/contract/metrics';
import { Badge, type BadgeTone } from '../../components/Badge';
import { DataTable, type DataTableColumn } from '../../components/DataTable';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { formatInteger, formatTokensPerSecond, NONE } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { EVENTS_LIMIT } from '../../stores/metricsStore';
import { useMetrics } from '../../stores/StoresContext';
import { formatEventTime, formatLatency } from './metricsFormat';
import { modelLabel } from '../../../../shared/contract/models';

const KIND_LABELS: Record<MetricKind, string> = {
  security: 'Flagged passage',
  chat: 'Chat answer',
  compare: 'Comparison',
  retrieval: 'Search',
  embedding: 'Embedding',
  import: 'Import',
  pull: 'Model pull',
  feedback: 'Answer feedback',
};

const KIND_OPTIONS: readonly SelectOption<MetricKind | 'all'>[] = [{ value: 'all', label: 'Every kind' }, ...MetricKindSchema.options.map((kind) => ({ value: kind, label: KIND_LABELS[kind] }))];

const OUTCOME: Record<MetricEvent['outcome'], { tone: BadgeTone; label: string }> = {
  ok: { tone: 'ok', label: 'OK' },
  error: { tone: 'danger', label: 'Error' },
  cancelled: { tone: 'neutral', label: 'Stopped' },
};

const COLUMNS: readonly DataTableColumn[] = [
  { key: 'time', header: 'Time' },
  { key: 'kind', header: 'Kind' },
  { key: 'model', header: 'Model' },
  { key: 'outcome', header: 'Outcome' },
  { key: 'latency', header: 'Latency', numeric: true },
  { key: 'ttft', header: 'First token', numeric: true },
  { key: 'tps', header: 'Tokens/s', numeric: true },
  { key: 'tokens', header: 'Tokens in → out', numeric: true },
  { key: 'error', header: 'Error' },
];

const tokens = (e: MetricEvent): string => (e.promptTokens === null && e.completionTokens === null ? NONE : `${e.promptTokens === null ? '?' : formatInteger(e.promptTokens)} → ${e.completionTokens === null ? '?' : formatInteger(e.completionTokens)}`);

export function EventsTable(): ReactNode {
  const events = useMetrics((s) => s.events);
  const total = useMetrics((s) => s.eventsTotal);
  const kind = useMetrics((s) => s.eventKind);
  const error = useMetrics((s) => s.eventsError);
  const setKind = useMetrics((s) => s.setEventKind);
  // the time column shows the date once an event is not from today
  const now = useNow(60_000);
  const titleId = useId();

  return (
    <section className="metrics-panel" aria-labelledby={titleId} data-testid="metrics-events">
      <header className="metrics-panel__header metrics-panel__header--row">
        <div>
          <h2 id={titleId}>Recent events</h2>
          <p className="metrics-panel__description" aria-live="polite">
            {events === null ? 'Loading…' : total > events.length ? `The newest ${formatInteger(events.length)} of ${formatInteger(total)}.` : `${formatInteger(total)} in this range.`}
          </p>
        </div>
        <SelectField label="Show" value={kind ?? 'all'} options={KIND_OPTIONS} onChange={(next) => void setKind(next === 'all' ? null : next)} testId="metrics-event-kind" />
      </header>
      {error ? (
        <p className="metrics__error" role="alert">
          Could not load the events: {error.message}
        </p>
      ) : null}
      <div className="table-scroller metrics-events__scroller">
        <DataTable
          className="data-table--compact data-table--sticky-head metrics-table"
          caption={`Recent events, newest first, at most ${EVENTS_LIMIT}`}
          columns={COLUMNS}
          emptyText={events?.length === 0 ? 'Nothing recorded in this range.' : null}
        >
          {events?.map((e) => (
            <tr key={e.id} data-testid="metrics-event-row" data-kind={e.kind} data-outcome={e.outcome} data-model={e.model ?? undefined}>
              <td className="metrics-table__time">
                <time dateTime={new Date(e.time).toISOString()}>{formatEventTime(e.time, now)}</time>
              </td>
              <td>{KIND_LABELS[e.kind]}</td>
              <td className="metrics-table__model">{e.model ? modelLabel(e.model) : NONE}</td>
              <td>
                <Badge tone={OUTCOME[e.outcome].tone}>{OUTCOME[e.outcome].label}</Badge>
              </td>
              <td className="data-table__num">{formatLatency(e.latencyMs)}</td>
              <td className="data-table__num">{formatLatency(e.ttftMs)}</td>
              <td className="data-table__num">{formatTokensPerSecond(e.tokensPerSecond)}</td>
              <td className="data-table__num">{tokens(e)}</td>
              <td className="metrics-table__error" title={e.errorMessage ?? undefined}>
                {e.errorType ? (
                  <>
                    <code>{e.errorType}</code> {e.errorMessage}
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      </div>
    </section>
  );
}
