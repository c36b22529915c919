// The call sites' entry to the grounding check: runs it on a finished answer and never fails the answer (a check
// that throws is logged and leaves the answer unchecked). Runs in main.
import type { GroundingReport } from '../../../../shared/contract/trust';
import type { Logger } from '../../logging/logger';
import type { Generate } from '../../answers/generateText';
import { checkGrounding } from './groundingCheck';

export async function groundAnswer(input: { answer: string; passages: readonly { text: string }[]; generate?: Generate | undefined; signal: AbortSignal; logger: Logger }): Promise<GroundingReport | null> {
  if (input.passages.length === 0 || !input.answer.trim()) return null;
  try {
    return await checkGrounding({ answer: input.answer, passages: input.passages, ...(input.generate ? { verify: { generate: input.generate, signal: input.signal } } : {}) });
  } catch (error) {
    input.logger.warn('grounding check failed', { error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}
