// Ollama reachability and local model management (list, show, pull, delete, loaded models).
import { z } from 'zod';
import { defineEvent, defineMethod, defineStream } from './define';
import { AppErrorDataSchema } from './errors';

export const OllamaStatusSchema = z.object({
  /** `checking` only before the first probe finishes. */
  state: z.enum(['checking', 'ready', 'unreachable', 'error']),
  /** The URL that was tried. */
  url: z.string(),
  version: z.string().nullable(),
  modelCount: z.number().int().nonnegative().nullable(),
  /** When the probe finished, epoch ms. */
  checkedAt: z.number(),
  /** Probe round trip in ms, when reachable. */
  latencyMs: z.number().nonnegative().nullable(),
  error: AppErrorDataSchema.nullable(),
});
export type OllamaStatus = z.infer<typeof OllamaStatusSchema>;

/** A model name as Ollama accepts it: `name[:tag]`, optionally with a namespace. */
export const ModelNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a model name')
  .max(200)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._\-/:]*$/, 'Model names use letters, digits and . _ - / :');

export const ModelInfoSchema = z.object({
  name: z.string(),
  /** Size on disk in bytes. */
  sizeBytes: z.number().nonnegative(),
  digest: z.string(),
  family: z.string().nullable(),
  parameterSize: z.string().nullable(),
  quantization: z.string().nullable(),
  /** Context window in tokens, from the model's metadata; null when Ollama does not say. */
  contextLength: z.number().int().positive().nullable(),
  /** ISO 8601. */
  modifiedAt: z.string(),
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

export const RunningModelSchema = z.object({
  name: z.string(),
  sizeBytes: z.number().nonnegative(),
  sizeVramBytes: z.number().nonnegative(),
  /** ISO 8601: when Ollama unloads it. */
  expiresAt: z.string().nullable(),
});
export type RunningModel = z.infer<typeof RunningModelSchema>;

export const PullProgressSchema = z.object({
  status: z.string(),
  digest: z.string().nullable(),
  /** Bytes of the current layer. */
  totalBytes: z.number().nonnegative().nullable(),
  completedBytes: z.number().nonnegative().nullable(),
  /** 0..100 for the current layer, when sizes are known. */
  percent: z.number().min(0).max(100).nullable(),
});
export type PullProgress = z.infer<typeof PullProgressSchema>;

const emptyInput = z.object({}).strict().default({});

export const ollamaContract = {
  methods: {
    /** The last known status; `refresh: true` probes Ollama now (at most a few seconds). */
    'ollama.status': defineMethod({
      input: z.object({ refresh: z.boolean().default(false) }).strict().default({ refresh: false }),
      output: OllamaStatusSchema,
    }),
    /** Probes an arbitrary URL without saving it (the Settings "Test connection" button). */
    'ollama.testUrl': defineMethod({
      input: z.object({ url: z.url({ protocol: /^https?$/ }) }).strict(),
      output: OllamaStatusSchema,
    }),
    /** Installed models with their metadata. Fails with OLLAMA_UNREACHABLE when Ollama is down. */
    'models.list': defineMethod({ input: emptyInput, output: z.object({ models: z.array(ModelInfoSchema) }) }),
    /** Models loaded in memory right now (/api/ps). */
    'models.running': defineMethod({ input: emptyInput, output: z.object({ models: z.array(RunningModelSchema) }) }),
    /** Deletes an installed model. MODEL_NOT_FOUND when it is not installed. */
    'models.delete': defineMethod({ input: z.object({ name: ModelNameSchema }).strict(), output: z.object({ name: z.string() }) }),
  },
  streams: {
    /** Pulls a model; items are progress (at most ~8 per second), cancellable; ends when Ollama reports success. */
    'models.pull': defineStream({
      input: z.object({ name: ModelNameSchema }).strict(),
      item: PullProgressSchema,
      result: z.object({ name: z.string() }),
      coalesce: { intervalMs: 125 },
    }),
  },
  events: {
    /** Pushed whenever a probe's outcome differs from the previous one. */
    'ollama.statusChanged': defineEvent({ payload: OllamaStatusSchema }),
    /** Installed models changed (pull finished, delete). */
    'models.changed': defineEvent({ payload: z.object({ reason: z.enum(['pulled', 'deleted', 'refreshed']) }) }),
  },
} as const;
