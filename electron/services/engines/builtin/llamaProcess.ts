// Main side of the built-in engine's child process: starts it on demand, numbers requests, checks every reply,
// turns a crash into a clear error for whatever was running, and stops the process when idle to free its memory.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../../shared/contract/errors';
import type { Logger } from '../../logging/logger';
import type { PromptMessage } from '../../../../shared/contract/chat';
import { LlamaReplySchema, type GenerateResult, type InspectResult, type LlamaReply } from './llamaProtocol';

export interface LlamaProcessOptions {
  /** The child's entry: built JS, or a TypeScript source run through tsx. */
  entry: URL;
  logger: Logger;
  /** Stop the child (unloading its model) after this long without work, ms. Read on every use. */
  idleMs: () => number;
}

export interface GenerateJob {
  path: string;
  contextSize: number;
  threads: number;
  messages: PromptMessage[];
  temperature: number;
  maxTokens: number;
  signal: AbortSignal;
  onDelta(text: string): void;
}

export interface LlamaProcess {
  inspect(path: string, contextSize: number): Promise<InspectResult>;
  generate(job: GenerateJob): Promise<GenerateResult>;
  /** The loaded model's path, or null (the child unloads with its process). */
  loadedPath(): string | null;
  /** When the idle stop will happen, epoch ms, or null. */
  idleDeadline(): number | null;
  /** The child's pid, for tests that kill it. */
  pid(): number | null;
  stop(): Promise<void>;
}

interface Pending {
  resolve(reply: LlamaReply): void;
  reject(error: AppError): void;
  onDelta?: (text: string) => void;
}

export function createLlamaProcess(options: LlamaProcessOptions): LlamaProcess {
  const log = options.logger.child('builtin-engine');
  let child: ChildProcess | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  let loaded: string | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;
  let idleAt: number | null = null;

  const crashError = (detail: string): AppError =>
    new AppError('ENGINE_CRASHED', 'The built-in engine stopped unexpectedly. Try again: it restarts on the next answer.', { reason: detail });

  const start = (): ChildProcess => {
    if (child) return child;
    const entry = fileURLToPath(options.entry);
    const proc = fork(entry, [], {
      // a TypeScript entry (tests, tsx dev runs) needs tsx's loader
      execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    proc.on('message', (raw: unknown) => {
      const parsed = LlamaReplySchema.safeParse(raw);
      if (!parsed.success) {
        log.warn('bad reply from the engine process', { issues: parsed.error.issues.slice(0, 3).map((i) => i.message) });
        return;
      }
      const reply = parsed.data;
      const entry = pending.get(reply.id);
      if (!entry) return;
      if (reply.type === 'delta') entry.onDelta?.(reply.text);
      else {
        pending.delete(reply.id);
        entry.resolve(reply);
      }
    });
    proc.on('exit', (code, signal) => {
      if (child === proc) child = null;
      loaded = null;
      const detail = signal ? `signal ${signal}` : `exit code ${code}`;
      if (pending.size > 0) log.warn('engine process died', { detail, stderr: stderr.trim().slice(-500) });
      const failed = [...pending.values()];
      pending.clear();
      for (const p of failed) p.reject(crashError(detail));
    });
    proc.on('error', (error) => log.warn('engine process error', { message: error.message }));
    child = proc;
    return proc;
  };

  const touch = (): void => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    idleAt = null;
    if (pending.size > 0 || !child) return;
    const ms = options.idleMs();
    idleAt = Date.now() + ms;
    idleTimer = setTimeout(() => {
      if (pending.size === 0) void stop();
    }, ms);
    idleTimer.unref();
  };

  const request = (message: Record<string, unknown>, onDelta?: (text: string) => void): { id: number; reply: Promise<LlamaReply> } => {
    const proc = start();
    const id = nextId++;
    const reply = new Promise<LlamaReply>((resolve, reject) => {
      pending.set(id, { resolve, reject, ...(onDelta ? { onDelta } : {}) });
      proc.send({ ...message, id }, (error) => {
        if (error && pending.delete(id)) reject(crashError(error.message));
      });
    }).finally(touch);
    touch();
    return { id, reply };
  };

  const fail = (reply: LlamaReply): never => {
    if (reply.type !== 'error') throw new AppError('ENGINE_ERROR', 'The built-in engine answered out of turn');
    log.warn('engine request failed', { code: reply.code, message: reply.message });
    // the user sees llama.cpp's reason without the folders it names (those go to the log only)
    const reason = reply.message.replace(/(?:[A-Za-z]:)?[\\/][^\s'"]*[\\/]([^\s'"\\/]+)/g, '$1');
    throw new AppError(reply.code, reply.code === 'MODEL_NOT_FOUND' ? 'The model file is no longer there' : `The built-in engine could not run this model: ${reason}`);
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    if (!proc) return;
    child = null;
    loaded = null;
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    idleAt = null;
    await new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill();
    });
  };

  return {
    async inspect(path, contextSize) {
      const reply = await request({ type: 'inspect', path, contextSize }).reply;
      return reply.type === 'inspected' ? reply.result : fail(reply);
    },
    async generate(job) {
      job.signal.throwIfAborted();
      const { id, reply } = request(
        { type: 'generate', path: job.path, contextSize: job.contextSize, threads: job.threads, messages: job.messages, temperature: job.temperature, maxTokens: job.maxTokens },
        job.onDelta,
      );
      const onAbort = (): void => {
        child?.send({ type: 'cancel', id });
      };
      job.signal.addEventListener('abort', onAbort, { once: true });
      try {
        const result = await reply;
        if (result.type !== 'generated') return fail(result);
        loaded = job.path;
        return result.result;
      } finally {
        job.signal.removeEventListener('abort', onAbort);
      }
    },
    loadedPath: () => loaded,
    idleDeadline: () => idleAt,
    pid: () => child?.pid ?? null,
    stop,
  };
}
