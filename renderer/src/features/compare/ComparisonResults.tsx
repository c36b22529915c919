// The comparison on screen: its question and run mode, the passages every variant was given (collapsible), then
// one column per variant side by side, the best value of each metric highlighted; in blind mode the names stay
// hidden until a vote (a winner or Tie); a follow-up question continues every column. Renderer.
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { Comparison } from '../../../../shared/contract/compare';
import type { Passage } from '../../../../shared/contract/library';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { formatMs, formatRelativeTime } from '../../lib/format';
import { selectNamesHidden } from '../../stores/compareStore';
import { useCompare, useSettings } from '../../stores/StoresContext';
import { passageLocation, snippet } from '../../ui/answers/answerFormat';
import { PassageFlagNote, WithheldSources } from '../../ui/answers/PassageFlag';
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
  const toggleTie = useCompare((s) => s.toggleTie);
  const namesHidden = useCompare(selectNamesHidden);
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
            namesHidden={namesHidden}
          />
        ))}
      </div>
      <div className="compare-results__vote">
        {comparison.blind ? (
          <p className="compare-results__blind-note" data-testid="blind-note">
            {namesHidden ? 'Blind: the models are hidden until you pick a winner or call it a tie.' : 'Blind comparison: the models are revealed.'}
          </p>
        ) : null}
        <Button variant={comparison.tie ? 'primary' : 'secondary'} aria-pressed={comparison.tie === true} disabled={running} onClick={() => void toggleTie()} data-testid="mark-tie">
          {comparison.tie ? '= Tie' : 'It’s a tie'}
        </Button>
      </div>
      {!running ? <FollowUp /> : null}
    </section>
  );
}

/** The follow-up question: asked in every column, each continuing its own answers. */
function FollowUp(): ReactNode {
  const text = useCompare((s) => s.followUp);
  const setFollowUp = useCompare((s) => s.setFollowUp);
  const askFollowUp = useCompare((s) => s.askFollowUp);
  return (
    <form
      className="compare-followup"
      aria-label="Follow-up question"
      onSubmit={(event) => {
        event.preventDefault();
        void askFollowUp();
      }}
    >
      <label className="visually-hidden" htmlFor="compare-followup-input">
        Follow-up question
      </label>
      <input
        id="compare-followup-input"
        className="field__input"
        value={text}
        maxLength={20_000}
        placeholder="Ask a follow-up: every column continues its own conversation"
        onChange={(event) => setFollowUp(event.target.value)}
        data-testid="compare-followup-input"
      />
      <Button type="submit" variant="primary" disabled={!text.trim()} data-testid="compare-followup-send">
        Ask all
      </Button>
    </form>
  );
}

/** The earlier turns of a follow-up thread, above the comparison on screen (read-only: votes are per turn, on the latest). */
export function CompareThread(): ReactNode {
  const thread = useCompare((s) => s.thread);
  const namesHidden = useCompare(selectNamesHidden);
  const referenceModel = useSettings((s) => referenceModelName(s.settings));
  if (thread.length === 0) return null;
  return (
    <ol className="compare-thread" aria-label="Earlier questions in this comparison" data-testid="compare-thread">
      {thread.map((turn) => (
        <li key={turn.id} className="compare-thread__turn" data-testid="compare-thread-turn">
          <h3 className="compare-results__question">{turn.question}</h3>
          <div className={`compare-columns compare-columns--${turn.columns.length}`}>
            {turn.columns.map((column, index) => (
              <CompareColumn key={index} index={index} column={column} passageCount={turn.passages.length} isWinner={turn.winner === index} mode={turn.mode} best="" referenceModel={referenceModel} locked onCite={() => undefined} namesHidden={namesHidden} />
            ))}
          </div>
        </li>
      ))}
    </ol>
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
