// How a finished answer stream reads to the user, the same for chat and comparisons; and which passages count.
import type { MessageStatus } from '../../../shared/contract/chat';
import type { Passage } from '../../../shared/contract/library';
import type { AnswerStreamOutcome } from '../engines/modelEngine';

/** complete when it finished; incomplete when it broke or was stopped with something to keep; error when nothing came. */
export function answerStatusOf(outcome: Pick<AnswerStreamOutcome, 'content' | 'error'>): Extract<MessageStatus, 'complete' | 'incomplete' | 'error'> {
  if (outcome.error === null) return 'complete';
  return outcome.content.length > 0 || outcome.error.code === 'CANCELLED' ? 'incomplete' : 'error';
}

/** A passage counts as relevant when it matches words of the question, or its cosine similarity reaches the floor. */
export const isRelevant = (p: Passage, minSimilarity: number): boolean => p.textScore !== null || (p.vectorScore ?? 0) >= minSimilarity;
