// The comparison on screen: its question and run mode, the passages every variant was given (collapsible), then
// one column per variant side by side, the best value of each metric highlighted. Renderer.
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { Comparison } from '../../../../shared/contract/compare';
import type { Passage } from '../../../../shared/contract/library';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { formatMs, formatRelativeTime } from '../../lib/format';
import { useCompare, useSettings } from '../../stores/StoresContext';
import { passageLocation, snippet } from '../answers/answerFormat';
import { PassageFlagNote, WithheldSources } from '../trust/PassageFlag';
import { CompareColumn } from './CompareColumn';
import { bestColumns, METRIC_KEYS, type MetricKey } from './compareMetrics';
import { modeNote, referenceModelName } from './compareFormat';

/** The metrics a column is best at, as one string ("tps ttft") so a memoised column skips unchanged ones. */
const bestKeysFor = (best: Record<MetricKey, ReadonlySet<number>>, index: number): string => METRIC_KEYS.filter((key) => best[key].has(index)).join(' ');

export function ComparisonResults({ comparison }: { comparison: Comparison }): ReactNode {
  const run = useCompare((s) => s.run);
  const runError = useCompare((s) => s.runError);
  const actionError = useCompare((s) => s.actionError);
  const closeCurrent = useCompare((s) => s.closeCurrent);
  const referenceModel = useSettings((s) => referenceModelName(s.settings));
  const [passagesOpen, setPassagesOpen] = useState(false);
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const best = useMemo(() => bestColumns(comparison.columns), [comparison.columns]);
  const running = run !== null;

  const onCite = useCallback((n: number) => {
    setPassagesOpen(true);
    setHighlighted(n);
    // after the list has opened
    requestAnimationFrame(() => document.getElementById(`compare-passage-${n}`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }));
  }, []);

  return (
    <section className="compare-results" aria-labelledby="compare-results-title" data-testid="compare-results" data-id={comparison.id} data-finished={comparison.finished}>
      <header className="compare-results__header">
        <div className="compare-results__heading">
          <h2 id="compare-results-title" className="compare-results__question">
            {comparison.question}
          </h2>
          <p className="compare-results__meta">
            {comparison.collectionName} · {formatRelativeTime(comparison.createdAt)} · temperature {comparison.temperature}
            {comparison.retrievalMs !== null ? ` · retrieval ${formatMs((comparison.embedMs ?? 0) + comparison.retrievalMs)}` : ''}
          </p>
        </div>
        <div className="compare-results__state">
          {running ? <Badge tone="pending">{run.stopping ? 'Stopping…' : 'Comparing…'}</Badge> : null}
          {!running && !comparison.finished ? (
            <Badge tone="warning" title="The run was stopped or broke before every column finished.">
              Stopped early
            </Badge>
          ) : null}
          {!running ? (
            <Button variant="ghost" onClick={closeCurrent} data-testid="compare-close">
              Close
            </Button>
          ) : null}
        </div>
      </header>
      <p className="compare-results__mode" data-testid="compare-mode-note" data-mode={comparison.mode}>
        {modeNote(comparison.mode)}
      </p>
      {runError ? (
        <p className="compare__error" role="alert" data-testid="compare-run-error">
          The comparison broke off: {runError.message}
        </p>
      ) : null}
      {actionError ? (
        <p className="compare__error" role="alert" data-testid="compare-action-error">
          {actionError.message}
        </p>
      ) : null}

      <Passages passages={comparison.passages} open={passagesOpen} onToggle={setPassagesOpen} highlighted={highlighted} />
      {/* trust: flagged passages kept out of every prompt */}
      <WithheldSources passages={comparison.withheldPassages ?? []} />

      <div className={`compare-columns compare-columns--${comparison.columns.length}`}>
        {comparison.columns.map((column, index) => (
          <CompareColumn
            key={index}
            index={index}
            column={column}
            passageCount={comparison.passages.length}
            isWinner={comparison.winner === index}
            mode={comparison.mode}
            best={bestKeysFor(best, index)}
            referenceModel={referenceModel}
            locked={running}
            onCite={onCite}
          />
        ))}
      </div>
    </section>
  );
}

interface PassagesProps {
  passages: readonly Passage[];
  open: boolean;
  onToggle(open: boolean): void;
  highlighted: number | null;
}

function Passages({ passages, open, onToggle, highlighted }: PassagesProps): ReactNode {
  if (passages.length === 0) {
    return (
      <p className="compare-passages compare-passages--empty" data-testid="compare-passages" data-count={0}>
        No passages were found for this question: every variant answered without documents.
      </p>
    );
  }
  const documents = new Set(passages.map((p) => p.documentName));
  return (
    <details className="compare-passages" open={open} onToggle={(event) => onToggle(event.currentTarget.open)} data-testid="compare-passages" data-count={passages.length}>
      <summary>
        {passages.length} {passages.length === 1 ? 'passage' : 'passages'} from {documents.size} {documents.size === 1 ? 'document' : 'documents'}, the same for every variant
      </summary>
      <ol className="compare-passages__list">
        {passages.map((passage, i) => {
          const location = passageLocation(passage);
          return (
            <li key={passage.chunkId} id={`compare-passage-${i + 1}`} className="compare-passage" data-testid="compare-passage" data-n={i + 1} data-highlighted={highlighted === i + 1}>
              <span className="compare-passage__n">[{i + 1}]</span>
              <div className="compare-passage__body">
                <p className="compare-passage__source">
                  <span className="compare-passage__document">{passage.documentName}</span>
                  {location ? <span className="compare-passage__location"> · {location}</span> : null}
                </p>
                <p className="compare-passage__text">{snippet(passage.text, 280)}</p>
                {passage.flag ? <PassageFlagNote flag={passage.flag} /> : null}
              </div>
            </li>
          );
        })}
      </ol>
    </details>
  );
}
