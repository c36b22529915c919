// The contract's server side: validates every incoming message and input, runs handlers, and answers typed errors.
// Transport-neutral; the Electron shell and the WebSocket host each connect their ports to one server.
import type { z } from 'zod';
import type {
  CoalescePolicy,
  Contract,
  EventName,
  EventPayload,
  MethodName,
  MethodOutput,
  MethodParsedInput,
  StreamItem,
  StreamName,
  StreamParsedInput,
  StreamResult,
} from '../contract/define';
import { AppError, toAppErrorData, type AppErrorData } from '../contract/errors';
import { ClientMessageSchema, type ServerMessage } from './envelope';
import type { Port } from './port';
import { redactPaths } from './redactPaths';

export interface CallContext {
  /** Fires when the client cancels or disconnects. */
  readonly signal: AbortSignal;
  /** The connection the call came from (for per-window state). */
  readonly connectionId: number;
}

export interface StreamContext<Item> extends CallContext {
  /** Sends one item; coalesced per the stream's policy. */
  emit(item: Item): void;
}

type Awaitable<T> = T | Promise<T>;

export type Handlers<C extends Contract> = {
  methods: { [N in MethodName<C>]: (input: MethodParsedInput<C, N>, ctx: CallContext) => Awaitable<MethodOutput<C, N>> };
  streams: {
    [N in StreamName<C>]: (input: StreamParsedInput<C, N>, ctx: StreamContext<StreamItem<C, N>>) => Awaitable<StreamResult<C, N>>;
  };
};

export interface RpcServerOptions {
  /** Called for handler failures that are not AppErrors (bugs), for logging; the user gets the message with paths removed. */
  onUnexpectedError?: (error: unknown, name: string) => void;
  /** Calls and streams one connection may have running at once; more are refused (default 1024). */
  maxInflight?: number;
}

type AnyHandler = (input: unknown, ctx: StreamContext<unknown>) => Awaitable<unknown>;

/**
 * [Note: own names only] Names come off the wire, so they are looked up in Maps built from the contract's own
 * entries: `constructor`, `__proto__` or `toString` on a plain object would find Object.prototype's members.
 */
const ownEntries = <T>(record: Readonly<Record<string, T>>): Map<string, T> => new Map(Object.entries(record));

export interface RpcServer<C extends Contract> {
  /** Serves one connection until its port closes. Returns a function that disconnects it. */
  connect(port: Port<ServerMessage, unknown>): () => void;
  /** Pushes an event to every connection; the payload is validated first. */
  emit<N extends EventName<C>>(name: N, payload: EventPayload<C, N>): void;
  /** Number of open connections. */
  readonly connectionCount: number;
}

const describeIssues = (error: z.ZodError): string =>
  error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'input'}: ${issue.message}`)
    .join('; ');

const invalidInput = (name: string, error: z.ZodError): AppErrorData => ({
  code: 'INVALID_INPUT',
  message: `Invalid input for ${name}: ${describeIssues(error)}`,
  details: { issues: error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
});

export function createRpcServer<C extends Contract>(contract: C, handlers: Handlers<C>, options: RpcServerOptions = {}): RpcServer<C> {
  const connections = new Set<Port<ServerMessage, unknown>>();
  let nextConnectionId = 1;
  const maxInflight = options.maxInflight ?? 1024;
  const methods = ownEntries(contract.methods);
  const streams = ownEntries(contract.streams);
  const events = ownEntries(contract.events);
  const methodHandlers = ownEntries(handlers.methods as Record<string, AnyHandler>);
  const streamHandlers = ownEntries(handlers.streams as Record<string, AnyHandler>);

  const reportUnexpected = (error: unknown, name: string): void => {
    try {
      options.onUnexpectedError?.(error, name);
    } catch {
      // a failing logger must not turn one failed call into a dead connection
    }
  };

  /** Any thrown value as error data the user can read; never throws itself (even for `Object.create(null)`). */
  const failure = (error: unknown, name: string): AppErrorData => {
    let data: AppErrorData;
    try {
      data = toAppErrorData(error);
    } catch {
      data = { code: 'INTERNAL', message: 'Unexpected error' };
    }
    if (data.code !== 'INTERNAL') return data;
    reportUnexpected(error, name);
    return { code: 'INTERNAL', message: redactPaths(data.message) || 'Unexpected error' };
  };

  const checkOutput = (schema: z.ZodType, value: unknown, name: string, what: string): unknown => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new AppError('INTERNAL', `${name} produced an invalid ${what}: ${describeIssues(parsed.error)}`);
  };

  const connect = (port: Port<ServerMessage, unknown>): (() => void) => {
    const connectionId = nextConnectionId++;
    const inflight = new Map<number, AbortController>();
    let open = true;
    connections.add(port);
    const send = (message: ServerMessage): void => {
      if (open) port.post(message);
    };
    const cancelledOr = (controller: AbortController, error: unknown, name: string): AppErrorData =>
      controller.signal.aborted ? { code: 'CANCELLED', message: 'Cancelled' } : failure(error, name);

    // Everything a handler does, synchronously or not, ends in one reply: the try covers parsing, the call and the output check.
    const runMethod = async (id: number, name: string, rawInput: unknown, controller: AbortController): Promise<void> => {
      const def = methods.get(name);
      const handler = methodHandlers.get(name);
      if (!def || !handler) return send({ t: 'err', id, error: { code: 'UNKNOWN_METHOD', message: `Unknown method: ${name}` } });
      try {
        const input = def.input.safeParse(rawInput);
        if (!input.success) return send({ t: 'err', id, error: invalidInput(name, input.error) });
        const output = await handler(input.data, { signal: controller.signal, connectionId, emit: () => undefined });
        send({ t: 'ok', id, output: checkOutput(def.output, output, name, 'output') });
      } catch (error) {
        send({ t: 'err', id, error: cancelledOr(controller, error, name) });
      }
    };

    const runStream = async (id: number, name: string, rawInput: unknown, controller: AbortController): Promise<void> => {
      const def = streams.get(name);
      const handler = streamHandlers.get(name);
      if (!def || !handler) return send({ t: 'err', id, error: { code: 'UNKNOWN_METHOD', message: `Unknown stream: ${name}` } });
      // items emitted after a cancel still go out (the handler's last word, e.g. which files landed) before CANCELLED
      // an invalid item can surface inside the coalescer's timer, where a throw would escape: it is dropped, and the stream fails at its end
      let badItem: unknown = null;
      const outlet = createCoalescer(def.coalesce, (item) => {
        try {
          send({ t: 'item', id, item: checkOutput(def.item, item, name, 'item') });
        } catch (error) {
          badItem ??= error;
        }
      });
      try {
        const input = def.input.safeParse(rawInput);
        if (!input.success) return send({ t: 'err', id, error: invalidInput(name, input.error) });
        const result = await handler(input.data, { signal: controller.signal, connectionId, emit: outlet.push });
        outlet.flush();
        if (controller.signal.aborted) throw new AppError('CANCELLED', 'Cancelled');
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what the item check threw, as caught
        if (badItem !== null) throw badItem;
        send({ t: 'end', id, result: checkOutput(def.result, result, name, 'result') });
      } catch (error) {
        outlet.flush();
        send({ t: 'err', id, error: cancelledOr(controller, error, name) });
      } finally {
        outlet.dispose();
      }
    };

    const receive = (raw: unknown): void => {
      const parsed = ClientMessageSchema.safeParse(raw);
      if (!parsed.success) {
        const id = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'number' ? raw.id : null;
        send({ t: 'err', id, error: { code: 'INVALID_MESSAGE', message: `Malformed message: ${describeIssues(parsed.error)}` } });
        return;
      }
      const message = parsed.data;
      if (message.t === 'cancel') {
        inflight.get(message.id)?.abort();
        return;
      }
      if (inflight.has(message.id)) {
        send({ t: 'err', id: message.id, error: { code: 'INVALID_MESSAGE', message: `Request id ${message.id} is already in use` } });
        return;
      }
      if (inflight.size >= maxInflight) {
        send({ t: 'err', id: message.id, error: { code: 'CONFLICT', message: `Too many requests at once (${maxInflight}); wait for some to finish` } });
        return;
      }
      const controller = new AbortController();
      inflight.set(message.id, controller);
      const run = message.t === 'call' ? runMethod : runStream;
      run(message.id, message.name, message.input, controller)
        // only a transport that throws while posting the reply gets here; the connection stays usable
        .catch((error: unknown) => reportUnexpected(error, message.name))
        .finally(() => inflight.delete(message.id));
    };

    const offMessage = port.onMessage((raw) => {
      try {
        receive(raw);
      } catch (error) {
        reportUnexpected(error, 'message');
      }
    });

    const disconnect = (): void => {
      if (!open) return;
      open = false;
      connections.delete(port);
      offMessage();
      offClose();
      for (const controller of inflight.values()) controller.abort();
      inflight.clear();
    };
    const offClose = port.onClose(disconnect);
    return disconnect;
  };

  return {
    connect,
    emit(name, payload) {
      const def = events.get(name);
      if (!def) throw new Error(`Unknown event: ${name}`);
      const checked = def.payload.parse(payload);
      for (const port of connections) {
        try {
          port.post({ t: 'event', name, payload: checked });
        } catch (error) {
          reportUnexpected(error, name); // one broken connection must not keep the event from the others
        }
      }
    },
    get connectionCount() {
      return connections.size;
    },
  };
}

/** Batches items per a stream's policy: at most one send per interval, merging or keeping the latest. */
function createCoalescer<Item>(
  policy: CoalescePolicy<Item> | undefined,
  send: (item: Item) => void,
): { push: (item: Item) => void; flush: () => void; dispose: () => void } {
  if (!policy) return { push: send, flush: () => undefined, dispose: () => undefined };
  let pending: { item: Item } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastSent = 0;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!pending) return;
    const { item } = pending;
    pending = null;
    lastSent = Date.now();
    send(item);
  };
  return {
    push(item) {
      pending = pending && policy.merge ? { item: policy.merge(pending.item, item) } : { item };
      const wait = policy.intervalMs - (Date.now() - lastSent);
      if (wait <= 0) flush();
      else timer ??= setTimeout(flush, wait);
    },
    flush,
    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
    },
  };
}
