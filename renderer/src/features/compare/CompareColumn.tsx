// One variant's answer in a comparison: its model and prompt version, status, the answer as it streams (Markdown
// with citations, as in Chat), its metrics with the best ones marked, winner, stars and the prompt on demand.
// Memoised: a token in another column does not re-render it. Renderer.
import { memo, useId, useState, type ReactNode } from 'react';
import type { ComparisonColumn, RunMode } from '../../../../shared/contract/compare';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatInteger, formatMs, formatTokensPerSecond, NONE } from '../../lib/format';
import { useCompare } from '../../stores/StoresContext';
import { errorTitle } from '../../ui/answers/answerFormat';
import { MarkdownAnswer } from '../../ui/answers/MarkdownAnswer';
import { PromptPanel } from '../../ui/answers/PromptPanel';
import { StageBreakdown } from '../../ui/answers/StageBreakdown';
import { describeGrounding } from '../../ui/answers/groundingMarks';
import { columnLetter, formatUsd, templateLabel } from './compareFormat';
import { countWords, isColdLoad, METRIC_DIRECTION, metricValue, type MetricKey } from './compareMetrics';
import { modelLabel } from '../../../../shared/contract/models';

export interface CompareColumnProps {
  index: number;
  column: ComparisonColumn;
  passageCount: number;
  isWinner: boolean;
  mode: RunMode;
  /** The metrics this column is best at, space-separated (see bestColumns). */
  best: string;
  /** The cloud model costs are priced at. */
  referenceModel: string | null;
  /** While its comparison runs: no winner or stars yet. */
  locked: boolean;
  /** Blind mode before a vote: the model, prompt and measurements stay hidden. */
  namesHidden?: boolean;
  onCite(n: number): void;
}

/** The status as tests and styles see it: the contract's `error` reads as `failed`. */
const uiStatus = (status: ComparisonColumn['status']): string => (status === 'error' ? 'failed' : status);

function statusBadge(column: ComparisonColumn, mode: RunMode): { tone: BadgeTone; label: string } {
  switch (column.status) {
    case 'waiting':
      return { tone: 'neutral', label: mode === 'sequential' ? 'Waiting its turn' : 'Waiting' };
    case 'running':
      return { tone: 'pending', label: column.content ? 'Writing…' : 'Starting…' };
    case 'complete':
      return { tone: 'ok', label: 'Complete' };
    case 'incomplete':
      return { tone: 'warning', label: column.error?.code === 'CANCELLED' ? 'Stopped' : 'Incomplete' };
    case 'error':
      return { tone: 'danger', label: 'Failed' };
  }
}

export const CompareColumn = memo(function CompareColumn({ index, column, passageCount, isWinner, mode, best, referenceModel, locked, onCite, namesHidden = false }: CompareColumnProps): ReactNode {
  const toggleWinner = useCompare((s) => s.toggleWinner);
  const templates = useCompare((s) => s.templates);
  const [promptShown, setPromptShown] = useState(false);
  const letter = columnLetter(index);
  const badge = statusBadge(column, mode);
  const bestSet = new Set(best.split(' ').filter(Boolean));
  const error = column.error && column.error.code !== 'CANCELLED' ? column.error : null;
  const settled = column.status !== 'waiting' && column.status !== 'running';

  return (
    <article
      className={`card compare-column compare-column--${uiStatus(column.status)}${isWinner ? ' compare-column--winner' : ''}`}
      aria-label={namesHidden ? `Model ${letter}` : `${letter}: ${modelLabel(column.variant.model)}`}
      data-testid="compare-column"
      data-index={index}
      data-model={namesHidden ? undefined : column.variant.model}
      data-prompt={namesHidden ? undefined : column.variant.promptTemplate}
      data-hidden={namesHidden}
      data-status={uiStatus(column.status)}
      data-winner={isWinner}
      aria-busy={column.status === 'running' || undefined}
    >
      <header className="compare-column__header">
        <span className="compare-column__letter" aria-hidden="true">
          {letter}
        </span>
        <div className="compare-column__variant">
          {namesHidden ? (
            <span className="compare-column__model" data-testid="column-model">
              Model {letter}
            </span>
          ) : (
            <>
              <span className="compare-column__model" data-testid="column-model">
                {modelLabel(column.variant.model)}
              </span>
              <span className="compare-column__prompt">{templateLabel(column.variant.promptTemplate, templates)}</span>
            </>
          )}
        </div>
        <Badge tone={badge.tone}>{badge.label}</Badge>
      </header>

      <div className="compare-column__body">
        <div className="compare-column__content" data-testid="column-content">
          {column.content ? <MarkdownAnswer text={column.content} passageCount={passageCount} onCite={onCite} grounding={column.grounding} /> : null}
        </div>
        {!column.content && column.status === 'waiting' ? <p className="compare-column__placeholder">Runs after the columns before it.</p> : null}
        {!column.content && column.status === 'running' ? <div className="compare-column__typing" aria-hidden="true" /> : null}
        {column.status === 'incomplete' && column.error?.code === 'CANCELLED' ? <p className="compare-column__placeholder">Stopped before the end; what arrived is kept.</p> : null}
        {error ? (
          <ErrorNotice title={errorTitle(error.code)} code={error.code} testId="column-error" className="compare-column__error">
            {error.message}
          </ErrorNotice>
        ) : null}
      </div>

      {describeGrounding(column.grounding) ? (
        <p className="grounding-share" data-testid="grounding-share" data-share={column.grounding?.groundedShare ?? ''} title="Share of the answer's factual sentences that the passages support; unsupported ones are underlined.">
          {describeGrounding(column.grounding)}
        </p>
      ) : null}
      {namesHidden ? (
        <p className="compare-column__placeholder">Measurements show once you vote.</p>
      ) : column.metrics ? (
        <>
          <ColumnMetrics column={column} best={bestSet} referenceModel={referenceModel} />
          {column.metrics.stages ? <StageBreakdown stages={column.metrics.stages} /> : null}
        </>
      ) : (
        <p className="compare-column__placeholder">{settled ? 'No measurements.' : 'Measurements appear when the answer ends.'}</p>
      )}

      <footer className="compare-column__footer">
        <div className="compare-column__actions">
          <Button
            variant={isWinner ? 'primary' : 'secondary'}
            aria-pressed={isWinner}
            disabled={locked}
            onClick={() => void toggleWinner(index)}
            data-testid="mark-winner"
            title={isWinner ? 'Click again to clear the winner' : undefined}
          >
            {isWinner ? '★ Winner' : 'Mark as winner'}
          </Button>
          <StarRating index={index} letter={letter} rating={column.rating} disabled={locked} />
        </div>
        {column.prompt.length > 0 && !namesHidden ? (
          <Button variant="ghost" className="compare-column__prompt-toggle" aria-expanded={promptShown} onClick={() => setPromptShown(!promptShown)} data-testid="show-prompt">
            {promptShown ? 'Hide prompt' : 'Show prompt'}
          </Button>
        ) : null}
      </footer>
      {promptShown && !namesHidden ? <PromptPanel prompt={column.prompt} template={column.variant.promptTemplate} /> : null}
    </article>
  );
});

interface MetricRow {
  key: MetricKey;
  label: string;
  text: string;
  title?: string;
}

function ColumnMetrics({ column, best, referenceModel }: { column: ComparisonColumn; best: ReadonlySet<string>; referenceModel: string | null }): ReactNode {
  const m = column.metrics!;
  const load = m.loadMs;
  const rows: MetricRow[] = [
    { key: 'ttft', label: 'First token', text: m.ttftMs === null ? NONE : formatMs(m.ttftMs) },
    { key: 'tps', label: 'Speed', text: formatTokensPerSecond(m.tokensPerSecond) },
    { key: 'latency', label: 'Total time', text: formatMs(m.totalMs) },
    { key: 'promptTokens', label: 'Prompt tokens', text: m.promptTokens === null ? NONE : formatInteger(m.promptTokens) },
    { key: 'completionTokens', label: 'Answer tokens', text: m.completionTokens === null ? NONE : formatInteger(m.completionTokens) },
    {
      key: 'load',
      label: 'Model load',
      text: load === null ? NONE : `${isColdLoad(load) ? 'cold' : 'warm'} · ${formatMs(load)}`,
      title: 'Cold when the engine spent 50 ms or more loading the model for this answer; warm when it was already in memory.',
    },
    { key: 'cost', label: 'Cloud cost', text: column.costUsd === null ? NONE : `≈ ${formatUsd(column.costUsd)}${referenceModel ? ` on ${referenceModel}` : ''}`, title: 'What these tokens would cost at the reference price set in Settings.' },
    { key: 'length', label: 'Length', text: `${formatInteger(column.content.length)} chars · ${formatInteger(countWords(column.content))} words` },
  ];
  return (
    <dl className="compare-metrics">
      {rows.map((row) => {
        const value = metricValue(column, row.key);
        const isBest = best.has(row.key);
        return (
          <div
            key={row.key}
            className={`compare-metric${isBest ? ' compare-metric--best' : ''}`}
            title={row.title}
            data-testid="column-metric"
            data-metric={row.key}
            data-value={value ?? ''}
            data-best={isBest}
          >
            <dt>{row.label}</dt>
            <dd>
              {row.text}
              {isBest ? (
                <span className="compare-metric__best" title={METRIC_DIRECTION[row.key] === 'higher' ? 'Highest of the complete answers' : 'Lowest of the complete answers'}>
                  best
                </span>
              ) : null}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

function StarRating({ index, letter, rating, disabled }: { index: number; letter: string; rating: number | null; disabled: boolean }): ReactNode {
  const rate = useCompare((s) => s.rate);
  const name = useId();
  return (
    <div className="star-rating" role="radiogroup" aria-label={`Rating for ${letter}`} data-testid="rating" data-value={rating ?? ''}>
      {[1, 2, 3, 4, 5].map((n) => (
        <label key={n} className={`star-rating__star${rating !== null && n <= rating ? ' star-rating__star--on' : ''}`}>
          <input
            type="radio"
            className="star-rating__input"
            name={name}
            value={n}
            checked={rating === n}
            disabled={disabled}
            onChange={() => void rate(index, n)}
            aria-label={`${n} ${n === 1 ? 'star' : 'stars'}`}
          />
          <span aria-hidden="true">★</span>
        </label>
      ))}
      {rating !== null ? (
        <Button variant="ghost" className="star-rating__clear" disabled={disabled} onClick={() => void rate(index, null)} aria-label={`Clear the rating for ${letter}`}>
          Clear
        </Button>
      ) : null}
    </div>
  );
}
