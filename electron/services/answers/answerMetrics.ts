// What an answer cost, from a finished stream's timing: shared by chat and comparisons, and the metric event it records.
import type { AnswerMetrics } from '../../../shared/contract/chat';
import type { AnswerStreamOutcome } from '../engines/modelEngine';
import type { ModelEngines } from '../engines/modelEngines';
import type { NewMetricEvent } from '../metrics/metricsLog';
import { stagesFrom, type StageTimer } from './stageTimer';

/** Default window when neither the request nor the model says (Ollama's own default). */
const FALLBACK_CONTEXT = 4096;
/** A model may allow far more, but a huge window costs memory on every request: the default is capped. */
const DEFAULT_CONTEXT_CAP = 8192;

/** The window to answer with: the request's, else the model's own (from its engine's cache), capped. */
export async function contextLengthFor(engines: ModelEngines, modelKey: string, requested: number | null): Promise<number> {
  if (requested) return requested;
  const { engine, ref } = engines.resolve(modelKey);
  const own = await engine.contextLength(ref.name).catch(() => null);
  return Math.min(own ?? FALLBACK_CONTEXT, DEFAULT_CONTEXT_CAP);
}

/** `timer`: the answer's recorded stages (answers/stageTimer), which become `stages`; without one, stages are null. */
export function answerMetricsFrom(outcome: AnswerStreamOutcome, context: { model: string; sendAt: number; embedMs: number | null; retrievalMs: number | null; timer?: StageTimer }): AnswerMetrics {
  const t = outcome.timing;
  const cancelled = outcome.error?.code === 'CANCELLED';
  // Send → last token: the stream's own end, not the moment this runs (resuming after the stream may wait for the
  // event loop, which is not the answer's time; under load it was tens of ms)
  const totalMs = Math.max(0, t.requestAt + t.durationMs - context.sendAt);
  return {
    model: context.model,
    embedMs: context.embedMs,
    retrievalMs: context.retrievalMs,
    overheadMs: Math.max(0, t.requestAt - context.sendAt),
    ttftMs: t.ttftMs,
    tokensPerSecond: t.tokensPerSecond,
    totalMs,
    loadMs: t.loadMs,
    promptTokens: t.promptTokens,
    completionTokens: t.completionTokens,
    outcome: outcome.error ? (cancelled ? 'cancelled' : 'error') : 'ok',
    doneReason: t.doneReason,
    stages: context.timer ? stagesFrom(context.timer.spans(), totalMs) : null,
  };
}

export function answerMetricEvent(kind: 'chat' | 'compare', metrics: AnswerMetrics, outcome: AnswerStreamOutcome, collectionId: string): NewMetricEvent {
  const failed = outcome.error !== null && outcome.error.code !== 'CANCELLED';
  return {
    kind,
    model: metrics.model,
    collectionId,
    outcome: metrics.outcome,
    errorType: failed ? outcome.error!.code : null,
    errorMessage: failed ? outcome.error!.message : null,
    latencyMs: metrics.totalMs,
    ttftMs: metrics.ttftMs,
    tokensPerSecond: metrics.tokensPerSecond,
    promptTokens: metrics.promptTokens,
    completionTokens: metrics.completionTokens,
    retrievalMs: metrics.retrievalMs,
    embeddingMs: metrics.embedMs,
    loadMs: metrics.loadMs,
    overheadMs: metrics.overheadMs,
    stages: metrics.stages ?? null,
  };
}
