// Resilient, cost-aware generation: circuit breaker states per engine and model, and budget use against its limits.
import { z } from 'zod';
import { defineEvent, defineMethod } from './define';
import { AppErrorDataSchema } from './errors';

/**
 * `closed`: requests go through. `open`: requests fail fast with CIRCUIT_OPEN until `retryAt`. `half-open`: the
 * cool-down is over and one probe request may go; its success closes the breaker, its failure opens it again.
 */
export const BreakerPhaseSchema = z.enum(['closed', 'open', 'half-open']);
export type BreakerPhase = z.infer<typeof BreakerPhaseSchema>;

export const BreakerStateSchema = z.object({
  /** `engine:ollama` for an engine, a model key (`ollama:qwen2.5:7b`) for a model. */
  key: z.string(),
  scope: z.enum(['engine', 'model']),
  state: BreakerPhaseSchema,
  /** Failures counted in the current window. */
  failures: z.number().int().nonnegative(),
  /** Epoch ms when it opened last; null while it has not. */
  openedAt: z.number().nullable(),
  /** Epoch ms when an open breaker lets a probe through. */
  retryAt: z.number().nullable(),
  /** The failure that opened it (or the last one counted). */
  lastError: AppErrorDataSchema.nullable(),
});
export type BreakerState = z.infer<typeof BreakerStateSchema>;

/** The three quantities a budget can limit. */
export const BudgetMeasureSchema = z.enum(['tokens', 'costUsd', 'generationSec']);
export type BudgetMeasure = z.infer<typeof BudgetMeasureSchema>;

export const BudgetLineSchema = z.object({
  measure: BudgetMeasureSchema,
  period: z.enum(['day', 'month']),
  /** Use in the current local day or month (tokens; USD at the reference price; seconds of generation). */
  used: z.number().nonnegative(),
  /** null: no limit set. */
  limit: z.number().nonnegative().nullable(),
  /** used / limit, or null without a limit. */
  share: z.number().nonnegative().nullable(),
  /** `ok`; `warning` at or past the warning share; `exceeded` at or past the limit. */
  state: z.enum(['ok', 'warning', 'exceeded']),
});
export type BudgetLine = z.infer<typeof BudgetLineSchema>;

export const BudgetStatusSchema = z.object({
  lines: z.array(BudgetLineSchema),
  /** What happens at a limit (from Settings): `warn` lets answers go on, `block` refuses new ones. */
  atLimit: z.enum(['warn', 'block']),
  /** true when a new answer would be refused now. */
  blocked: z.boolean(),
  /** Ready to show, e.g. "Daily tokens: 8,200 of 10,000 (82%)"; empty when every line is ok. */
  messages: z.array(z.string()),
  /** Generations running now, and the cap from Settings. */
  activeGenerations: z.number().int().nonnegative(),
  maxConcurrentGenerations: z.number().int().positive(),
});
export type BudgetStatus = z.infer<typeof BudgetStatusSchema>;

const emptyInput = z.object({}).strict().default({});

export const resilienceContract = {
  methods: {
    /** Every breaker that has seen a failure (a breaker never used is closed and not listed). */
    'resilience.breakers': defineMethod({ input: emptyInput, output: z.object({ breakers: z.array(BreakerStateSchema) }) }),
    /** Budget use for the current local day and month against the limits in Settings. */
    'resilience.budget': defineMethod({ input: emptyInput, output: BudgetStatusSchema }),
    /** Closes a breaker at once (the user knows the engine is back). NOT_FOUND when no such breaker. */
    'resilience.resetBreaker': defineMethod({ input: z.object({ key: z.string().min(1).max(260) }).strict(), output: z.object({ key: z.string() }) }),
  },
  events: {
    /** A breaker changed state (opened, half-opened, closed). Carries every listed breaker. */
    'resilience.breakersChanged': defineEvent({ payload: z.object({ breakers: z.array(BreakerStateSchema) }) }),
  },
} as const;

/** Why a chat answer came from a fallback model: what happened to the model before it. */
export const FallbackReasonSchema = z.enum(['unreachable', 'breaker-open', 'server-error', 'cut', 'timeout', 'not-installed', 'failed']);
export type FallbackReason = z.infer<typeof FallbackReasonSchema>;

export function fallbackReasonOf(code: string, details?: unknown): FallbackReason {
  // 503 Service Unavailable: the model's server is there but cannot serve it
  if (code === 'OLLAMA_ERROR' && typeof details === 'object' && details !== null && 'status' in details && details.status === 503) return 'unreachable';
  switch (code) {
    case 'OLLAMA_UNREACHABLE':
    case 'ENGINE_UNAVAILABLE':
      return 'unreachable';
    case 'CIRCUIT_OPEN':
      return 'breaker-open';
    case 'OLLAMA_ERROR':
    case 'ENGINE_ERROR':
    case 'ENGINE_CRASHED':
      return 'server-error';
    case 'OLLAMA_STREAM_CUT':
      return 'cut';
    case 'ANSWER_TIMEOUT':
      return 'timeout';
    case 'MODEL_NOT_FOUND':
      return 'not-installed';
    default:
      return 'failed';
  }
}

const REASON_WORDS: Record<FallbackReason, string> = {
  unreachable: 'was unreachable',
  'breaker-open': 'was skipped (its circuit breaker is open after repeated failures)',
  'server-error': 'failed with a server error',
  cut: 'broke off before its first token',
  timeout: 'gave no first token in time',
  'not-installed': 'is not installed',
  failed: 'failed',
};

/** The answer's label: "llama3.2:3b answered: qwen2.5:7b was unreachable" (names without engines, as users say them). */
export function fallbackNote(answeredName: string, skipped: readonly { name: string; reason: FallbackReason }[]): string {
  return `${answeredName} answered: ${skipped.map((s) => `${s.name} ${REASON_WORDS[s.reason]}`).join('; ')}`;
}

/** A chat answer given by a fallback model: the model asked for, why each skipped model was skipped, and the label. */
export const AnswerFallbackSchema = z.object({
  /** The model the conversation asked for (a key). */
  requestedModel: z.string(),
  /** Every model tried before the one that answered, in order, with its reason. */
  skipped: z.array(z.object({ model: z.string(), reason: FallbackReasonSchema, code: z.string() })),
  /** Ready to show, e.g. "llama3.2:3b answered: qwen2.5:7b was unreachable". */
  note: z.string(),
});
export type AnswerFallback = z.infer<typeof AnswerFallbackSchema>;
