// Past comparisons: question, when, which variants, the winner; open one to see it again, or delete it. Renderer.
import { useState, type ReactNode } from 'react';
import type { ComparisonSummary } from '../../../../shared/contract/compare';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { InlineConfirm } from '../../components/InlineConfirm';
import { formatRelativeTime } from '../../lib/format';
import { useCompare } from '../../stores/StoresContext';
import { columnLetter, templateLabel } from './compareFormat';
import { modelLabel } from '../../../../shared/contract/models';
import { ExportMenu } from '../../ui/export/ExportMenu';

export function CompareHistory(): ReactNode {
  const history = useCompare((s) => s.history);
  const historyError = useCompare((s) => s.historyError);
  const currentId = useCompare((s) => s.current?.id ?? null);
  const running = useCompare((s) => s.run !== null);
  const opening = useCompare((s) => s.opening);
  const open = useCompare((s) => s.open);
  const deleteComparison = useCompare((s) => s.deleteComparison);
  const templates = useCompare((s) => s.templates);
  const [confirming, setConfirming] = useState<string | null>(null);

  return (
    <section className="compare-section" aria-labelledby="compare-history-title" data-testid="compare-history">
      <header className="compare-section__header">
        <h2 id="compare-history-title">History</h2>
      </header>
      {historyError ? (
        <p className="compare__error" role="alert">
          Could not list past comparisons: {historyError.message}
        </p>
      ) : null}
      {history === null ? (
        historyError ? null : (
          <p className="compare__muted" role="status">
            Loading…
          </p>
        )
      ) : history.length === 0 ? (
        <p className="compare__muted">Comparisons you run are kept here.</p>
      ) : (
        <ul className="compare-history">
          {history.map((item) => (
            <li key={item.id} className={`comparison-item${item.id === currentId ? ' comparison-item--open' : ''}`} data-testid="comparison-item" data-id={item.id} data-open={item.id === currentId}>
              <div className="comparison-item__row">
                <button
                  type="button"
                  className="comparison-item__open"
                  disabled={running}
                  aria-busy={opening === item.id || undefined}
                  aria-current={item.id === currentId ? 'true' : undefined}
                  onClick={() => void open(item.id)}
                  data-testid="comparison-open"
                >
                  <span className="comparison-item__question">{item.question}</span>
                  <span className="comparison-item__meta">
                    {formatRelativeTime(item.createdAt)} · {item.collectionName} · {item.mode}
                  </span>
                  <span className="comparison-item__variants">{item.blind && item.winner === null && !item.tie ? `Blind: ${item.variants.length} hidden models` : describeVariants(item, templates)}</span>
                  <span className="comparison-item__winner" data-testid="comparison-winner">
                    {winnerText(item)}
                  </span>
                </button>
                <ExportMenu kind="comparison" id={item.id} label="this comparison" />
                <Button
                  variant="ghost"
                  aria-label="Delete this comparison"
                  aria-expanded={confirming === item.id}
                  disabled={running && item.id === currentId}
                  onClick={() => setConfirming(confirming === item.id ? null : item.id)}
                  data-testid="comparison-delete"
                >
                  <Icon name="trash" size={14} />
                </Button>
              </div>
              {confirming === item.id ? (
                <InlineConfirm
                  question="Delete this comparison? Its answers, winner and ratings go, and it leaves the leaderboard."
                  confirmLabel="Delete"
                  onConfirm={() => {
                    setConfirming(null);
                    void deleteComparison(item.id);
                  }}
                  onCancel={() => setConfirming(null)}
                  testId="comparison-delete"
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const describeVariants = (item: ComparisonSummary, templates: Parameters<typeof templateLabel>[1]): string =>
  item.variants.map((v, i) => `${columnLetter(i)}: ${modelLabel(v.model)} · ${templateLabel(v.promptTemplate, templates)}`).join('   ');

function winnerText(item: ComparisonSummary): string {
  if (item.tie) return 'Tie';
  if (item.winner === null) return 'No winner chosen';
  const variant = item.variants[item.winner];
  return variant ? `Winner: ${columnLetter(item.winner)} · ${modelLabel(variant.model)}` : 'No winner chosen';
}
