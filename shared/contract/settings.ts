// Settings: one flat schema with defaults, read and patched through the contract and persisted by main.
import { z } from 'zod';
import { defineEvent, defineMethod } from './define';
import { ModelKeySchema } from './models';
import { PassageGuardSchema } from './trust';

/** A cloud model's list price, dollars per million tokens. */
export const CloudPriceSchema = z.object({
  id: z.string().trim().min(1).max(60),
  name: z.string().trim().min(1).max(120),
  inputPerMillion: z.number().min(0).max(10_000),
  outputPerMillion: z.number().min(0).max(10_000),
});
export type CloudPrice = z.infer<typeof CloudPriceSchema>;

/** One Auto routing tier: questions whose difficulty score reaches `fromScore` (and no higher tier's) go to `model`. */
export const RoutingTierSchema = z.object({ name: z.string().trim().min(1).max(40), model: ModelKeySchema, fromScore: z.number().int().min(0).max(20) });
export type RoutingTier = z.infer<typeof RoutingTierSchema>;
/** Daily or monthly limits; null: no limit on that measure. */
const BudgetLimitsSchema = z.object({
  tokens: z.number().int().min(0).max(1e12).nullable(),
  costUsd: z.number().min(0).max(1e6).nullable(),
  generationSec: z.number().min(0).max(1e8).nullable(),
});

export const ThemeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof ThemeSchema>;

/** Each field validated alone, so one bad value on disk falls back to its default without losing the rest. */
export const settingsShape = {
  /** Base URL of the Ollama server, e.g. http://127.0.0.1:11434. */
  ollamaUrl: z.url({ protocol: /^https?$/, error: 'Enter an http:// or https:// URL' }).max(2048),
  /** Colour theme; `system` follows the OS. */
  theme: ThemeSchema,
  /** Default model for chat as a model key (`ollama:llama3.2:3b`, `builtin:stories260K`), or null to pick the first one that can answer. */
  defaultChatModel: ModelKeySchema.nullable(),
  /** A folder of GGUF files the built-in engine lists (besides files added in Models), or null. */
  builtinModelsDir: z.string().min(1).max(4096).nullable(),
  /** The built-in engine unloads its model after this many idle minutes (freeing its memory). */
  builtinIdleUnloadMinutes: z.number().min(0.1).max(24 * 60),
  /** CPU threads the built-in engine generates with; null: half the cores (at least one). */
  builtinThreads: z.number().int().min(1).max(256).nullable(),
  /** An answer whose first token has not arrived after this many seconds ends with a timeout (model loading included). */
  answerFirstTokenTimeoutSec: z.number().min(1).max(3600),
  /** An answer that stops producing tokens for this many seconds ends with a timeout. */
  answerStallTimeoutSec: z.number().min(1).max(3600),
  /** Embedding model id in transformers.js layout (e.g. Xenova/all-MiniLM-L6-v2). Changing it requires a re-index. */
  embedderModelId: z.string().trim().min(1).max(200).regex(/^[\w.-]+(\/[\w.-]+)*$/, 'Use a model id like Xenova/all-MiniLM-L6-v2'),
  /** ONNX weights variant: q8 (model_quantized.onnx) or fp32 (model.onnx), etc. */
  embedderDtype: z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4']),
  /** A folder holding models in transformers.js layout (<dir>/<model id>/...), or null for the defaults. */
  embedderModelDir: z.string().min(1).max(4096).nullable(),
  /** Fetch the embedding model on first use when it is not on disk. */
  allowModelDownload: z.boolean(),
  /** Chunk size the chunker aims for, in the embedder's tokens. */
  chunkTargetTokens: z.number().int().min(32).max(2048),
  /** Tokens repeated between consecutive chunks. */
  chunkOverlapTokens: z.number().int().min(0).max(512),
  /** Files larger than this are skipped, in MB. */
  maxFileSizeMb: z.number().min(1).max(10_000),
  /** How hybrid search fuses its two lists: `auto` uses what calibration measured on the collection; otherwise this method at retrievalVectorWeight. */
  retrievalFusion: z.enum(['auto', 'rrf', 'convex']),
  /** Recognise text (OCR, English) in images and in PDF pages without a text layer; slow (seconds a page). */
  ocrEnabled: z.boolean(),
  /** Space for keeping uploaded originals in the data directory (so a re-index parses them again), in MB; 0 keeps none. */
  originalsMaxMb: z.number().min(0).max(1_000_000),
  /** Share of the vector ranking in hybrid search when retrievalFusion is not `auto` (0 = full text only, 1 = vectors only). */
  retrievalVectorWeight: z.number().min(0).max(1),
  /** Passages given to the model per question. */
  retrievalTopK: z.number().int().min(1).max(50),
  /** Passages whose fused score falls below this are dropped; null keeps all. */
  retrievalScoreFloor: z.number().min(0).max(1).nullable(),
  /** Maximal marginal relevance: near-duplicate passages (tables of contents, repeated headers) give way to others in the top k. */
  retrievalDiversity: z.boolean(),
  /** Prompt template for chat, as "id@version" (files in resources/prompts). */
  promptTemplate: z.string().regex(/^[a-z0-9-]+@\d+$/, 'Use id@version, e.g. grounded-answer@1'),
  /** A retrieved passage holding instruction-like text is flagged in the sources; `flag-and-exclude` also keeps it out of the prompt. */
  passageGuard: PassageGuardSchema,
  /** After the local grounding check, ask the answering model about the sentences it doubts (slower). */
  groundingVerifyWithModel: z.boolean(),
  /**
   * The answer cache (answerCache/): a first question asked again of an unchanged collection, with the same model,
   * prompt and retrieval settings, is answered from the cache when it is the same once normalised or its embedding
   * is at least `minSimilarity` (cosine) from the original's; at most `maxEntries` answers are kept.
   */
  answerCache: z.object({ enabled: z.boolean(), minSimilarity: z.number().min(0.9).max(1), maxEntries: z.number().int().min(10).max(10_000) }),
  /** Tiers for the Auto model (routing/): the lowest `fromScore` is where every question starts; none: Auto is not offered. */
  autoRouting: z.object({ tiers: z.array(RoutingTierSchema).max(4) }),
  /** Sampling temperature for new conversations. */
  defaultTemperature: z.number().min(0).max(2),
  /** Prices that turn local token counts into a cloud-equivalent cost. */
  cloudPrices: z.array(CloudPriceSchema).max(50),
  /** Which price the panels compare against (an id from cloudPrices). */
  costReference: z.string().min(1).max(60),
  /** Local energy estimate: average power draw while generating (W) and electricity price ($/kWh). */
  energyEstimate: z.object({ enabled: z.boolean(), watts: z.number().min(0).max(5000), pricePerKWh: z.number().min(0).max(10) }),
  /** Alert when, over a model's last `window` answers, the error rate or p95 latency crosses a threshold. */
  alerts: z.object({ window: z.number().int().min(5).max(1000), errorRate: z.number().min(0).max(1), p95LatencyMs: z.number().min(100).max(600_000) }),
  /** Metric events older than this are dropped, in days. */
  metricsRetentionDays: z.number().int().min(1).max(3650),
  // Resilient, cost-aware generation (electron/services/resilience)
  /** A failure before the first token (refused, 5xx, cut) is retried: attempts in all, backoff base and cap (ms), and no retry after totalCapSec. */
  retry: z.object({ maxAttempts: z.number().int().min(1).max(10), baseDelayMs: z.number().min(0).max(60_000), maxDelayMs: z.number().min(0).max(600_000), totalCapSec: z.number().min(0).max(600) }),
  /** A breaker per engine and model opens after failureThreshold failures within windowSec, and lets a probe through after cooldownSec. */
  breaker: z.object({ failureThreshold: z.number().int().min(1).max(100), windowSec: z.number().min(1).max(86_400), cooldownSec: z.number().min(1).max(86_400) }),
  /** Chat tries these in order when the chosen model fails before its first token or its breaker is open (Compare never falls back). */
  fallbackModels: z.array(ModelKeySchema).max(10),
  /** Longest answer, tokens (Ollama's num_predict, the built-in engine's maxTokens); null: the engine's own limit. */
  maxAnswerTokens: z.number().int().min(16).max(131_072).nullable(),
  /** Generations running at once, chat and Compare columns together; more wait their turn. */
  maxConcurrentGenerations: z.number().int().min(1).max(32),
  /** Limits per local day and month, a warning at warnAtShare of a limit, and at the limit: warn, or block new answers. */
  budgets: z.object({ daily: BudgetLimitsSchema, monthly: BudgetLimitsSchema, warnAtShare: z.number().min(0).max(1), atLimit: z.enum(['warn', 'block']) }),
};

export const SettingsSchema = z.object(settingsShape);
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  ollamaUrl: 'http://127.0.0.1:11434',
  theme: 'system',
  defaultChatModel: null,
  builtinModelsDir: null,
  builtinIdleUnloadMinutes: 10,
  builtinThreads: null,
  answerFirstTokenTimeoutSec: 300,
  answerStallTimeoutSec: 60,
  embedderModelId: 'Xenova/all-MiniLM-L6-v2',
  embedderDtype: 'q8',
  embedderModelDir: null,
  allowModelDownload: true,
  chunkTargetTokens: 200,
  chunkOverlapTokens: 40,
  maxFileSizeMb: 100,
  retrievalFusion: 'auto',
  ocrEnabled: false,
  originalsMaxMb: 2000,
  retrievalVectorWeight: 0.15,
  retrievalTopK: 6,
  retrievalScoreFloor: null,
  retrievalDiversity: false,
  promptTemplate: 'grounded-answer@3',
  passageGuard: 'flag-and-exclude',
  groundingVerifyWithModel: false,
  // 0.985: no two distinct questions of SciFact train or XQuAD came that close with the test embedder (README, Answer cache)
  answerCache: { enabled: true, minSimilarity: 0.985, maxEntries: 500 },
  autoRouting: { tiers: [] },
  defaultTemperature: 0.2,
  // list prices as published by each vendor (USD per 1M tokens), editable in Settings
  cloudPrices: [
    { id: 'gpt-4o', name: 'OpenAI GPT-4o', inputPerMillion: 2.5, outputPerMillion: 10 },
    { id: 'gpt-4o-mini', name: 'OpenAI GPT-4o mini', inputPerMillion: 0.15, outputPerMillion: 0.6 },
    { id: 'claude-3-5-sonnet', name: 'Anthropic Claude 3.5 Sonnet', inputPerMillion: 3, outputPerMillion: 15 },
    { id: 'claude-3-5-haiku', name: 'Anthropic Claude 3.5 Haiku', inputPerMillion: 0.8, outputPerMillion: 4 },
    { id: 'gemini-1-5-flash', name: 'Google Gemini 1.5 Flash', inputPerMillion: 0.075, outputPerMillion: 0.3 },
  ],
  costReference: 'gpt-4o',
  energyEstimate: { enabled: false, watts: 60, pricePerKWh: 0.3 },
  alerts: { window: 20, errorRate: 0.25, p95LatencyMs: 15_000 },
  metricsRetentionDays: 90,
  retry: { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 4000, totalCapSec: 15 },
  breaker: { failureThreshold: 5, windowSec: 60, cooldownSec: 30 },
  fallbackModels: [],
  maxAnswerTokens: null,
  maxConcurrentGenerations: 2,
  budgets: {
    daily: { tokens: null, costUsd: null, generationSec: null },
    monthly: { tokens: null, costUsd: null, generationSec: null },
    warnAtShare: 0.8,
    atLimit: 'warn',
  },
};

/** A partial update; unknown keys are refused so a typo is an error, not a silent no-op. */
export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const settingsContract = {
  methods: {
    /** The current settings. */
    'settings.get': defineMethod({ input: z.object({}).strict().default({}), output: SettingsSchema }),
    /** Applies a partial update, persists it and returns the new settings. Emits `settings.changed`. */
    'settings.update': defineMethod({ input: SettingsPatchSchema, output: SettingsSchema }),
    /** Restores every setting to its default. Emits `settings.changed`. */
    'settings.reset': defineMethod({ input: z.object({}).strict().default({}), output: SettingsSchema }),
  },
  events: {
    /** The settings after any change, from any window or transport. */
    'settings.changed': defineEvent({ payload: SettingsSchema }),
  },
} as const;
