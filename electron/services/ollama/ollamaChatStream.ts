// One streamed chat answer through the gateway's own `ollama` client: deltas, Ollama's timings, typed errors.
import type { Ollama } from 'ollama';
import { AppError } from '../../../shared/contract/errors';
import type { AnswerStreamOutcome, AnswerStreamRequest, AnswerStreamTiming } from '../engines/modelEngine';
import { toOllamaError } from './ollamaErrors';

/** Per-request hooks the streaming client's fetch reads (see [Note: one streaming client]). */
export interface StreamScope {
  signal: AbortSignal;
  onRequest(): void;
}

const nsToMs = (ns: number | undefined): number | null => (typeof ns === 'number' && ns >= 0 ? ns / 1e6 : null);

export async function streamOllamaChat(
  client: Ollama,
  url: string,
  request: AnswerStreamRequest,
  runInScope: <T>(scope: StreamScope, fn: () => Promise<T>) => Promise<T>,
): Promise<AnswerStreamOutcome> {
  let requestAt = performance.now();
  let firstTokenAt: number | null = null;
  // Ollama answered (its headers arrived): from here on a broken connection is a cut stream
  let responded = false;
  let content = '';
  const timing: Omit<AnswerStreamTiming, 'requestAt' | 'ttftMs' | 'durationMs'> = { loadMs: null, promptTokens: null, completionTokens: null, tokensPerSecond: null, doneReason: null };
  const finish = (error: AppError | null): AnswerStreamOutcome => {
    const end = performance.now();
    return { content, error, timing: { ...timing, requestAt, ttftMs: firstTokenAt === null ? null : firstTokenAt - requestAt, durationMs: end - requestAt } };
  };

  try {
    request.signal.throwIfAborted();
    const parts = await runInScope({ signal: request.signal, onRequest: () => (requestAt = performance.now()) }, () =>
      client.chat({
        model: request.model,
        messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
        stream: true,
        options: { temperature: request.temperature, ...(request.contextLength ? { num_ctx: request.contextLength } : {}), ...(request.maxTokens ? { num_predict: request.maxTokens } : {}) },
      }),
    );
    responded = true;
    const onAbort = (): void => parts.abort();
    request.signal.addEventListener('abort', onAbort, { once: true });
    let done = false;
    try {
      for await (const part of parts) {
        const delta = part.message?.content ?? '';
        if (delta) {
          firstTokenAt ??= performance.now();
          content += delta;
          request.onDelta(delta);
        }
        if (part.done) {
          done = true;
          timing.doneReason = part.done_reason ?? null;
          timing.loadMs = nsToMs(part.load_duration);
          timing.promptTokens = typeof part.prompt_eval_count === 'number' ? part.prompt_eval_count : null;
          timing.completionTokens = typeof part.eval_count === 'number' ? part.eval_count : null;
          const evalMs = nsToMs(part.eval_duration);
          timing.tokensPerSecond = timing.completionTokens !== null && evalMs ? (timing.completionTokens * 1000) / evalMs : null;
        }
      }
    } finally {
      request.signal.removeEventListener('abort', onAbort);
    }
    if (request.signal.aborted) return finish(new AppError('CANCELLED', 'Stopped'));
    if (!done) return finish(new AppError('OLLAMA_STREAM_CUT', 'The answer stopped before Ollama finished it', { model: request.model }));
    return finish(null);
  } catch (error) {
    if (request.signal.aborted) return finish(new AppError('CANCELLED', 'Stopped'));
    return finish(toOllamaError(error, url, { model: request.model, midStream: responded || content.length > 0, streaming: true }));
  }
}
