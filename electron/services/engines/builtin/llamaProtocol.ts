// Messages between the built-in engine (main side) and its llama.cpp child process; the child's replies are checked.
import { z } from 'zod';
import type { PromptMessage } from '../../../../shared/contract/chat';

/** Parent → child. */
export type LlamaRequest =
  | { type: 'inspect'; id: number; path: string; contextSize: number }
  | { type: 'generate'; id: number; path: string; contextSize: number; threads: number; messages: PromptMessage[]; temperature: number; maxTokens: number }
  | { type: 'cancel'; id: number };

const ErrorCode = z.enum(['MODEL_NOT_FOUND', 'ENGINE_ERROR', 'INVALID_INPUT']);

export const InspectResultSchema = z.object({
  architecture: z.string().nullable(),
  name: z.string().nullable(),
  sizeLabel: z.string().nullable(),
  parameterCount: z.number().nonnegative().nullable(),
  fileType: z.string().nullable(),
  contextLength: z.number().int().positive().nullable(),
  /** Estimated RAM to load it with a context of the requested size, bytes. */
  requiredMemoryBytes: z.number().nonnegative().nullable(),
});
export type InspectResult = z.infer<typeof InspectResultSchema>;

export const GenerateResultSchema = z.object({
  loadMs: z.number().nonnegative(),
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  /** ms from the first answer token to the last, in the child. */
  generationMs: z.number().nonnegative().nullable(),
  stopReason: z.string(),
});
export type GenerateResult = z.infer<typeof GenerateResultSchema>;

/** Child → parent. */
export const LlamaReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('delta'), id: z.number(), text: z.string() }),
  z.object({ type: z.literal('inspected'), id: z.number(), result: InspectResultSchema }),
  z.object({ type: z.literal('generated'), id: z.number(), result: GenerateResultSchema }),
  z.object({ type: z.literal('error'), id: z.number(), code: ErrorCode, message: z.string().max(2000) }),
]);
export type LlamaReply = z.infer<typeof LlamaReplySchema>;
