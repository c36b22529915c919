// Typed errors that cross the contract as data: { code, message, details? }. Shared by main and renderer.
import { z } from 'zod';

export const ERROR_CODES = [
  'INVALID_INPUT',
  'INVALID_MESSAGE',
  'UNKNOWN_METHOD',
  'INTERNAL',
  'CANCELLED',
  'DISCONNECTED',
  'NOT_FOUND',
  /** A path or grant the host will not read (not granted in this session, outside the allowed folders). */
  'FORBIDDEN',
  'CONFLICT',
  'UNSUPPORTED',
  'OLLAMA_UNREACHABLE',
  'OLLAMA_ERROR',
  'OLLAMA_STREAM_CUT',
  'MODEL_NOT_FOUND',
  'ENGINE_UNAVAILABLE',
  'ENGINE_CRASHED',
  'ENGINE_ERROR',
  'ANSWER_TIMEOUT',
  'ANSWER_INTERRUPTED',
  /** A circuit breaker is open: the engine or model failed repeatedly and is not tried until its cool-down ends. */
  'CIRCUIT_OPEN',
  /** A daily or monthly budget is used up and Settings say to block at the limit. */
  'BUDGET_EXCEEDED',
  'EMBEDDER_UNAVAILABLE',
  'EMBEDDER_MISMATCH',
  'FILE_UNREADABLE',
  'STORE_ERROR',
] as const;

export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const AppErrorDataSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.unknown().optional(),
});
export type AppErrorData = z.infer<typeof AppErrorDataSchema>;

/** An error with a code the UI can act on. Thrown by services, carried as data over the wire. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toData(): AppErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static from(data: AppErrorData): AppError {
    return new AppError(data.code, data.message, data.details);
  }
}

export const isAppError = (value: unknown): value is AppError => value instanceof AppError;

/** Any thrown value as error data; unknown failures become INTERNAL with their message. */
export function toAppErrorData(error: unknown): AppErrorData {
  if (error instanceof AppError) return error.toData();
  const parsed = AppErrorDataSchema.safeParse(error);
  if (parsed.success) return parsed.data;
  if (error instanceof Error && error.name === 'AbortError') return { code: 'CANCELLED', message: 'Cancelled' };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: message || 'Unexpected error' };
}

/** Any thrown value as an AppError (the same one when it already is); what the renderer's api rejects with. */
export const toAppError = (error: unknown): AppError => (error instanceof AppError ? error : AppError.from(toAppErrorData(error)));
