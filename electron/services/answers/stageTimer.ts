// Records where one answer's time went (main side, plain Node): spans with start and end on one clock
// (performance.now()), passed through retrieval and the answer path, turned into the answer's stage breakdown.
//
// [Note: stages add up] The stages on the answer's path run one after the other and each starts where the previous
// ended, so their sum is the answer's total (Send → last token) up to the few statements between two spans. Vector
// and full-text search run in parallel: each is recorded on its own, and `search` is their wall time, which is what
// counts toward the total. Packing runs again for each fallback model; the failed attempts between are their own
// stage, so packing is only packing.
import type { AnswerStages } from '../../../shared/contract/chat';
import type { AnswerStreamTiming } from '../engines/modelEngine';

export type StageName = 'prepare' | 'rewrite' | 'embed' | 'vectorSearch' | 'fullTextSearch' | 'search' | 'fusion' | 'packing' | 'wait' | 'failedAttempts' | 'firstToken' | 'decode';

/** The stages a comparison runs once for all its columns (see AnswerStagesSchema.sharedMs). */
const SHARED_STAGES: readonly StageName[] = ['prepare', 'rewrite', 'embed', 'search', 'fusion', 'packing'];

export interface StageSpan {
  stage: StageName;
  /** performance.now() at the start and end, ms. */
  start: number;
  end: number;
  /** Failed attempts: how many the span holds. */
  count?: number;
}

/** When the guarded answer's attempts ran (resilience/resilienceService), performance.now() ms. */
export interface AttemptTimes {
  /** The first attempt started: the generation slot was granted. */
  firstAttemptAt: number;
  /** The last attempt (the one whose outcome this is) started; later than firstAttemptAt after retries. */
  lastAttemptAt: number;
  /** Attempts made (0: refused by a breaker before any). */
  attempts: number;
  timing: AnswerStreamTiming;
}

export interface StageTimer {
  /** Records a span that was measured elsewhere (an engine's own timestamps). */
  span(stage: StageName, start: number, end: number, count?: number): void;
  /** Times an async step as one span; the span is recorded whether the step succeeds or throws. */
  time<T>(stage: StageName, step: () => Promise<T>): Promise<T>;
  /** Starts a span now; the returned function ends it. */
  start(stage: StageName): () => void;
  spans(): readonly StageSpan[];
}

export function createStageTimer(now: () => number = () => performance.now()): StageTimer {
  const spans: StageSpan[] = [];
  const timer: StageTimer = {
    span: (stage, start, end, count) => {
      spans.push({ stage, start, end: Math.max(start, end), ...(count === undefined ? {} : { count }) });
    },
    async time(stage, step) {
      const started = now();
      try {
        return await step();
      } finally {
        timer.span(stage, started, now());
      }
    },
    start(stage) {
      const started = now();
      return () => timer.span(stage, started, now());
    },
    spans: () => spans,
  };
  return timer;
}

/** The engine's stages from its own timestamps: request → first token, first token → end. */
export function recordEngineStages(timer: StageTimer, timing: AnswerStreamTiming): void {
  const end = timing.requestAt + timing.durationMs;
  const firstToken = timing.ttftMs === null ? end : Math.min(end, timing.requestAt + timing.ttftMs);
  timer.span('firstToken', timing.requestAt, firstToken);
  timer.span('decode', firstToken, end);
}

/**
 * The stages of the answering attempt from `calledAt` (the guarded answer was called) to its end: the wait for a
 * slot, the retries that failed before it, and the engine's own first-token and decode stages.
 */
export function recordAttemptStages(timer: StageTimer, calledAt: number, attempt: AttemptTimes): void {
  const first = Math.max(calledAt, attempt.firstAttemptAt);
  const last = Math.max(first, attempt.lastAttemptAt);
  const requestAt = Math.max(last, attempt.timing.requestAt);
  timer.span('wait', calledAt, first);
  if (attempt.attempts > 1) timer.span('failedAttempts', first, last, attempt.attempts - 1);
  timer.span('wait', last, requestAt);
  recordEngineStages(timer, { ...attempt.timing, requestAt });
}

/**
 * The breakdown of an answer from its spans, in ms. A stage that ran more than once (packing with a fallback, the
 * wait around retries) is summed; one that did not run is 0. `unattributedMs` is the part of the total that fell
 * between stages. `shared`: a comparison column, whose stages through packing ran once for all the columns.
 */
export function stagesFrom(spans: readonly StageSpan[], totalMs: number, options: { shared?: boolean } = {}): AnswerStages {
  const ms = (stage: StageName): number => spans.filter((s) => s.stage === stage).reduce((sum, s) => sum + (s.end - s.start), 0);
  const parts = {
    prepareMs: ms('prepare'),
    rewriteMs: ms('rewrite'),
    embedMs: ms('embed'),
    searchMs: ms('search'),
    fusionMs: ms('fusion'),
    packingMs: ms('packing'),
    waitMs: ms('wait'),
    failedAttemptsMs: ms('failedAttempts'),
    firstTokenMs: ms('firstToken'),
    decodeMs: ms('decode'),
  };
  const attributed = Object.values(parts).reduce((a, b) => a + b, 0);
  const failedAttempts = spans.filter((s) => s.stage === 'failedAttempts').reduce((n, s) => n + (s.count ?? 1), 0);
  const sharedMs = options.shared ? SHARED_STAGES.reduce((sum, stage) => sum + ms(stage), 0) : 0;
  return { ...parts, vectorSearchMs: ms('vectorSearch'), fullTextSearchMs: ms('fullTextSearch'), failedAttempts, unattributedMs: Math.max(0, totalMs - attributed), totalMs, sharedMs };
}
