// Ollama reachability: the status the sidebar shows and the Settings connection test. Models are in models.ts.
import { z } from 'zod';
import { defineEvent, defineMethod } from './define';
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
  },
  events: {
    /** Pushed whenever a probe's outcome differs from the previous one. */
    'ollama.statusChanged': defineEvent({ payload: OllamaStatusSchema }),
  },
} as const;
