// How a finished answer stream reads to the user, the same for chat and comparisons (which passages count is
// retrieval/relevanceGate's).
import type { MessageStatus } from '../../../shared/contract/chat';
import type { AnswerStreamOutcome } from '../engines/modelEngine';

/** complete when it finished; incomplete when it broke or was stopped with something to keep; error when nothing came. */
export function answerStatusOf(outcome: Pick<AnswerStreamOutcome, 'content' | 'error'>): Extract<MessageStatus, 'complete' | 'incomplete' | 'error'> {
  if (outcome.error === null) return 'complete';
  return outcome.content.length > 0 || outcome.error.code === 'CANCELLED' ? 'incomplete' : 'error';
}
