// Measured operations: one event per chat answer, comparison column, retrieval, embedding batch, import, pull.
import { z } from 'zod';
import { AnswerStagesSchema } from './chat';
import { defineEvent, defineMethod } from './define';
import { FeedbackReasonSchema, FeedbackSignalSchema } from './feedback';
import { FallbackReasonSchema } from './resilience';

/**
 * `security`: a retrieved passage was flagged as a prompt-injection attempt (errorType: its kinds; items: passages flagged).
 * `feedback`: the user rated a chat answer, or regenerated it (a weak negative); see `feedback` and `messageId`.
 */
export const MetricKindSchema = z.enum(['chat', 'compare', 'retrieval', 'embedding', 'import', 'pull', 'security', 'feedback']);
export type MetricKind = z.infer<typeof MetricKindSchema>;

export const MetricEventSchema = z.object({
  id: z.string(),
  /** Epoch ms when the operation finished. */
  time: z.number(),
  kind: MetricKindSchema,
  model: z.string().nullable(),
  collectionId: z.string().nullable(),
  outcome: z.enum(['ok', 'error', 'cancelled']),
  /** Error code when outcome is error (OLLAMA_UNREACHABLE, MODEL_NOT_FOUND, …). */
  errorType: z.string().nullable(),
  errorMessage: z.string().nullable(),
  /** End-to-end latency, ms. */
  latencyMs: z.number().nonnegative().nullable(),
  ttftMs: z.number().nonnegative().nullable(),
  tokensPerSecond: z.number().nonnegative().nullable(),
  promptTokens: z.number().int().nonnegative().nullable(),
  completionTokens: z.number().int().nonnegative().nullable(),
  retrievalMs: z.number().nonnegative().nullable(),
  embeddingMs: z.number().nonnegative().nullable(),
  /** Ollama's load_duration (cold start), ms. */
  loadMs: z.number().nonnegative().nullable(),
  /** Loci's own overhead before the request reached Ollama, ms. */
  overheadMs: z.number().nonnegative().nullable(),
  /** Chat answers: true when served from the answer cache, false when it was looked up and missed, null when not consulted. */
  cacheHit: z.boolean().nullable(),
  /** Items processed (chunks embedded, files imported), when it applies. */
  items: z.number().int().nonnegative().nullable(),
  // Answer quality (optional: older events lack them). Chat and compare answers, and feedback events.
  /** The answer's message id (chat), so feedback joins its answer. */
  messageId: z.string().nullable().optional(),
  /** "id@version" of the prompt template that produced the answer. */
  promptTemplate: z.string().nullable().optional(),
  /** The grounding check's share of supported factual sentences, 0..1; null when nothing was checked. */
  groundedShare: z.number().min(0).max(1).nullable().optional(),
  /** Factual sentences checked, and of those marked unsupported. */
  checkedSentences: z.number().int().nonnegative().nullable().optional(),
  unsupportedSentences: z.number().int().nonnegative().nullable().optional(),
  /** true: retrieval found nothing relevant and no answer was generated. */
  nothingRelevant: z.boolean().nullable().optional(),
  /** Feedback events: the rating given (regenerate: a weak negative; cleared: withdrawn). */
  feedback: FeedbackSignalSchema.nullable().optional(),
  feedbackReason: FeedbackReasonSchema.nullable().optional(),
  /** Cache hits: the original answer's total time and tokens, which the hit did not spend. */
  savedMs: z.number().nonnegative().nullable().optional(),
  savedTokens: z.number().int().nonnegative().nullable().optional(),
  /** Auto answers: the tier that answered (see AnswerRoute). */
  tier: z.string().nullable().optional(),
  /** Answers: where the time went, stage by stage (see AnswerStagesSchema). */
  stages: AnswerStagesSchema.nullable().optional(),
  // Resilience (optional: older events lack them). Chat and compare answers.
  /** Chat: the model the conversation asked for when a fallback (`model`) answered; null when it answered itself. */
  requestedModel: z.string().nullable().optional(),
  /** Why the requested model did not answer (see resilience.ts FallbackReason). */
  fallbackReason: FallbackReasonSchema.nullable().optional(),
  /** Requests sent to the engine for this answer (retries before the first token included). */
  attempts: z.number().int().nonnegative().nullable().optional(),
});
export type MetricEvent = z.infer<typeof MetricEventSchema>;

export const MetricRangeSchema = z.enum(['hour', 'day', 'week', 'all']);
export type MetricRange = z.infer<typeof MetricRangeSchema>;

const Percentiles = z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() });

/** Aggregates over one model (or all) for a range. Percentiles are exact (nearest rank) over the range's events. */
export const MetricAggregateSchema = z.object({
  model: z.string().nullable(),
  count: z.number().int(),
  errors: z.number().int(),
  cancelled: z.number().int(),
  errorRate: z.number(),
  errorsByType: z.record(z.string(), z.number().int()),
  latencyMs: Percentiles,
  ttftMs: Percentiles,
  tokensPerSecond: z.object({ mean: z.number().nullable(), median: z.number().nullable() }),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  /** Cloud-equivalent cost of these tokens at the reference price, USD. */
  cloudCostUsd: z.number(),
  /** Local energy estimate, when enabled. */
  energyKWh: z.number().nullable(),
  energyCostUsd: z.number().nullable(),
  /** cloudCostUsd minus the energy cost. */
  savingsUsd: z.number(),
  retrievalMsMean: z.number().nullable(),
  generationMsMean: z.number().nullable(),
  /** Mean of each answer stage over the answers that timed their stages (ok outcomes); null when none did. */
  stagesMsMean: AnswerStagesSchema.nullable().optional(),
  /** How many answers stagesMsMean is over. */
  stagedAnswers: z.number().int().nonnegative().optional(),
});
export type MetricAggregate = z.infer<typeof MetricAggregateSchema>;

/** One time bucket of the range, for charts. */
export const MetricBucketSchema = z.object({
  start: z.number(),
  count: z.number().int(),
  errors: z.number().int(),
  latencyP50Ms: z.number().nullable(),
  latencyP95Ms: z.number().nullable(),
  retrievalMsMean: z.number().nullable(),
  generationMsMean: z.number().nullable(),
  cloudCostUsd: z.number(),
  energyCostUsd: z.number().nullable(),
});
export type MetricBucket = z.infer<typeof MetricBucketSchema>;

export const MetricAlertSchema = z.object({
  model: z.string(),
  /** Quality kinds (thumbsDownRate, unsupportedRate, nothingRelevantRate) are over the last N chat answers. */
  kind: z.enum(['errorRate', 'p95Latency', 'thumbsDownRate', 'unsupportedRate', 'nothingRelevantRate']),
  /** Ready to show, e.g. "qwen2.5:7b: p95 9.2 s over the last 20 answers". */
  message: z.string(),
  value: z.number(),
  threshold: z.number(),
  window: z.number().int(),
});
export type MetricAlert = z.infer<typeof MetricAlertSchema>;

/** The answer cache over a range: chat questions it was consulted for, hits, and what the hits did not spend. */
export const CacheSummarySchema = z.object({
  lookups: z.number().int().nonnegative(),
  hits: z.number().int().nonnegative(),
  /** hits / lookups; null without lookups. */
  hitRate: z.number().min(0).max(1).nullable(),
  /** Sum of the original answers' total time and tokens, over the hits. */
  savedMs: z.number().nonnegative(),
  savedTokens: z.number().int().nonnegative(),
  /** Time from Send to a hit's answer, and from Send to a fresh answer's first token, ms. */
  hitLatencyMs: Percentiles,
  freshTtftMs: Percentiles,
});
export type CacheSummary = z.infer<typeof CacheSummarySchema>;

export const MetricSummarySchema = z.object({
  range: MetricRangeSchema,
  from: z.number(),
  to: z.number(),
  bucketMs: z.number(),
  /** The answer kinds (chat and compare) over all models; answers served from the cache are counted under `cache` only. */
  overall: MetricAggregateSchema,
  byModel: z.array(MetricAggregateSchema),
  /** Auto answers per tier (`model` holds the tier's name). */
  byTier: z.array(MetricAggregateSchema),
  cache: CacheSummarySchema,
  series: z.array(MetricBucketSchema),
  /** Counts of every kind in the range (chat, compare, retrieval, embedding, import, pull). */
  countsByKind: z.record(z.string(), z.number().int()),
  costReference: z.object({ id: z.string(), name: z.string(), inputPerMillion: z.number(), outputPerMillion: z.number() }).nullable(),
  alerts: z.array(MetricAlertSchema),
  /** Chat answers given by a fallback, by the model asked for and the reason; rate is of that model's chat answers asked for. */
  fallbacks: z.array(z.object({ model: z.string(), reason: FallbackReasonSchema, count: z.number().int(), rate: z.number() })),
});
export type MetricSummary = z.infer<typeof MetricSummarySchema>;

export const metricsContract = {
  methods: {
    /** Aggregates, per-model figures, a time series and alerts for a range. */
    'metrics.summary': defineMethod({ input: z.object({ range: MetricRangeSchema.default('day') }).strict(), output: MetricSummarySchema }),
    /** Raw events of a range, newest first (at most `limit`). */
    'metrics.events': defineMethod({
      input: z.object({ range: MetricRangeSchema.default('day'), kind: MetricKindSchema.optional(), limit: z.number().int().min(1).max(100_000).default(500) }).strict(),
      output: z.object({ events: z.array(MetricEventSchema), total: z.number().int() }),
    }),
    /** The range's events as a file the user saves: CSV (one row per event) or JSON. */
    'metrics.export': defineMethod({
      input: z.object({ range: MetricRangeSchema, format: z.enum(['csv', 'json']) }).strict(),
      output: z.object({ filename: z.string(), mimeType: z.string(), content: z.string(), count: z.number().int() }),
    }),
    /** Deletes every recorded event. */
    'metrics.clear': defineMethod({ input: z.object({ confirm: z.literal(true) }).strict(), output: z.object({ cleared: z.number().int() }) }),
  },
  events: {
    /** New events were recorded (throttled); carries the current alerts. */
    'metrics.changed': defineEvent({ payload: z.object({ alerts: z.array(MetricAlertSchema) }) }),
  },
} as const;
