// One streamed chat completion through the real `ollama` client, timed: when the request left, the first token,
// Ollama's own counts. Abort reaches the request even before the first byte (the client's own abort cannot,
// because Ollama sends headers only with the first token), via a fetch that carries our signal.
import { Ollama } from 'ollama';
import { AppError } from '../../../shared/contract/errors';
import type { PromptMessage } from '../../../shared/contract/chat';
import { toOllamaError } from './ollamaErrors';

export interface ChatStreamRequest {
  url: string;
  model: string;
  messages: readonly PromptMessage[];
  temperature: number;
  /** num_ctx; null lets Ollama choose. */
  contextLength: number | null;
  signal: AbortSignal;
  onDelta(text: string): void;
}

export interface ChatStreamTiming {
  /** performance.now() when the HTTP request was handed to fetch. */
  requestAt: number;
  /** ms from request to the first token; null when none came. */
  ttftMs: number | null;
  /** ms from request to the end. */
  durationMs: number;
  loadMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  tokensPerSecond: number | null;
  doneReason: string | null;
}

export interface ChatStreamOutcome {
  content: string;
  timing: ChatStreamTiming;
  /** Set when the stream failed or was stopped; content holds what arrived before. */
  error: AppError | null;
}

const nsToMs = (ns: number | undefined): number | null => (typeof ns === 'number' && ns >= 0 ? ns / 1e6 : null);

export async function streamChat(request: ChatStreamRequest): Promise<ChatStreamOutcome> {
  let requestAt = performance.now();
  let sent = false;
  let firstTokenAt: number | null = null;
  let content = '';
  const timing: Omit<ChatStreamTiming, 'requestAt' | 'ttftMs' | 'durationMs'> = { loadMs: null, promptTokens: null, completionTokens: null, tokensPerSecond: null, doneReason: null };
  const client = new Ollama({
    host: request.url,
    fetch: (input, init) => {
      if (!sent) {
        sent = true;
        requestAt = performance.now();
      }
      return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, request.signal]) : request.signal });
    },
  });
  const finish = (error: AppError | null): ChatStreamOutcome => {
    const end = performance.now();
    return { content, error, timing: { ...timing, requestAt, ttftMs: firstTokenAt === null ? null : firstTokenAt - requestAt, durationMs: end - requestAt } };
  };

  try {
    request.signal.throwIfAborted();
    const parts = await client.chat({
      model: request.model,
      messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
      stream: true,
      options: { temperature: request.temperature, ...(request.contextLength ? { num_ctx: request.contextLength } : {}) },
    });
    let done = false;
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
    if (!done) return finish(new AppError('OLLAMA_STREAM_CUT', 'The answer stopped before Ollama finished it', { model: request.model }));
    return finish(null);
  } catch (error) {
    if (request.signal.aborted) return finish(new AppError('CANCELLED', 'Stopped'));
    return finish(toOllamaError(error, request.url, { model: request.model, midStream: content.length > 0 }));
  }
}
