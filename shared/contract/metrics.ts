// Measured operations: one event per chat answer, comparison column, retrieval, embedding batch, import, pull.
import { z } from 'zod';

export const MetricKindSchema = z.enum(['chat', 'compare', 'retrieval', 'embedding', 'import', 'pull']);
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
  cacheHit: z.boolean().nullable(),
  /** Items processed (chunks embedded, files imported), when it applies. */
  items: z.number().int().nonnegative().nullable(),
});
export type MetricEvent = z.infer<typeof MetricEventSchema>;
