// What an answer cost, from a finished stream's timing: shared by chat and comparisons, and the metric event it records.
import type { AnswerMetrics } from '../../../shared/contract/chat';
import type { NewMetricEvent } from '../metrics/metricsLog';
import type { OllamaGateway } from '../ollama/ollamaGateway';
import type { ChatStreamOutcome } from '../ollama/streamChat';

/** Default window when neither the request nor the model says (Ollama's own default). */
const FALLBACK_CONTEXT = 4096;
/** A model may allow far more, but a huge window costs memory on every request: the default is capped. */
const DEFAULT_CONTEXT_CAP = 8192;

export async function contextLengthFor(ollama: OllamaGateway, model: string, requested: number | null): Promise<number> {
  if (requested) return requested;
  const info = (await ollama.listModels().catch(() => [])).find((m) => m.name === model);
  return Math.min(info?.contextLength ?? FALLBACK_CONTEXT, DEFAULT_CONTEXT_CAP);
}

export function answerMetricsFrom(outcome: ChatStreamOutcome, context: { model: string; sendAt: number; embedMs: number | null; retrievalMs: number | null }): AnswerMetrics {
  const t = outcome.timing;
  const cancelled = outcome.error?.code === 'CANCELLED';
  return {
    model: context.model,
    embedMs: context.embedMs,
    retrievalMs: context.retrievalMs,
    overheadMs: Math.max(0, t.requestAt - context.sendAt),
    ttftMs: t.ttftMs,
    tokensPerSecond: t.tokensPerSecond,
    totalMs: performance.now() - context.sendAt,
    loadMs: t.loadMs,
    promptTokens: t.promptTokens,
    completionTokens: t.completionTokens,
    outcome: outcome.error ? (cancelled ? 'cancelled' : 'error') : 'ok',
  };
}

export function answerMetricEvent(kind: 'chat' | 'compare', metrics: AnswerMetrics, outcome: ChatStreamOutcome, collectionId: string): NewMetricEvent {
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
  };
}
