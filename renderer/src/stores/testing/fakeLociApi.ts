// A scripted LociApi for the stores' Node tests: canned method handlers, recorded calls, streams the test drives
// item by item, a scripted file importer, and events pushed by hand. Every call's and stream's input is parsed by
// the contract's schema, as the server does, so a store that sends what main would refuse fails its test.
import { expect } from 'vitest';
import type { z } from 'zod';
import {
  appContract,
  type AppContract,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type StreamInput,
  type StreamItem,
  type StreamName,
  type StreamResult,
} from '../../../../shared/contract';
import { AppError } from '../../../../shared/contract/errors';
import type { ImportSource } from '../../../../shared/contract/library';
import type { DroppedItem, FileImporter, ImportOptions } from '../../api/fileImport';
import type { LociApi } from '../../api/lociApi';

type Name = MethodName<AppContract>;

export type FakeHandlers = {
  [N in Name]?: (input: MethodInput<AppContract, N>) => MethodOutput<AppContract, N> | Promise<MethodOutput<AppContract, N>>;
};

/** A stream the code under test opened; the test pushes its items and ends it. */
export interface FakeStream<N extends StreamName<AppContract> = StreamName<AppContract>> {
  readonly name: N;
  readonly input: StreamInput<AppContract, N>;
  /** True once the code under test called cancel(). */
  readonly cancelled: boolean;
  emit(item: StreamItem<AppContract, N>): void;
  end(result: StreamResult<AppContract, N>): void;
  fail(error: AppError): void;
}

/** What the fake file importer was asked, and how it answers (by default: one upload source per file). */
export interface FakeFileImporter extends FileImporter {
  readonly requests: Array<{ kind: 'drop' | 'files'; names: string[]; options: ImportOptions }>;
}

export interface FakeLociApi extends LociApi {
  readonly calls: Array<{ name: Name; input: unknown }>;
  /** Every stream opened so far, oldest first. */
  readonly streams: FakeStream[];
  readonly files: FakeFileImporter;
  /** Replaces or adds handlers mid-test. */
  handle(handlers: FakeHandlers): void;
  emit<N extends EventName<AppContract>>(name: N, payload: EventPayload<AppContract, N>): void;
  disconnect(reason: string): void;
  /** How many listeners are subscribed (to check unwiring). */
  listenerCount(): number;
}

export interface FakeLociApiOptions {
  /** Replaces the default importer's answer (one `upload` source per file, after reporting its bytes). */
  toSources?: (names: string[], options: ImportOptions) => ImportSource[] | Promise<ImportSource[]>;
}

/** Parses `input` by the contract's schema; on failure, the error the server would send. */
function refusedInput(kind: 'call' | 'stream', name: string, schema: z.ZodType | undefined, input: unknown): AppError | null {
  if (!schema) return new AppError('UNKNOWN_METHOD', `No ${kind} named ${name} in the contract`);
  const parsed = schema.safeParse(input);
  if (parsed.success) return null;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
  return new AppError('INVALID_INPUT', `Invalid input for ${name}: ${parsed.error.message}`, { issues });
}

/** Fails the running test (softly: a store that catches the error still fails its test). */
function failTest(refused: AppError, input: unknown): void {
  expect.soft(refused.details, `${refused.message} (sent ${JSON.stringify(input)})`).toBeUndefined();
}

const isScriptedRefusal = (error: unknown): boolean => error instanceof AppError && error.code === 'INVALID_INPUT';

const nameOf = (item: DroppedItem): string => item.file?.name ?? item.entry?.name ?? '';

function createFakeFileImporter(options: FakeLociApiOptions): FakeFileImporter {
  const requests: FakeFileImporter['requests'] = [];
  const answer = async (kind: 'drop' | 'files', names: string[], opts: ImportOptions): Promise<ImportSource[]> => {
    requests.push({ kind, names, options: opts });
    if (options.toSources) return options.toSources(names, opts);
    opts.onProgress?.({ filesDone: 0, filesTotal: names.length, bytesSent: 0, bytesTotal: names.length * 10 });
    opts.onProgress?.({ filesDone: names.length, filesTotal: names.length, bytesSent: names.length * 10, bytesTotal: names.length * 10 });
    return names.map((name) => ({ kind: 'upload', uploadId: `upload-${name}` }));
  };
  return {
    requests,
    sourcesFromDrop: (items, opts) => answer('drop', items.map(nameOf), opts),
    sourcesFromFiles: (files, opts) => answer('files', files.map((f) => f.name), opts),
  };
}

export function createFakeLociApi(initial: FakeHandlers = {}, options: FakeLociApiOptions = {}): FakeLociApi {
  const handlers: FakeHandlers = { ...initial };
  const calls: Array<{ name: Name; input: unknown }> = [];
  const streams: FakeStream[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const disconnectListeners = new Set<(reason: string) => void>();

  return {
    calls,
    streams,
    files: createFakeFileImporter(options),
    handle: (more) => Object.assign(handlers, more),
    async call(name, input) {
      calls.push({ name, input });
      const refused = refusedInput('call', name, (appContract.methods as Record<string, { input: z.ZodType } | undefined>)[name]?.input, input);
      const handler = handlers[name] as ((input: unknown) => unknown) | undefined;
      if (refused) {
        // a test that scripts the server's refusal (its handler rejects with INVALID_INPUT) sends bad input on
        // purpose; anything else is a store sending what main would refuse
        const scripted = handler ? await Promise.resolve().then(() => handler(input)).then(() => false, isScriptedRefusal) : false;
        if (!scripted) failTest(refused, input);
        throw refused;
      }
      if (!handler) throw new AppError('UNKNOWN_METHOD', `No fake handler for ${name}`);
      return (await handler(input)) as never;
    },
    stream(name, input, onItem) {
      const refused = refusedInput('stream', name, (appContract.streams as Record<string, { input: z.ZodType } | undefined>)[name]?.input, input);
      if (refused) {
        failTest(refused, input);
        return { result: Promise.reject(refused), cancel: () => undefined };
      }
      let settle!: { resolve(value: never): void; reject(error: unknown): void };
      const result = new Promise<never>((resolve, reject) => (settle = { resolve, reject }));
      let done = false;
      const stream = {
        name,
        input,
        cancelled: false,
        emit: (item: unknown) => {
          if (!done) onItem(item as never);
        },
        end: (value: unknown) => {
          done = true;
          settle.resolve(value as never);
        },
        fail: (error: AppError) => {
          done = true;
          settle.reject(error);
        },
      };
      streams.push(stream);
      return {
        result,
        cancel: () => {
          stream.cancelled = true;
        },
      };
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    onDisconnect(listener) {
      disconnectListeners.add(listener);
      return () => disconnectListeners.delete(listener);
    },
    emit(name, payload) {
      for (const listener of listeners.get(name) ?? []) listener(payload);
    },
    disconnect(reason) {
      for (const listener of disconnectListeners) listener(reason);
    },
    listenerCount: () => [...listeners.values()].reduce((n, set) => n + set.size, 0) + disconnectListeners.size,
  };
}

/** A promise with its resolver outside, to hold a call open while the test looks at intermediate state. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
