// Records where one answer's time went (main side, plain Node): spans with start and end on one clock
// (performance.now()), passed through retrieval and the answer path, turned into the answer's stage breakdown.
//
// [Note: stages add up] The stages on the answer's path run one after the other and each starts where the previous
// ended, so their sum is the answer's total (Send → last token) up to the few statements between two spans. Vector
// and full-text search run in parallel: each is recorded on its own, and `search` is their wall time, which is what
// counts toward the total.
import type { AnswerStages } from '../../../shared/contract/chat';
import type { AnswerStreamTiming } from '../engines/modelEngine';

export type StageName = 'prepare' | 'rewrite' | 'embed' | 'vectorSearch' | 'fullTextSearch' | 'search' | 'fusion' | 'packing' | 'firstToken' | 'decode';

export interface StageSpan {
  stage: StageName;
  /** performance.now() at the start and end, ms. */
  start: number;
  end: number;
}

export interface StageTimer {
  /** Records a span that was measured elsewhere (an engine's own timestamps). */
  span(stage: StageName, start: number, end: number): void;
  /** Times an async step as one span; the span is recorded whether the step succeeds or throws. */
  time<T>(stage: StageName, step: () => Promise<T>): Promise<T>;
  /** Starts a span now; the returned function ends it. */
  start(stage: StageName): () => void;
  spans(): readonly StageSpan[];
}

export function createStageTimer(now: () => number = () => performance.now()): StageTimer {
  const spans: StageSpan[] = [];
  const timer: StageTimer = {
    span: (stage, start, end) => {
      spans.push({ stage, start, end: Math.max(start, end) });
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
 * The breakdown of an answer from its spans, in ms. A stage that ran more than once (not expected) is summed; one that
 * did not run is 0. `unattributedMs` is the part of the total that fell between stages.
 */
export function stagesFrom(spans: readonly StageSpan[], totalMs: number): AnswerStages {
  const ms = (stage: StageName): number => spans.filter((s) => s.stage === stage).reduce((sum, s) => sum + (s.end - s.start), 0);
  const parts = {
    prepareMs: ms('prepare'),
    rewriteMs: ms('rewrite'),
    embedMs: ms('embed'),
    searchMs: ms('search'),
    fusionMs: ms('fusion'),
    packingMs: ms('packing'),
    firstTokenMs: ms('firstToken'),
    decodeMs: ms('decode'),
  };
  const attributed = Object.values(parts).reduce((a, b) => a + b, 0);
  return { ...parts, vectorSearchMs: ms('vectorSearch'), fullTextSearchMs: ms('fullTextSearch'), unattributedMs: Math.max(0, totalMs - attributed), totalMs };
}
