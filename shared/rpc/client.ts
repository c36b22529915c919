// The contract's client side over any port. Its surface is plain functions and data so the Electron preload can
// expose it through contextBridge unchanged; failures reject with AppErrorData (contextBridge drops Error fields).
import type {
  Contract,
  EventName,
  EventPayload,
  MethodInput,
  MethodName,
  MethodOutput,
  StreamInput,
  StreamItem,
  StreamName,
  StreamResult,
} from '../contract/define';
import type { AppErrorData } from '../contract/errors';
import { ServerMessageSchema, type ClientMessage } from './envelope';
import type { Port } from './port';

export interface StreamHandle<R> {
  /** Resolves with the stream's result; rejects with AppErrorData (CANCELLED after cancel()). */
  readonly result: Promise<R>;
  cancel(): void;
}

export interface RpcClient<C extends Contract> {
  call<N extends MethodName<C>>(name: N, input: MethodInput<C, N>): Promise<MethodOutput<C, N>>;
  stream<N extends StreamName<C>>(
    name: N,
    input: StreamInput<C, N>,
    onItem: (item: StreamItem<C, N>) => void,
  ): StreamHandle<StreamResult<C, N>>;
  on<N extends EventName<C>>(name: N, listener: (payload: EventPayload<C, N>) => void): () => void;
  /** Fires when the connection to main is lost; every pending call has then failed with DISCONNECTED. */
  onDisconnect(listener: (reason: string) => void): () => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: AppErrorData): void;
  onItem?: (item: unknown) => void;
}

export function createRpcClient<C extends Contract>(port: Port<ClientMessage, unknown>): RpcClient<C> {
  let nextId = 1;
  let disconnected: string | null = null;
  const pending = new Map<number, Pending>();
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const disconnectListeners = new Set<(reason: string) => void>();

  port.onMessage((raw) => {
    const parsed = ServerMessageSchema.safeParse(raw);
    if (!parsed.success) return; // main is trusted; a malformed message is a bug we cannot route
    const message = parsed.data;
    if (message.t === 'event') {
      for (const listener of eventListeners.get(message.name) ?? []) listener(message.payload);
      return;
    }
    if (message.id === null) return;
    const entry = pending.get(message.id);
    if (!entry) return;
    switch (message.t) {
      case 'item':
        entry.onItem?.(message.item);
        return;
      case 'ok':
        pending.delete(message.id);
        entry.resolve(message.output);
        return;
      case 'end':
        pending.delete(message.id);
        entry.resolve(message.result);
        return;
      case 'err':
        pending.delete(message.id);
        entry.reject(message.error);
        return;
    }
  });

  port.onClose((reason) => {
    disconnected = reason || 'Connection closed';
    const error: AppErrorData = { code: 'DISCONNECTED', message: `Lost connection to Loci: ${disconnected}` };
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
    for (const listener of disconnectListeners) listener(disconnected);
  });

  const start = (t: 'call' | 'open', name: string, input: unknown, onItem?: (item: unknown) => void): { id: number; result: Promise<unknown> } => {
    const id = nextId++;
    const result = new Promise<unknown>((resolve, reject) => {
      if (disconnected !== null) {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- errors travel as data (AppErrorData), as every other call's rejection
        reject({ code: 'DISCONNECTED', message: `Lost connection to Loci: ${disconnected}` } satisfies AppErrorData);
        return;
      }
      pending.set(id, onItem ? { resolve, reject, onItem } : { resolve, reject });
      port.post({ t, id, name, input });
    });
    return { id, result };
  };

  return {
    call: (name, input) => start('call', name, input).result as Promise<MethodOutput<C, typeof name>>,
    stream: (name, input, onItem) => {
      const { id, result } = start('open', name, input, onItem as (item: unknown) => void);
      return {
        result: result as Promise<StreamResult<C, typeof name>>,
        cancel: () => {
          if (pending.has(id)) port.post({ t: 'cancel', id });
        },
      };
    },
    on: (name, listener) => {
      const set = eventListeners.get(name) ?? new Set();
      eventListeners.set(name, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    onDisconnect: (listener) => {
      disconnectListeners.add(listener);
      return () => disconnectListeners.delete(listener);
    },
  };
}
