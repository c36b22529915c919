// The Compare screen: one question to 2-4 variants (model + prompt version) on the same passages, answers side by
// side with their metrics, a winner and stars; past comparisons and the leaderboard below. Renderer.
import { useEffect, type ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { useCompare } from '../../stores/StoresContext';
import { CompareForm } from './CompareForm';
import { CompareHistory } from './CompareHistory';
import { CompareThread, ComparisonResults } from './ComparisonResults';
import { Leaderboard } from './Leaderboard';
import './compare.css';

export function CompareView(): ReactNode {
  const load = useCompare((s) => s.load);
  const current = useCompare((s) => s.current);
  const run = useCompare((s) => s.run);
  const runError = useCompare((s) => s.runError);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Page title="Compare" lead="Ask one question to several models or prompt versions: the same passages, the same prompt, answers and timings side by side." testId="compare-view" wide>
      <CompareForm />
      <CompareThread />
      {current ? (
        <ComparisonResults comparison={current} />
      ) : run ? (
        <p className="compare-results__pending" role="status" data-testid="compare-retrieving">
          Searching your documents for the passages every variant will get…
        </p>
      ) : runError ? (
        <p className="compare__error" role="alert" data-testid="compare-run-error">
          The comparison could not start: {runError.message}
        </p>
      ) : (
        <EmptyState icon="compare" title="Nothing compared yet">
          <p>Pick two to four variants above and run them on one question. Sequential runs time each model alone, so the numbers compare fairly.</p>
        </EmptyState>
      )}
      <div className="compare-lower">
        <Leaderboard />
        <CompareHistory />
      </div>
    </Page>
  );
}
