// The stage timer on a fake clock: spans, parallel spans, the engine's own timestamps and the breakdown's sums.
import { describe, expect, it } from 'vitest';
import { createStageTimer, recordEngineStages, stagesFrom } from './stageTimer';

describe('stage timer', () => {
  it('turns spans into stages whose sum, with what fell between them, is the total', async () => {
    let t = 100;
    const timer = createStageTimer(() => t);
    const endPrepare = timer.start('prepare');
    t = 103;
    endPrepare();
    await timer.time('embed', async () => {
      t = 110;
    });
    // the two searches overlap: each is recorded, the search's wall time is what counts
    timer.span('vectorSearch', 110, 118);
    timer.span('fullTextSearch', 110, 115);
    timer.span('search', 110, 118);
    timer.span('fusion', 118, 119);
    timer.span('packing', 120, 125);
    recordEngineStages(timer, { requestAt: 125, ttftMs: 40, durationMs: 100, loadMs: null, promptTokens: null, completionTokens: null, tokensPerSecond: null, doneReason: null });
    const stages = stagesFrom(timer.spans(), 126);
    expect(stages).toMatchObject({ prepareMs: 3, rewriteMs: 0, embedMs: 7, searchMs: 8, vectorSearchMs: 8, fullTextSearchMs: 5, fusionMs: 1, packingMs: 5, firstTokenMs: 40, decodeMs: 60, totalMs: 126 });
    // 1 ms between fusion and packing; the first 100 ms of the clock are before Send in this fake
    expect(stages.unattributedMs).toBe(126 - (3 + 7 + 8 + 1 + 5 + 40 + 60));
  });

  it('records a step that throws, and an answer with no first token as all first-token wait', async () => {
    let t = 0;
    const timer = createStageTimer(() => t);
    await expect(
      timer.time('rewrite', async () => {
        t = 4;
        throw new Error('engine gone');
      }),
    ).rejects.toThrow('engine gone');
    recordEngineStages(timer, { requestAt: 4, ttftMs: null, durationMs: 30, loadMs: null, promptTokens: null, completionTokens: null, tokensPerSecond: null, doneReason: null });
    expect(stagesFrom(timer.spans(), 34)).toMatchObject({ rewriteMs: 4, firstTokenMs: 30, decodeMs: 0, unattributedMs: 0 });
  });
});
