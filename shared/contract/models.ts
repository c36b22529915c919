// Models across engines (Ollama, the built-in llama.cpp engine): model refs, listing, loaded models, pulls, added GGUF files.
import { z } from 'zod';
import { defineEvent, defineMethod, defineStream } from './define';
import { AppErrorDataSchema } from './errors';

/** `ollama`: the Ollama server. `builtin`: Loci's own llama.cpp engine (node-llama-cpp) running GGUF files. */
export const EngineIdSchema = z.enum(['ollama', 'builtin']);
export type EngineId = z.infer<typeof EngineIdSchema>;
export const ENGINE_IDS = EngineIdSchema.options;

/** What the UI calls each engine. */
export const ENGINE_LABELS: Record<EngineId, string> = { ollama: 'ollama', builtin: 'built-in' };

/** A model name as Ollama accepts it: `name[:tag]`, optionally with a namespace. Built-in names follow the same rule. */
export const ModelNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a model name')
  .max(200)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._\-/:]*$/, 'Model names use letters, digits and . _ - / :');

/** A model ref: which engine, and the model's name in it. */
export const ModelRefSchema = z.object({ engine: EngineIdSchema, name: ModelNameSchema });
export type ModelRef = z.infer<typeof ModelRefSchema>;

/**
 * [Note: model keys] A model ref travels and is stored as its key `engine:name` (settings, conversations,
 * comparisons, metric events), so one string names a model everywhere. A bare name (stored before there were
 * engines) is an Ollama model.
 */
export const modelKey = (ref: ModelRef): string => `${ref.engine}:${ref.name}`;

export function parseModelKey(key: string): ModelRef {
  const colon = key.indexOf(':');
  const head = colon > 0 ? key.slice(0, colon) : '';
  if ((ENGINE_IDS as readonly string[]).includes(head)) return { engine: head as EngineId, name: key.slice(colon + 1) };
  return { engine: 'ollama', name: key };
}

/** `built-in · stories260K`, `ollama · llama3.2:3b`: how a model is named wherever it is chosen or shown. */
export const modelLabel = (keyOrRef: string | ModelRef): string => {
  const ref = typeof keyOrRef === 'string' ? parseModelKey(keyOrRef) : keyOrRef;
  return `${ENGINE_LABELS[ref.engine]} · ${ref.name}`;
};

/** A model key as input: `engine:name`, or a bare (legacy) Ollama name, normalized to its key. */
export const ModelKeySchema = z
  .string()
  .trim()
  .min(1, 'Choose a model')
  .max(220)
  .transform((key, ctx) => {
    const ref = ModelRefSchema.safeParse(parseModelKey(key));
    if (!ref.success) {
      ctx.addIssue({ code: 'custom', message: 'Not a model name' });
      return z.NEVER;
    }
    return modelKey(ref.data);
  });

export const ModelOriginSchema = z.enum([
  /** Installed in Ollama. */
  'ollama',
  /** A GGUF file copied into Loci's data directory (uploaded or dropped). */
  'added',
  /** A GGUF file chosen in the desktop's file dialog, used where it is. */
  'linked',
  /** A GGUF file in the models folder chosen in Settings. */
  'folder',
]);
export type ModelOrigin = z.infer<typeof ModelOriginSchema>;

export const ModelInfoSchema = z.object({
  engine: EngineIdSchema,
  name: z.string(),
  /** `engine:name` (see [Note: model keys]). */
  key: z.string(),
  /** Size on disk in bytes. */
  sizeBytes: z.number().nonnegative(),
  digest: z.string(),
  family: z.string().nullable(),
  parameterSize: z.string().nullable(),
  quantization: z.string().nullable(),
  /** Context window in tokens, from the model's metadata; null when it does not say. */
  contextLength: z.number().int().positive().nullable(),
  /** ISO 8601. */
  modifiedAt: z.string(),
  origin: ModelOriginSchema,
  /** Built-in models: the file's name (never its folder). */
  fileName: z.string().nullable(),
  /** Built-in models: estimated memory to run it (weights and a context), bytes; null when unknown. */
  requiredMemoryBytes: z.number().nonnegative().nullable(),
  /** false: the estimate exceeds this machine's memory. null: unknown (Ollama manages its own memory). */
  fitsInMemory: z.boolean().nullable(),
  /** Built-in models whose file could not be read: why (the model is listed but cannot answer). */
  problem: z.string().nullable(),
  /** Whether Loci can remove it (a file in the models folder is removed there, not here). */
  removable: z.boolean(),
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

/** A model that can answer here: its file could be read, and it is not known to exceed this machine's memory. */
export const canAnswer = (model: Pick<ModelInfo, 'problem' | 'fitsInMemory'>): boolean => model.problem === null && model.fitsInMemory !== false;

export const RunningModelSchema = z.object({
  engine: EngineIdSchema,
  name: z.string(),
  key: z.string(),
  sizeBytes: z.number().nonnegative(),
  sizeVramBytes: z.number().nonnegative(),
  /** ISO 8601: when the engine unloads it (idle time). */
  expiresAt: z.string().nullable(),
});
export type RunningModel = z.infer<typeof RunningModelSchema>;

export const EngineStateSchema = z.object({
  engine: EngineIdSchema,
  /** `ready`: can answer (if it has models). `unavailable`: cannot run here now (Ollama not running, no binary). */
  state: z.enum(['ready', 'unavailable']),
  modelCount: z.number().int().nonnegative().nullable(),
  error: AppErrorDataSchema.nullable(),
});
export type EngineState = z.infer<typeof EngineStateSchema>;

/** One line of a model's facts, as the engine states it (`Architecture: llama`, `Context length: 131,072`). */
export const ModelFactSchema = z.object({ label: z.string().max(100), value: z.string().max(500) });

/** What the engine says about one model (Ollama's /api/show; the built-in engine's GGUF metadata). */
export const ModelDetailsSchema = z.object({
  engine: EngineIdSchema,
  name: z.string(),
  key: z.string(),
  /** Architecture, parameters, quantization, context length, …: what the engine reports, in order. */
  facts: z.array(ModelFactSchema).max(40),
  /** The prompt template; null when the engine has none to show. Texts are cut at 20,000 characters. */
  template: z.string().max(20_000).nullable(),
  /** Default run parameters, one `name value` per line. */
  parameters: z.string().max(20_000).nullable(),
  license: z.string().max(20_000).nullable(),
  modelfile: z.string().max(20_000).nullable(),
  /** What the model can do, in the engine's words (`completion`, `tools`, `vision`). */
  capabilities: z.array(z.string().max(60)).max(20),
});
export type ModelDetails = z.infer<typeof ModelDetailsSchema>;

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

const Id = z.string().min(1).max(100);
const emptyInput = z.object({}).strict().default({});

export const AddModelSourceSchema = z.discriminatedUnion('kind', [
  /** A GGUF file the browser uploaded with uploads.* (serve mode, or a drop): moved into the data directory. */
  z.object({ kind: z.literal('upload'), uploadId: Id }).strict(),
  /** Desktop: main opens its file dialog and registers the chosen file where it is. */
  z.object({ kind: z.literal('dialog') }).strict(),
]);
export type AddModelSource = z.infer<typeof AddModelSourceSchema>;

/** Why the models changed: a pull finished, a model was deleted, a file was added, the models folder changed. */
export const ModelsChangedReasonSchema = z.enum(['pulled', 'deleted', 'added', 'refreshed']);
export type ModelsChangedReason = z.infer<typeof ModelsChangedReasonSchema>;

export const modelsContract = {
  methods: {
    /** Every engine's models with their metadata, and each engine's state. An engine that cannot answer lists none. */
    'models.list': defineMethod({ input: emptyInput, output: z.object({ models: z.array(ModelInfoSchema), engines: z.array(EngineStateSchema) }) }),
    /** Models loaded in memory right now, per engine (an engine that cannot answer lists none). */
    'models.running': defineMethod({ input: emptyInput, output: z.object({ models: z.array(RunningModelSchema) }) }),
    /** Removes a model: Ollama deletes it; the built-in engine forgets it (and deletes the copy it made). MODEL_NOT_FOUND when unknown. */
    'models.delete': defineMethod({ input: ModelRefSchema.strict(), output: z.object({ key: z.string() }) }),
    /** One model's details (template, parameters, licence, modelfile where the engine has them). MODEL_NOT_FOUND when unknown. */
    'models.show': defineMethod({ input: ModelRefSchema.strict(), output: ModelDetailsSchema }),
    /** Frees the model's memory now (Ollama: keep_alive 0; built-in: its process stops). Nothing happens when it is not loaded. */
    'models.unload': defineMethod({ input: ModelRefSchema.strict(), output: z.object({ key: z.string() }) }),
    /** Adds a GGUF file to the built-in engine; its metadata is read at once. `model` is null when the dialog was cancelled. */
    'models.addFile': defineMethod({ input: z.object({ source: AddModelSourceSchema }).strict(), output: z.object({ model: ModelInfoSchema.nullable() }) }),
  },
  streams: {
    /** Pulls an Ollama model; items are progress (at most ~8 per second), cancellable; ends when Ollama reports success. */
    'models.pull': defineStream({
      input: z.object({ name: ModelNameSchema }).strict(),
      item: PullProgressSchema,
      result: z.object({ name: z.string() }),
      coalesce: { intervalMs: 125 },
    }),
  },
  events: {
    /** Models changed (pull finished, delete, a file added, the models folder changed). */
    'models.changed': defineEvent({ payload: z.object({ reason: ModelsChangedReasonSchema }) }),
  },
} as const;
