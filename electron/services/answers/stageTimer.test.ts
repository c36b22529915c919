// The stage timer on a fake clock: spans, parallel spans, the engine's own timestamps and the breakdown's sums.
import { describe, expect, it } from 'vitest';
import { AnswerStagesSchema } from '../../../shared/contract/chat';
import { createStageTimer, recordAttemptStages, recordEngineStages, stagesFrom } from './stageTimer';

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

  it('gives failed attempts (a fallback model, a retry) their own stage, so packing is only packing', () => {
    const timer = createStageTimer(() => 0);
    timer.span('packing', 0, 4);
    // the chosen model fails twice (retried) and the next one in the chain is packed for and asked
    timer.span('failedAttempts', 4, 30, 2);
    timer.span('packing', 30, 32);
    // the fallback waits 1 ms for a slot, fails once and is retried 10 ms later, then answers
    recordAttemptStages(timer, 32, { firstAttemptAt: 33, lastAttemptAt: 43, attempts: 2, timing: { requestAt: 44, ttftMs: 20, durationMs: 50, loadMs: null, promptTokens: null, completionTokens: null, tokensPerSecond: null, doneReason: null } });
    const stages = stagesFrom(timer.spans(), 94);
    expect(stages).toMatchObject({ packingMs: 6, failedAttemptsMs: 36, failedAttempts: 3, waitMs: 2, firstTokenMs: 20, decodeMs: 30, unattributedMs: 0, sharedMs: 0 });
  });

  it('marks the stages through packing shared on a comparison column', () => {
    const timer = createStageTimer(() => 0);
    timer.span('prepare', 0, 1);
    timer.span('embed', 1, 3);
    timer.span('search', 3, 7);
    timer.span('fusion', 7, 8);
    timer.span('packing', 8, 10);
    recordAttemptStages(timer, 10, { firstAttemptAt: 15, lastAttemptAt: 15, attempts: 1, timing: { requestAt: 15, ttftMs: 5, durationMs: 10, loadMs: null, promptTokens: null, completionTokens: null, tokensPerSecond: null, doneReason: null } });
    expect(stagesFrom(timer.spans(), 25, { shared: true })).toMatchObject({ sharedMs: 10, waitMs: 5, failedAttempts: 0, firstTokenMs: 5, decodeMs: 5, unattributedMs: 0 });
  });

  it('reads stages stored before waits, failed attempts and shared stages were timed, as 0', () => {
    const old = { prepareMs: 1, rewriteMs: 0, embedMs: 2, searchMs: 3, vectorSearchMs: 3, fullTextSearchMs: 2, fusionMs: 1, packingMs: 4, firstTokenMs: 50, decodeMs: 60, unattributedMs: 0, totalMs: 121 };
    expect(AnswerStagesSchema.parse(old)).toEqual({ ...old, waitMs: 0, failedAttemptsMs: 0, failedAttempts: 0, sharedMs: 0 });
  });
});
