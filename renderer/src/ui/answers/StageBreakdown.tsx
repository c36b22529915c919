// An answer's time by stage, folded under its metrics line (Chat and Compare). Presentational. Renderer.
import type { ReactNode } from 'react';
import type { AnswerStages } from '../../../../shared/contract/chat';
import { formatMs } from '../../lib/format';
import { stageRows } from './answerFormat';

export function StageBreakdown({ stages }: { stages: AnswerStages }): ReactNode {
  const rows = stageRows(stages);
  return (
    <details className="stage-breakdown" data-testid="answer-stages">
      <summary>Time by stage</summary>
      <table className="stage-breakdown__table">
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-stage={r.key} className={r.within ? 'stage-breakdown__within' : undefined}>
              <th scope="row">{r.label}</th>
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
    </details>
  );
}
