// The leaderboard: per variant (model + prompt version) across every comparison: wins, win rate, median first
// token and speed, mean stars, how many comparisons it ran in. Renderer.
import type { ReactNode } from 'react';
import { DataTable, type DataTableColumn } from '../../components/DataTable';
import { formatMs, formatTokensPerSecond, NONE } from '../../lib/format';
import { useCompare } from '../../stores/StoresContext';
import { formatRate, formatRating, templateLabel } from './compareFormat';
import { modelLabel } from '../../../../shared/contract/models';

const COLUMNS: readonly DataTableColumn[] = [
  { key: 'model', header: 'Model' },
  { key: 'prompt', header: 'Prompt' },
  { key: 'elo', header: 'Elo', numeric: true, title: 'Elo rating from every vote (each win against each other column; a tie counts half), starting at 1000' },
  { key: 'wins', header: 'Wins', numeric: true },
  { key: 'winRate', header: 'Win rate', numeric: true },
  { key: 'ttft', header: 'Median first token', numeric: true },
  { key: 'tps', header: 'Median speed', numeric: true },
  { key: 'rating', header: 'Mean rating', numeric: true },
  { key: 'count', header: 'Comparisons', numeric: true },
  { key: 'chat', header: 'Chat up / down', numeric: true, title: 'Chat answers rated up / down (regenerated answers in brackets)' },
];

export function Leaderboard(): ReactNode {
  const entries = useCompare((s) => s.leaderboard);
  const error = useCompare((s) => s.leaderboardError);
  const templates = useCompare((s) => s.templates);

  return (
    <section className="compare-section" aria-labelledby="leaderboard-title" data-testid="leaderboard">
      <header className="compare-section__header">
        <h2 id="leaderboard-title">Leaderboard</h2>
        <p className="compare__muted">Every variant across your comparisons. Win rate counts only the comparisons where you picked a winner.</p>
      </header>
      {error ? (
        <p className="compare__error" role="alert">
          Could not load the leaderboard: {error.message}
        </p>
      ) : null}
      {entries === null ? null : entries.length === 0 ? (
        <p className="compare__muted">Run a comparison and mark a winner to start the leaderboard.</p>
      ) : (
        <div className="table-scroller">
          <DataTable columns={COLUMNS}>
            {entries.map((e) => (
              <tr key={`${e.variant.model}|${e.variant.promptTemplate}`} data-testid="leaderboard-row" data-model={e.variant.model} data-prompt={e.variant.promptTemplate}>
                <td className="leaderboard__model" data-col="model">
                  {modelLabel(e.variant.model)}
                </td>
                <td data-col="prompt">{templateLabel(e.variant.promptTemplate, templates)}</td>
                <td className="data-table__num" data-col="elo" data-value={e.elo ?? ''} title={e.votes ? `${e.votes} ${e.votes === 1 ? 'vote' : 'votes'}` : 'No votes yet'}>
                  {e.elo ?? NONE}
                </td>
                <td className="data-table__num" data-col="wins" data-value={e.wins}>
                  {e.wins}
                </td>
                <td className="data-table__num" data-col="winRate" data-value={e.winRate ?? ''} title={`${e.wins} of ${e.decided} decided`}>
                  {formatRate(e.winRate)}
                </td>
                <td className="data-table__num" data-col="ttft" data-value={e.medianTtftMs ?? ''}>
                  {e.medianTtftMs === null ? NONE : formatMs(e.medianTtftMs)}
                </td>
                <td className="data-table__num" data-col="tps" data-value={e.medianTokensPerSecond ?? ''}>
                  {formatTokensPerSecond(e.medianTokensPerSecond)}
                </td>
                <td className="data-table__num" data-col="rating" data-value={e.meanRating ?? ''}>
                  {formatRating(e.meanRating)}
                </td>
                <td className="data-table__num" data-col="count" data-value={e.count}>
                  {e.count}
                </td>
                <td className="data-table__num" data-col="chat" data-up={e.chatUp ?? 0} data-down={e.chatDown ?? 0}>
                  {e.chatUp ?? 0} / {e.chatDown ?? 0}
                  {e.chatRegenerated ? ` (${e.chatRegenerated} regenerated)` : ''}
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}
    </section>
  );
}
