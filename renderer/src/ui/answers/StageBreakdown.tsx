// An answer's time by stage, folded under its metrics line (Chat and each Compare column). Presentational. Renderer.
import type { ReactNode } from 'react';
import type { AnswerStages } from '../../../../shared/contract/chat';
import { formatMs } from '../../lib/format';
import { stageRows } from './answerFormat';

/** "1 try", "2 tries"; a mean from Metrics keeps one decimal. */
const formatCount = (n: number): string => `${Number.isInteger(n) ? n : n.toFixed(1)} ${n === 1 ? 'try' : 'tries'}`;

export function StageBreakdown({ stages }: { stages: AnswerStages }): ReactNode {
  const rows = stageRows(stages);
  return (
    <details className="stage-breakdown" data-testid="answer-stages">
      <summary>Time by stage</summary>
      <table className="stage-breakdown__table">
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-stage={r.key} data-shared={r.shared || undefined} className={r.within ? 'stage-breakdown__within' : undefined}>
              <th scope="row">
                {r.label}
                {r.count ? ` (${formatCount(r.count)})` : ''}
                {r.shared && !r.within ? <span className="stage-breakdown__shared"> · shared</span> : null}
              </th>
              <td>{formatMs(r.ms)}</td>
              <td aria-hidden="true">
                <span className="stage-breakdown__bar" style={{ width: `${stages.totalMs > 0 ? Math.min(100, (r.ms / stages.totalMs) * 100) : 0}%` }} />
              </td>
            </tr>
          ))}
          <tr data-stage="totalMs">
            <th scope="row">Total</th>
            <td>{formatMs(stages.totalMs)}</td>
            <td />
          </tr>
        </tbody>
      </table>
      {stages.sharedMs > 0 ? (
        <p className="stage-breakdown__note" data-testid="answer-stages-shared">
          The stages marked shared ({formatMs(stages.sharedMs)}) ran once for all the columns: each column shows the same figures, so do not add them across columns.
        </p>
      ) : null}
    </details>
  );
}
