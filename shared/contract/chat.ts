// Chat over a collection: conversations, cited streaming answers, prompt templates, per-answer metrics.
import { z } from 'zod';
import { defineMethod, defineStream } from './define';
import { AppErrorDataSchema } from './errors';
import { PassageSchema } from './library';
import { ModelKeySchema } from './models';
import { GroundingReportSchema } from './trust';
import { AnswerFeedbackSchema } from './feedback';
import { AnswerFallbackSchema } from './resilience';

const Id = z.string().min(1).max(100);

export const PromptTemplateInfoSchema = z.object({
  id: z.string(),
  version: z.number().int().positive(),
  name: z.string(),
  description: z.string(),
});
export type PromptTemplateInfo = z.infer<typeof PromptTemplateInfoSchema>;

/** What one answer cost. Times in ms; token counts are the engine's own. */
export const AnswerMetricsSchema = z.object({
  /** Model key `engine:name`. */
  model: z.string(),
  /** Embedding the question. */
  embedMs: z.number().nonnegative().nullable(),
  /** Searching the index (vector + full text + fusion). */
  retrievalMs: z.number().nonnegative().nullable(),
  /** Loci's own overhead: from Send to the request leaving for the engine. */
  overheadMs: z.number().nonnegative(),
  /** From the request to the first token. */
  ttftMs: z.number().nonnegative().nullable(),
  /** Answer tokens per second of generation (Ollama's eval_count / eval_duration; the built-in engine's own count). */
  tokensPerSecond: z.number().nonnegative().nullable(),
  /** From Send to the last token. */
  totalMs: z.number().nonnegative(),
  /** Time the engine spent loading the model: > 0 means it was loaded cold. */
  loadMs: z.number().nonnegative().nullable(),
  promptTokens: z.number().int().nonnegative().nullable(),
  completionTokens: z.number().int().nonnegative().nullable(),
  outcome: z.enum(['ok', 'error', 'cancelled']),
  /** Why generation stopped (`stop`, `length`, `abort`, …), as the engine says; null when it did not say. */
  doneReason: z.string().nullable().default(null),
});
export type AnswerMetrics = z.infer<typeof AnswerMetricsSchema>;

export const ChatRoleSchema = z.enum(['user', 'assistant']);

/**
 * `complete`: finished. `incomplete`: the stream broke or was stopped; content is what arrived.
 * `no-context`: retrieval found nothing relevant; content explains, nothing was generated.
 * `error`: nothing usable arrived; see error.
 * `streaming`: being written (checkpointed to disk as it grows); one found on load when no answer runs was cut
 * short by Loci stopping, and is shown as `incomplete`.
 */
export const MessageStatusSchema = z.enum(['complete', 'incomplete', 'no-context', 'error', 'streaming']);
export type MessageStatus = z.infer<typeof MessageStatusSchema>;

export const PromptMessageSchema = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });
export type PromptMessage = z.infer<typeof PromptMessageSchema>;

export const ChatMessageSchema = z.object({
  id: z.string(),
  role: ChatRoleSchema,
  content: z.string(),
  createdAt: z.number(),
  status: MessageStatusSchema,
  /** Assistant messages: the model (key `engine:name`) and prompt that produced it. */
  model: ModelKeySchema.nullable(),
  promptTemplate: z.object({ id: z.string(), version: z.number().int() }).nullable(),
  /** The passages given to the model, numbered [1]..[k] in this order. */
  passages: z.array(PassageSchema),
  /** Assistant messages: what retrieval searched for when it was not the question itself (a rewritten follow-up). */
  searchedFor: z.string().nullable().optional(),
  /** false: answered without documents (clearly labelled in the UI). */
  grounded: z.boolean(),
  /** Exactly what was sent to the model. */
  prompt: z.array(PromptMessageSchema),
  metrics: AnswerMetricsSchema.nullable(),
  error: AppErrorDataSchema.nullable(),
  /** Retrieved passages kept out of the prompt because they were flagged (setting "flag and exclude"). */
  withheldPassages: z.array(PassageSchema).optional(),
  /** Which sentences the cited passages support; null when the answer was not checked (no passages, failed). */
  grounding: GroundingReportSchema.nullable().optional(),
  /** Assistant messages: the user's thumbs up or down (see feedback.ts); absent or null when not rated. */
  feedback: AnswerFeedbackSchema.nullable().optional(),
  /** Assistant messages answered by a fallback model (`model` is the one that answered): who was skipped and why. */
  fallback: AnswerFallbackSchema.nullable().optional(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const ConversationSchema = z.object({
  id: z.string(),
  title: z.string(),
  collectionId: z.string(),
  /** Model key `engine:name`, or null for the default. */
  model: ModelKeySchema.nullable(),
  temperature: z.number().min(0).max(2),
  /** Context window to request (num_ctx), tokens; null uses the model's own. */
  contextLength: z.number().int().min(512).max(1_048_576).nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  messageCount: z.number().int().nonnegative(),
});
export type Conversation = z.infer<typeof ConversationSchema>;

/** One stream item: a patch to apply (deltas concatenate), so items coalesce without loss. */
export const ChatStreamPatchSchema = z.object({
  /** The user's message as stored (first item). */
  userMessage: ChatMessageSchema.optional(),
  /** The answer being written: its id, passages and prompt (sent once retrieval is done). */
  assistant: ChatMessageSchema.optional(),
  /** New answer text. */
  delta: z.string().optional(),
  phase: z.enum(['retrieving', 'waiting', 'generating']).optional(),
});
export type ChatStreamPatch = z.infer<typeof ChatStreamPatchSchema>;

const mergePatch = (a: ChatStreamPatch, b: ChatStreamPatch): ChatStreamPatch => {
  const delta = (a.delta ?? '') + (b.delta ?? '');
  return { ...a, ...b, ...(delta ? { delta } : {}) };
};

const ConversationPatch = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    collectionId: Id.optional(),
    model: ModelKeySchema.nullable().optional(),
    temperature: z.number().min(0).max(2).optional(),
    contextLength: z.number().int().min(512).max(1_048_576).nullable().optional(),
  })
  .strict();

export const chatContract = {
  methods: {
    /** Conversations, most recently updated first. */
    'chat.conversations': defineMethod({ input: z.object({}).strict().default({}), output: z.object({ conversations: z.array(ConversationSchema) }) }),
    /** One conversation with its messages. */
    'chat.conversation': defineMethod({ input: z.object({ id: Id }).strict(), output: z.object({ conversation: ConversationSchema, messages: z.array(ChatMessageSchema) }) }),
    'chat.create': defineMethod({
      input: z.object({ collectionId: Id, model: ModelKeySchema.nullable().default(null), title: z.string().trim().min(1).max(200).optional() }).strict(),
      output: ConversationSchema,
    }),
    /** Renames or changes a conversation's collection, model, temperature or context length. */
    'chat.update': defineMethod({ input: z.object({ id: Id, patch: ConversationPatch }).strict(), output: ConversationSchema }),
    'chat.delete': defineMethod({ input: z.object({ id: Id }).strict(), output: z.object({ id: z.string() }) }),
    /** Prompt templates found in resources/prompts. */
    'chat.promptTemplates': defineMethod({ input: z.object({}).strict().default({}), output: z.object({ templates: z.array(PromptTemplateInfoSchema) }) }),
  },
  streams: {
    /**
     * Asks a question (or regenerates an answer): retrieval, then a streamed answer from the conversation's engine. Cancellable
     * (Stop): the partial answer is kept, marked incomplete. The user's text is stored before anything can fail.
     */
    'chat.send': defineStream({
      input: z
        .object({
          conversationId: Id,
          /** The question; omitted when regenerating. */
          text: z.string().trim().min(1, 'Type a question').max(20_000).optional(),
          /** Regenerate this assistant message's answer (same question). */
          regenerateMessageId: Id.optional(),
          /** Answer without retrieval (after "nothing relevant found"); the answer is labelled ungrounded. */
          withoutDocuments: z.boolean().default(false),
        })
        .strict()
        .refine((v) => (v.text === undefined) !== (v.regenerateMessageId === undefined), 'Give either text or regenerateMessageId'),
      item: ChatStreamPatchSchema,
      result: z.object({ message: ChatMessageSchema }),
      coalesce: { intervalMs: 16, merge: mergePatch },
    }),
  },
  events: {},
} as const;
