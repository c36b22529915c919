// Answer feedback (main process, plain Node): stores a thumbs up/down with the answer in the conversation store and
// records it as a `feedback` metric event; a regenerate is recorded as a weak negative for the answer it replaces.
import { AppError } from '../../../shared/contract/errors';
import type { ChatMessage } from '../../../shared/contract/chat';
import type { AnswerFeedback, FeedbackReason, FeedbackRating, FeedbackSignal } from '../../../shared/contract/feedback';
import type { ConversationStore } from '../chat/conversationStore';
import type { MetricsRecorder } from '../metrics/metricsLog';
import { templateKey } from '../quality/answerQuality';

export interface FeedbackInput {
  conversationId: string;
  messageId: string;
  rating: FeedbackRating | null;
  reason: FeedbackReason | null;
  note: string | null;
}

export interface FeedbackService {
  /** Stores (or clears, rating null) the feedback on an assistant answer; NOT_FOUND when it is gone. */
  setFeedback(input: FeedbackInput): { messageId: string; feedback: AnswerFeedback | null };
  /** Before a regenerate: records a weak negative for the answer about to be replaced (nothing if it is gone). */
  recordRegenerate(conversationId: string, messageId: string): void;
}

export function createFeedbackService(deps: { conversations: ConversationStore; metrics: MetricsRecorder; now?: () => number }): FeedbackService {
  const now = deps.now ?? Date.now;
  const answerOf = (conversationId: string, messageId: string): { message: ChatMessage; collectionId: string } | null => {
    const { conversation, messages } = deps.conversations.get(conversationId);
    const message = messages.find((m) => m.id === messageId && m.role === 'assistant');
    return message ? { message, collectionId: conversation.collectionId } : null;
  };
  const record = (message: ChatMessage, collectionId: string, signal: FeedbackSignal, reason: FeedbackReason | null): void => {
    deps.metrics.record({
      kind: 'feedback',
      outcome: 'ok',
      model: message.model,
      collectionId,
      messageId: message.id,
      promptTemplate: templateKey(message.promptTemplate),
      feedback: signal,
      feedbackReason: reason,
    });
  };
  return {
    setFeedback(input) {
      const found = answerOf(input.conversationId, input.messageId);
      if (!found) throw new AppError('NOT_FOUND', 'That answer no longer exists', { messageId: input.messageId });
      // a reason only explains a thumbs down
      const reason = input.rating === 'down' ? input.reason : null;
      const note = input.rating === null || !input.note ? null : input.note;
      const feedback: AnswerFeedback | null = input.rating === null ? null : { rating: input.rating, reason, note, at: now() };
      deps.conversations.putMessage(input.conversationId, { ...found.message, feedback });
      record(found.message, found.collectionId, input.rating ?? 'cleared', reason);
      return { messageId: found.message.id, feedback };
    },
    recordRegenerate(conversationId, messageId) {
      const found = answerOf(conversationId, messageId);
      if (found) record(found.message, found.collectionId, 'regenerate', null);
    },
  };
}
