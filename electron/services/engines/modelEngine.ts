// The one interface every model engine implements (Ollama, the built-in llama.cpp engine); plain Node, main side.
import type { AppError } from '../../../shared/contract/errors';
import type { PromptMessage } from '../../../shared/contract/chat';
import type { EngineId, EngineState, ModelDetails, ModelInfo, PullProgress, RunningModel } from '../../../shared/contract/models';

export interface AnswerStreamRequest {
  /** The model's name in this engine. */
  model: string;
  messages: readonly PromptMessage[];
  temperature: number;
  /** Context window to run with, tokens; null lets the engine choose. */
  contextLength: number | null;
  /** Longest answer in tokens (Settings' maxAnswerTokens); null or absent: the engine's own limit. */
  maxTokens?: number | null;
  signal: AbortSignal;
  onDelta(text: string): void;
}

/** What a finished (or failed) answer stream measured. Times are performance.now() based, ms. */
export interface AnswerStreamTiming {
  /** performance.now() when the request left for the engine. */
  requestAt: number;
  /** ms from request to the first token; null when none came. */
  ttftMs: number | null;
  /** ms from request to the end. */
  durationMs: number;
  /** Time the engine spent loading the model for this answer (0 or null when it was loaded already). */
  loadMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  tokensPerSecond: number | null;
  /** Why generation stopped, in the engine's words (`stop`, `length`, `abort`, …). */
  doneReason: string | null;
}

export interface AnswerStreamOutcome {
  content: string;
  timing: AnswerStreamTiming;
  /** Set when the stream failed or was stopped; content holds what arrived before. */
  error: AppError | null;
}

/** Where a model to add comes from: a name to pull (Ollama) or a GGUF file (built-in). */
export type AddModelRequest =
  | { kind: 'pull'; name: string; signal: AbortSignal; onProgress(progress: PullProgress): void }
  | { kind: 'file'; path: string; origin: 'added' | 'linked'; /** The name the user knows the file by (an upload's). */ displayName?: string };

export interface ModelEngine {
  readonly id: EngineId;
  /** Whether the engine can answer now, and why not. Never throws. */
  health(): Promise<EngineState>;
  /** Its models with their details. Throws a typed error when the engine cannot be reached. */
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
  /** Models loaded in memory now. */
  loadedModels(): Promise<RunningModel[]>;
  /** Adds a model; an engine refuses the kinds it does not support with UNSUPPORTED. Resolves with the model's name. */
  addModel(request: AddModelRequest): Promise<string>;
  removeModel(name: string): Promise<void>;
  /** What the engine says about one model. MODEL_NOT_FOUND when it has no such model. */
  modelDetails(name: string): Promise<ModelDetails>;
  /** Frees the model's memory now; nothing when it is not loaded. */
  unloadModel(name: string): Promise<void>;
  /** The model's own context window (tokens), or null when unknown; cached by the engine. */
  contextLength(name: string): Promise<number | null>;
  /** Streams one answer. Never throws: failures and Stop come back as the outcome's error, with what arrived. */
  streamAnswer(request: AnswerStreamRequest): Promise<AnswerStreamOutcome>;
  dispose(): Promise<void>;
}
