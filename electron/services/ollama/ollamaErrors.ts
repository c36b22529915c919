// Turns what the `ollama` client throws (fetch failures, ResponseError, aborts, cut streams) into typed AppErrors.
import { AppError } from '../../../shared/contract/errors';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

const causeCode = (error: unknown): string | undefined => {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (typeof e === 'object' && 'code' in e && typeof e.code === 'string') return e.code;
    e = typeof e === 'object' && 'cause' in e ? e.cause : undefined;
  }
  return undefined;
};

/** The innermost cause's message ("bad port", "connect ECONNREFUSED …"), which says more than "fetch failed". */
const rootCauseMessage = (error: unknown): string | undefined => {
  let message: string | undefined;
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if ('message' in e && typeof e.message === 'string' && e.message) message = e.message;
    e = 'cause' in e ? e.cause : undefined;
  }
  return message;
};

const statusOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'status_code' in error && typeof error.status_code === 'number' ? error.status_code : undefined;

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

export interface OllamaErrorContext {
  /** Names the model concerned, for a MODEL_NOT_FOUND message. */
  model?: string;
  /** Data had already arrived: a broken connection is then a cut stream, not an Ollama that cannot be reached. */
  midStream?: boolean;
  /**
   * A streaming request: a socket Ollama closed after accepting the connection (UND_ERR_SOCKET, ECONNRESET) is a cut
   * stream even before the first byte, because Ollama was reached; only a failed connect means unreachable.
   */
  streaming?: boolean;
}

/** The connection was accepted, then closed by the other side. */
const CLOSED_AFTER_CONNECT = new Set(['UND_ERR_SOCKET', 'ECONNRESET']);

export function toOllamaError(error: unknown, url: string, context: OllamaErrorContext = {}): AppError {
  const { model, midStream = false, streaming = false } = context;
  if (error instanceof AppError) return error;
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new AppError('OLLAMA_UNREACHABLE', `Ollama at ${url} did not answer in time`, { url, reason: 'timeout' });
  }
  if (isAbortError(error)) return new AppError('CANCELLED', 'Cancelled');
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (status === 404 || /not found/i.test(message) && model !== undefined && status !== undefined) {
    return new AppError('MODEL_NOT_FOUND', model ? `Model "${model}" is not installed in Ollama` : message, { url, model, status });
  }
  if (status !== undefined) return new AppError('OLLAMA_ERROR', `Ollama answered ${status}: ${message}`, { url, status });
  const code = causeCode(error);
  if ((code && CONNECTION_CODES.has(code)) || /fetch failed|ECONNREFUSED|network/i.test(message)) {
    const reason = code === 'ECONNREFUSED' ? 'connection refused' : (code ?? rootCauseMessage(error) ?? message);
    if (midStream || (streaming && code !== undefined && CLOSED_AFTER_CONNECT.has(code))) return new AppError('OLLAMA_STREAM_CUT', `The connection to Ollama at ${url} broke mid-stream (${reason})`, { url, reason });
    return new AppError('OLLAMA_UNREACHABLE', `Could not reach Ollama at ${url} (${reason})`, { url, reason });
  }
  if (/terminated|other side closed|premature close|aborted|socket/i.test(message)) {
    return new AppError('OLLAMA_STREAM_CUT', `The connection to Ollama broke mid-stream: ${message}`, { url });
  }
  return new AppError('OLLAMA_ERROR', `Ollama failed: ${message}`, { url });
}
