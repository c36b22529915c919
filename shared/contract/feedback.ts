// Answer feedback: a thumbs up or down on a chat answer, with an optional reason and note, stored with the answer
// and recorded as a `feedback` metric event. Runs anywhere (shared by renderer and main).
import { z } from 'zod';
import { defineMethod } from './define';

const Id = z.string().min(1).max(100);

/** Why an answer was rated down. `not-in-documents`: it states what the documents do not hold. */
export const FeedbackReasonSchema = z.enum(['wrong', 'not-in-documents', 'incomplete', 'other']);
export type FeedbackReason = z.infer<typeof FeedbackReasonSchema>;

export const FeedbackRatingSchema = z.enum(['up', 'down']);
export type FeedbackRating = z.infer<typeof FeedbackRatingSchema>;

/** Stored on an assistant message (`ChatMessage.feedback`); absent or null: not rated. */
export const AnswerFeedbackSchema = z.object({
  rating: FeedbackRatingSchema,
  reason: FeedbackReasonSchema.nullable(),
  /** The user's words, at most 500 characters. */
  note: z.string().max(500).nullable(),
  /** Epoch ms of the last change. */
  at: z.number(),
});
export type AnswerFeedback = z.infer<typeof AnswerFeedbackSchema>;

/**
 * How a feedback metric event rates an answer: `regenerate` is a weak negative (the user asked again), `cleared`
 * withdraws an earlier rating. Aggregates use the latest event per message.
 */
export const FeedbackSignalSchema = z.enum(['up', 'down', 'regenerate', 'cleared']);
export type FeedbackSignal = z.infer<typeof FeedbackSignalSchema>;

export const ChatFeedbackInputSchema = z
  .object({
    conversationId: Id,
    messageId: Id,
    /** null clears the rating. */
    rating: FeedbackRatingSchema.nullable(),
    reason: FeedbackReasonSchema.nullable().default(null),
    note: z.string().trim().max(500, 'Keep the note under 500 characters').nullable().default(null),
  })
  .strict();

export const feedbackContract = {
  methods: {
    /**
     * Rates an assistant answer (up, down, or null to clear) with an optional reason and note (≤ 500 chars). Stored
     * with the answer and recorded as a `feedback` metric event. NOT_FOUND when the answer no longer exists.
     */
    'chat.feedback': defineMethod({
      input: ChatFeedbackInputSchema,
      output: z.object({ messageId: z.string(), feedback: AnswerFeedbackSchema.nullable() }),
    }),
  },
} as const;
