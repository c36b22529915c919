// The call sites' entry to the grounding check: runs it on a finished answer and never fails the answer (a check
// that throws is logged and leaves the answer unchecked). Also the "verify with model" hook over streamChat until
// the engine interface lands. Runs in main.
import type { GroundingReport } from '../../../../shared/contract/trust';
import type { Logger } from '../../logging/logger';
import { streamChat } from '../../ollama/streamChat';
import { checkGrounding, type Generate } from './groundingCheck';

export async function groundAnswer(input: { answer: string; passages: readonly { text: string }[]; generate?: Generate | undefined; signal: AbortSignal; logger: Logger }): Promise<GroundingReport | null> {
  if (input.passages.length === 0 || !input.answer.trim()) return null;
  try {
    return await checkGrounding({ answer: input.answer, passages: input.passages, ...(input.generate ? { verify: { generate: input.generate, signal: input.signal } } : {}) });
  } catch (error) {
    input.logger.warn('grounding check failed', { error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

/** A `generate` over one Ollama chat turn (temperature 0), for the model's second opinion. */
export function ollamaGenerate(url: string, model: string, contextLength: number | null): Generate {
  return async (prompt, signal) => {
    const outcome = await streamChat({ url, model, messages: [{ role: 'user', content: prompt }], temperature: 0, contextLength, signal, onDelta: () => undefined });
    if (outcome.error) throw outcome.error;
    return outcome.content;
  };
}
