// One answer from whichever engine a model key names, with the watchdog every answer gets: a first-token timeout
// and a between-tokens stall timeout end a stalled model with a clear error (engine-agnostic).
import { AppError } from '../../../shared/contract/errors';
import { modelLabel } from '../../../shared/contract/models';
import type { PromptMessage } from '../../../shared/contract/chat';
import type { AnswerStreamOutcome } from '../engines/modelEngine';
import type { ModelEngines } from '../engines/modelEngines';

export interface AnswerTimeouts {
  /** From the request to the first token (model loading included), ms. */
  firstTokenMs: number;
  /** Longest gap between two tokens, ms. */
  stallMs: number;
}

export interface StreamAnswerRequest {
  modelKey: string;
  messages: readonly PromptMessage[];
  temperature: number;
  contextLength: number | null;
  /** Longest answer, tokens; null or absent: the engine's own limit. */
  maxTokens?: number | null;
  signal: AbortSignal;
  timeouts: AnswerTimeouts;
  onDelta(text: string): void;
}

export async function streamAnswer(engines: ModelEngines, request: StreamAnswerRequest): Promise<AnswerStreamOutcome> {
  const { engine, ref } = engines.resolve(request.modelKey);
  const watchdog = new AbortController();
  let timedOut: AppError | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const arm = (ms: number, error: () => AppError): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = error();
      watchdog.abort(timedOut);
    }, ms);
  };
  const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
  arm(request.timeouts.firstTokenMs, () =>
    new AppError('ANSWER_TIMEOUT', `${modelLabel(ref)} gave no first token within ${seconds(request.timeouts.firstTokenMs)}. It may be overloaded or stuck; try again, or raise the limit in Settings.`, { phase: 'first-token', limitMs: request.timeouts.firstTokenMs }),
  );
  try {
    const outcome = await engine.streamAnswer({
      model: ref.name,
      messages: request.messages,
      temperature: request.temperature,
      contextLength: request.contextLength,
      maxTokens: request.maxTokens ?? null,
      signal: AbortSignal.any([request.signal, watchdog.signal]),
      onDelta: (text) => {
        arm(request.timeouts.stallMs, () =>
          new AppError('ANSWER_TIMEOUT', `${modelLabel(ref)} stopped producing tokens for ${seconds(request.timeouts.stallMs)}. Try again, or raise the limit in Settings.`, { phase: 'stall', limitMs: request.timeouts.stallMs }),
        );
        request.onDelta(text);
      },
    });
    // a stop by the watchdog reads as its timeout, not as the user's Stop
    if (timedOut !== null && !request.signal.aborted) return { ...outcome, error: timedOut };
    return outcome;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** The timeouts from the settings. */
export const answerTimeoutsFrom = (settings: { answerFirstTokenTimeoutSec: number; answerStallTimeoutSec: number }): AnswerTimeouts => ({
  firstTokenMs: settings.answerFirstTokenTimeoutSec * 1000,
  stallMs: settings.answerStallTimeoutSec * 1000,
});
