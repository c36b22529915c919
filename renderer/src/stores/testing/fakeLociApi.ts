// A scripted LociApi for the stores' Node tests: canned method handlers, recorded calls, and events pushed by hand.
import type { AppContract, EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../../../shared/contract';
import { AppError } from '../../../../shared/contract/errors';
import type { LociApi } from '../../api/lociApi';

type Name = MethodName<AppContract>;

export type FakeHandlers = {
  [N in Name]?: (input: MethodInput<AppContract, N>) => MethodOutput<AppContract, N> | Promise<MethodOutput<AppContract, N>>;
};

export interface FakeLociApi extends LociApi {
  readonly calls: Array<{ name: Name; input: unknown }>;
  /** Replaces or adds handlers mid-test. */
  handle(handlers: FakeHandlers): void;
  emit<N extends EventName<AppContract>>(name: N, payload: EventPayload<AppContract, N>): void;
  disconnect(reason: string): void;
  /** How many listeners are subscribed (to check unwiring). */
  listenerCount(): number;
}

export function createFakeLociApi(initial: FakeHandlers = {}): FakeLociApi {
  const handlers: FakeHandlers = { ...initial };
  const calls: Array<{ name: Name; input: unknown }> = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const disconnectListeners = new Set<(reason: string) => void>();

  return {
    calls,
    handle: (more) => Object.assign(handlers, more),
    async call(name, input) {
      calls.push({ name, input });
      const handler = handlers[name] as ((input: unknown) => unknown) | undefined;
      if (!handler) throw new AppError('UNKNOWN_METHOD', `No fake handler for ${name}`);
      return (await handler(input)) as never;
    },
    stream() {
      throw new Error('streams are not faked yet');
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
