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

/** [Note: Auto model] A conversation's model may be `auto`: each question is routed to a tier (Settings → Auto routing). */
export const AUTO_MODEL = 'auto';
/** What a conversation answers with: a model key `engine:name`, or `auto` (the literal first: a bare name is an Ollama model). */
export const ChatModelChoiceSchema = z.union([z.literal(AUTO_MODEL), ModelKeySchema]);

/** An answer served from the answer cache: when and how the original was written, and what serving it saved. */
export const CachedAnswerInfoSchema = z.object({
  /** Epoch ms when the original answer was written. */
  answeredAt: z.number(),
  /** The original answer's message id. */
  sourceMessageId: z.string(),
  /** `exact`: the same question once normalised; `similar`: question embeddings at least the similarity threshold apart. */
  match: z.enum(['exact', 'similar']),
  /** Cosine similarity of the two questions' embeddings (1 for exact). */
  similarity: z.number().min(-1).max(1),
  /** The original answer's total time and tokens, which this hit did not spend. */
  savedMs: z.number().nonnegative().nullable(),
  savedTokens: z.number().int().nonnegative().nullable(),
});
export type CachedAnswerInfo = z.infer<typeof CachedAnswerInfoSchema>;

/** Which Auto tier answered and why (its difficulty score and the signals that made it). */
export const AnswerRouteSchema = z.object({
  tier: z.string(),
  score: z.number().int().nonnegative(),
  /** Ready to show, e.g. "score 3 (comparison +2, 2 parts +1) ≥ 2". */
  reason: z.string(),
});
export type AnswerRoute = z.infer<typeof AnswerRouteSchema>;

export const PromptTemplateInfoSchema = z.object({
  id: z.string(),
  version: z.number().int().positive(),
  name: z.string(),
  description: z.string(),
  /** false: a version of the user's own template (the prompt library). */
  builtIn: z.boolean().optional(),
  /** A user template's active version. */
  active: z.boolean().optional(),
});
export type PromptTemplateInfo = z.infer<typeof PromptTemplateInfoSchema>;

/**
 * Where one answer's time went, ms. The sequential stages (prepare, rewrite, embed, search, fusion, packing, wait,
 * failed attempts, first token, decode) add up to `totalMs` (Send → last token) but for `unattributedMs`, the
 * statements between two stages. Vector and full-text search run in parallel inside `searchMs` (its wall time); each
 * is also given on its own. Fields added later default to 0, so answers stored before them still parse.
 */
export const AnswerStagesSchema = z.object({
  /** Send → the search starts: storing the question, choosing the model. */
  prepareMs: z.number().nonnegative(),
  /** Rewriting a follow-up as a standalone question (0 for a first question). */
  rewriteMs: z.number().nonnegative(),
  /** Embedding the question. */
  embedMs: z.number().nonnegative(),
  /** Vector and full-text search together (wall time). */
  searchMs: z.number().nonnegative(),
  vectorSearchMs: z.number().nonnegative(),
  fullTextSearchMs: z.number().nonnegative(),
  /** Fusing the two rankings, dropping overlaps, the score floor. */
  fusionMs: z.number().nonnegative(),
  /** Checking passages, the relevance gate, packing the prompt into the model's window (again for each fallback model). */
  packingMs: z.number().nonnegative(),
  /** Waiting for a generation slot (the cap on answers at once) and handing the request to the engine. */
  waitMs: z.number().nonnegative().default(0),
  /**
   * Attempts that failed before their first token and were followed by another: retries of the same model, and
   * models of the fallback chain (chat) that failed before the one that answered, each with its waits and back-off.
   */
  failedAttemptsMs: z.number().nonnegative().default(0),
  /** How many such attempts (a model its breaker refused counts as one); in Metrics' means, the mean per answer. */
  failedAttempts: z.number().nonnegative().default(0),
  /** Request → first token (model loading included). */
  firstTokenMs: z.number().nonnegative(),
  /** First token → last token. */
  decodeMs: z.number().nonnegative(),
  unattributedMs: z.number().nonnegative(),
  totalMs: z.number().nonnegative(),
  /**
   * A comparison column: the part of these stages (prepare through packing) that ran once for all the columns; the
   * same figures appear on every column, so they are not to be added across columns. 0 for a chat answer. In a
   * sequential comparison a column's `totalMs` here is that shared part plus the column's own time from its start
   * (its metrics' `totalMs` counts only the latter).
   */
  sharedMs: z.number().nonnegative().default(0),
});
export type AnswerStages = z.infer<typeof AnswerStagesSchema>;

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
  /** Where the time went, stage by stage (answers recorded before stages were timed have none). */
  stages: AnswerStagesSchema.nullable().optional(),
});
export type AnswerMetrics = z.infer<typeof AnswerMetricsSchema>;

export const ChatRoleSchema = z.enum(['user', 'assistant']);
export type ChatRole = z.infer<typeof ChatRoleSchema>;

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

const ChatMessageFields = z.object({
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
  /** Served from the answer cache (see answerCache/); absent or null for a generated answer. */
  cached: CachedAnswerInfoSchema.nullable().optional(),
  /** Answered by an Auto tier; absent or null when the conversation names its model. */
  route: AnswerRouteSchema.nullable().optional(),
  /** Assistant messages answered by a fallback model (`model` is the one that answered): who was skipped and why. */
  fallback: AnswerFallbackSchema.nullable().optional(),
});

/** An earlier answer to the same question, kept when the answer was regenerated; it has its own metrics. */
export const AnswerVersionSchema = ChatMessageFields;
export type AnswerVersion = z.infer<typeof AnswerVersionSchema>;

export const ChatMessageSchema = ChatMessageFields.extend({
  /**
   * Assistant messages: the earlier answers to the same question, oldest first (Regenerate keeps them); the message
   * itself is the latest. Absent on answers never regenerated and on conversations stored before versions existed.
   */
  versions: z.array(AnswerVersionSchema).max(50).optional(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const ConversationSchema = z.object({
  id: z.string(),
  title: z.string(),
  collectionId: z.string(),
  /** Model key `engine:name`, `auto` (routed per question), or null for the default. */
  model: ChatModelChoiceSchema.nullable(),
  /** null: the collection's temperature (workspace settings), else Settings' default. */
  temperature: z.number().min(0).max(2).nullable(),
  /** Context window to request (num_ctx), tokens; null uses the model's own. */
  contextLength: z.number().int().min(512).max(1_048_576).nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** When a message was last added or replaced (ms since epoch); the list sorts by it. Renames and pins leave it. */
  lastActivityAt: z.number(),
  /** Pinned conversations list first. */
  pinned: z.boolean(),
  messageCount: z.number().int().nonnegative(),
});
export type Conversation = z.infer<typeof ConversationSchema>;

/** One conversation that matched a search, with where it matched. */
export const ConversationMatchSchema = z.object({
  conversationId: z.string(),
  /** `title`: the title matched (content may too); `content`: only a message matched. */
  matchedIn: z.enum(['title', 'content']),
  /** Up to ~120 characters of the first matching message around the match; null when only the title matched. */
  snippet: z.string().nullable(),
});
export type ConversationMatch = z.infer<typeof ConversationMatchSchema>;

/** Where an answer being written is: searching the library, waiting for the model's first token, writing. */
export const AnswerPhaseSchema = z.enum(['retrieving', 'waiting', 'generating']);
export type AnswerPhase = z.infer<typeof AnswerPhaseSchema>;

/** One stream item: a patch to apply (deltas concatenate), so items coalesce without loss. */
export const ChatStreamPatchSchema = z.object({
  /** The user's message as stored (first item). */
  userMessage: ChatMessageSchema.optional(),
  /** The answer being written: its id, passages and prompt (sent once retrieval is done). */
  assistant: ChatMessageSchema.optional(),
  /** New answer text. */
  delta: z.string().optional(),
  phase: AnswerPhaseSchema.optional(),
});
export type ChatStreamPatch = z.infer<typeof ChatStreamPatchSchema>;

/** Two stream items as one (the host coalesces items with this): deltas concatenate, the other fields replace. */
export const mergePatch = (a: ChatStreamPatch, b: ChatStreamPatch): ChatStreamPatch => {
  const delta = (a.delta ?? '') + (b.delta ?? '');
  return { ...a, ...b, ...(delta ? { delta } : {}) };
};

/** What a chat.send stream builds up for the answer being written. */
export interface ChatPatchState {
  readonly phase: AnswerPhase;
  readonly assistant: ChatMessage | null;
  readonly content: string;
}

/**
 * An answer being written after one stream item: the delta appends, phase and assistant replace. The item's
 * `userMessage` is not answer state (the caller stores the question). Returns the same object when nothing changed.
 */
export function applyChatPatch<S extends ChatPatchState>(state: S, patch: ChatStreamPatch): S {
  const phase = patch.phase ?? state.phase;
  const assistant = patch.assistant ?? state.assistant;
  const content = patch.delta ? state.content + patch.delta : state.content;
  if (phase === state.phase && assistant === state.assistant && content === state.content) return state;
  return { ...state, phase, assistant, content };
}

/** What chat.update may change on a conversation; absent fields stay as they are. */
export const ConversationPatchSchema = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    collectionId: Id.optional(),
    model: ChatModelChoiceSchema.nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    contextLength: z.number().int().min(512).max(1_048_576).nullable().optional(),
    pinned: z.boolean().optional(),
  })
  .strict();
export type ConversationPatch = z.infer<typeof ConversationPatchSchema>;

export const chatContract = {
  methods: {
    /** Conversations: pinned first, then by last activity (newest first). */
    'chat.conversations': defineMethod({ input: z.object({}).strict().default({}), output: z.object({ conversations: z.array(ConversationSchema) }) }),
    /** One conversation with its messages. */
    'chat.conversation': defineMethod({ input: z.object({ id: Id }).strict(), output: z.object({ conversation: ConversationSchema, messages: z.array(ChatMessageSchema) }) }),
    'chat.create': defineMethod({
      input: z.object({ collectionId: Id, model: ChatModelChoiceSchema.nullable().default(null), title: z.string().trim().min(1).max(200).optional() }).strict(),
      output: ConversationSchema,
    }),
    /** Renames or changes a conversation's collection, model, temperature or context length. */
    'chat.update': defineMethod({ input: z.object({ id: Id, patch: ConversationPatchSchema }).strict(), output: ConversationSchema }),
    'chat.delete': defineMethod({ input: z.object({ id: Id }).strict(), output: z.object({ id: z.string() }) }),
    /** Deletes several conversations at once (1-500); ids that no longer exist are skipped. Returns the ones deleted. */
    'chat.deleteMany': defineMethod({ input: z.object({ ids: z.array(Id).min(1).max(500) }).strict(), output: z.object({ ids: z.array(z.string()) }) }),
    /**
     * Conversations whose title or message text contains the query (case-insensitive, 1-200 characters), in list
     * order (pinned, then last activity), at most 200.
     */
    'chat.search': defineMethod({ input: z.object({ query: z.string().trim().min(1).max(200) }).strict(), output: z.object({ matches: z.array(ConversationMatchSchema) }) }),
    /** Every template an answer can use: the built-in ones (resources/prompts) and each version of the user's own. */
    'chat.promptTemplates': defineMethod({ input: z.object({}).strict().default({}), output: z.object({ templates: z.array(PromptTemplateInfoSchema) }) }),
  },
  streams: {
    /**
     * Asks a question (or regenerates an answer): retrieval, then a streamed answer from the conversation's engine. Cancellable
     * (Stop): the partial answer is kept, marked incomplete. The user's text is stored before anything can fail.
     * Regenerate keeps the replaced answer in the new one's `versions`. Edit (`editMessageId` + `text`) replaces that
     * question and removes every later message, then answers the new text.
     */
    'chat.send': defineStream({
      input: z
        .object({
          conversationId: Id,
          /** The question; omitted when regenerating. */
          text: z.string().trim().min(1, 'Type a question').max(20_000).optional(),
          /** Regenerate this assistant message's answer (same question). */
          regenerateMessageId: Id.optional(),
          /** With text: replace this user message by the text, dropping every later message (edit and resend). */
          editMessageId: Id.optional(),
          /** Answer without retrieval (after "nothing relevant found"); the answer is labelled ungrounded. */
          withoutDocuments: z.boolean().default(false),
          /** Skip the answer cache ("Answer fresh" on a cached answer): generate, and do not count it as a regenerate. */
          fresh: z.boolean().default(false),
        })
        .strict()
        .refine((v) => (v.text === undefined) !== (v.regenerateMessageId === undefined), 'Give either text or regenerateMessageId')
        .refine((v) => v.editMessageId === undefined || v.text !== undefined, 'Editing a question needs its new text'),
      item: ChatStreamPatchSchema,
      result: z.object({ message: ChatMessageSchema }),
      coalesce: { intervalMs: 16, merge: mergePatch },
    }),
  },
  events: {},
} as const;
