// The rpc server against hostile input over the loopback: prototype-member names, handlers that throw anything,
// invalid stream items, ports and loggers that fail. Every case ends with the server still answering.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineEvent, defineMethod, defineStream } from '../contract/define';
import { createRpcClient } from './client';
import type { ClientMessage, ServerMessage } from './envelope';
import { createLoopbackPair, type Port } from './port';
import { failureOf } from '../testing/failureOf';
import { createRpcServer, type Handlers } from './server';

const contract = {
  methods: {
    'math.add': defineMethod({ input: z.object({ a: z.number(), b: z.number() }).strict(), output: z.object({ sum: z.number() }) }),
    'throw.sync': defineMethod({ input: z.object({ kind: z.enum(['nullProto', 'symbol', 'undefined', 'string', 'path', 'null']) }), output: z.object({}) }),
    'reject.async': defineMethod({ input: z.object({}), output: z.object({}) }),
  },
  streams: {
    'bad.items': defineStream({
      input: z.object({}),
      item: z.object({ n: z.number() }),
      result: z.object({ done: z.boolean() }),
      coalesce: { intervalMs: 20 },
    }),
    'throw.stream': defineStream({ input: z.object({}), item: z.object({}), result: z.object({}) }),
  },
  events: { 'thing.changed': defineEvent({ payload: z.object({ value: z.number() }) }) },
} as const;

const thrown: Record<string, () => unknown> = {
  nullProto: () => Object.create(null) as unknown,
  symbol: () => Symbol('boom'),
  undefined: () => undefined,
  string: () => 'plain string',
  path: () => new Error("ENAMETOOLONG: name too long, open '/home/someone/.config/Loci/uploads/1234/file.txt'"),
  null: () => null,
};

/** How many hostile inputs of each kind this file sends (printed once at the end). */
const tally = new Map<string, number>();
const count = (kind: string, n = 1): void => void tally.set(kind, (tally.get(kind) ?? 0) + n);
afterAll(() => {
  console.warn(`[hostile-inputs] rpc (loopback): ${[...tally].map(([k, n]) => `${k}=${n}`).join(', ')}`);
});

function setup(options: { breakLogger?: boolean; maxInflight?: number } = {}) {
  const unexpected: string[] = [];
  const handlers: Handlers<typeof contract> = {
    methods: {
      'math.add': ({ a, b }) => ({ sum: a + b }),
      // not async: the throw happens synchronously inside the server's call
      'throw.sync': ({ kind }) => {
        throw thrown[kind]!();
      },
      'reject.async': () => Promise.reject(Object.create(null) as unknown),
    },
    streams: {
      'bad.items': async (_input, { emit }) => {
        emit({ n: 1 });
        emit({ n: 'two' } as unknown as { n: number }); // lands in the coalescer's timer
        // the handler's run time, not a wait: past the coalescer's 20 ms, so its timer (not the end) flushes the bad
        // item, and long enough for three of these to hold the in-flight cap
        await new Promise((resolve) => setTimeout(resolve, 60));
        return { done: true };
      },
      'throw.stream': () => {
        throw Object.create(null) as unknown;
      },
    },
  };
  const { a, b } = createLoopbackPair<ClientMessage, ServerMessage>();
  const server = createRpcServer(contract, handlers, {
    onUnexpectedError: (_error, name) => {
      unexpected.push(name);
      if (options.breakLogger) throw new Error('the logger is broken too');
    },
    ...(options.maxInflight ? { maxInflight: options.maxInflight } : {}),
  });
  server.connect(b);
  return { client: createRpcClient<typeof contract>(a), raw: a, server, unexpected };
}

/** Sends one raw envelope and waits for the reply to its id (with `final`, for its end, skipping stream items). */
const rawReply = (port: Port<ClientMessage, unknown>, message: ClientMessage & { id: number }, final = false): Promise<ServerMessage> =>
  new Promise((resolve) => {
    const off = port.onMessage((m) => {
      const reply = m as ServerMessage;
      if ('id' in reply && reply.id === message.id && !(final && reply.t === 'item')) {
        off();
        resolve(reply);
      }
    });
    port.post(message);
  });

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

describe('rpc server against hostile input', () => {
  it('answers every Object.prototype member name, as a call and as a stream, with UNKNOWN_METHOD', async () => {
    expect(PROTOTYPE_NAMES).toEqual(expect.arrayContaining(['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']));
    const { raw, client } = setup();
    let id = 1;
    for (const name of PROTOTYPE_NAMES) {
      for (const t of ['call', 'open'] as const) {
        const reply = await rawReply(raw, { t, id: id++, name, input: {} });
        expect(reply, `${t} ${name}`).toMatchObject({ t: 'err', error: { code: 'UNKNOWN_METHOD' } });
        count(`prototype name as ${t}`);
      }
    }
    // dotted spellings reach the same lookup
    for (const name of ['math.add.constructor', 'constructor.name', '__proto__.math.add', 'math.__proto__']) {
      expect(await rawReply(raw, { t: 'call', id: id++, name, input: {} })).toMatchObject({ t: 'err', error: { code: 'UNKNOWN_METHOD' } });
      count('other unknown name');
    }
    await expect(client.call('math.add', { a: 2, b: 2 })).resolves.toEqual({ sum: 4 });
  });

  it('turns whatever a handler throws, synchronously or not, into a typed INTERNAL reply without paths', async () => {
    const { client, unexpected } = setup();
    for (const kind of Object.keys(thrown)) {
      const error = await failureOf(client.call('throw.sync', { kind: kind as 'nullProto' }));
      expect(error.code, kind).toBe('INTERNAL');
      expect(error.message).not.toMatch(/\/home\/someone/);
      count('handler throws');
    }
    expect((await failureOf(client.call('reject.async', {}))).code).toBe('INTERNAL');
    expect((await failureOf(client.stream('throw.stream', {}, () => undefined).result)).code).toBe('INTERNAL');
    count('handler throws', 2);
    const pathError = await failureOf(client.call('throw.sync', { kind: 'path' }));
    expect(pathError.message).toBe("ENAMETOOLONG: name too long, open '…'");
    expect(unexpected.length).toBeGreaterThan(0);
    await expect(client.call('math.add', { a: 1, b: 2 })).resolves.toEqual({ sum: 3 });
  });

  it('fails a stream whose handler emits an invalid item (even from the coalescing timer) and keeps serving', async () => {
    const { client } = setup();
    const items: unknown[] = [];
    const error = await failureOf(client.stream('bad.items', {}, (item) => items.push(item)).result);
    count('invalid stream item');
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toMatch(/invalid item/);
    expect(items.every((item) => typeof (item as { n: unknown }).n === 'number')).toBe(true);
    await expect(client.call('math.add', { a: 1, b: 1 })).resolves.toEqual({ sum: 2 });
  });

  it('refuses requests beyond the in-flight cap of one connection, and takes new ones once they finish', async () => {
    const { raw, client } = setup({ maxInflight: 3 });
    const hold: Promise<ServerMessage>[] = [];
    // three streams that run a while (their handler waits 60 ms), then one request too many
    for (let id = 101; id <= 103; id++) hold.push(rawReply(raw, { t: 'open', id, name: 'bad.items', input: {} }, true));
    const refused = await rawReply(raw, { t: 'call', id: 104, name: 'math.add', input: { a: 1, b: 1 } });
    count('request over the in-flight cap');
    expect(refused).toMatchObject({ t: 'err', error: { code: 'CONFLICT', message: 'Too many requests at once (3); wait for some to finish' } });
    await Promise.all(hold);
    await expect(client.call('math.add', { a: 1, b: 1 })).resolves.toEqual({ sum: 2 });
  });

  it('survives a logger that throws and a transport whose post throws', async () => {
    const { client } = setup({ breakLogger: true });
    expect((await failureOf(client.call('throw.sync', { kind: 'nullProto' }))).code).toBe('INTERNAL');
    count('broken logger');

    let posts = 0;
    const { a, b } = createLoopbackPair<ClientMessage, ServerMessage>();
    const flaky: Port<ServerMessage, unknown> = {
      ...b,
      post: (message) => {
        if (posts++ === 0) throw new Error('transport broke');
        b.post(message);
      },
    };
    const server = createRpcServer(contract, {
      methods: { 'math.add': ({ a: x, b: y }) => ({ sum: x + y }), 'throw.sync': () => ({}), 'reject.async': () => ({}) },
      streams: { 'bad.items': () => ({ done: true }), 'throw.stream': () => ({}) },
    });
    server.connect(flaky);
    const second = createRpcClient<typeof contract>(a);
    void second.call('math.add', { a: 1, b: 1 }).catch(() => undefined); // its reply is the one the transport drops
    count('transport throws');
    await vi.waitFor(() => expect(posts).toBeGreaterThan(0)); // the first reply met the broken transport
    await expect(second.call('math.add', { a: 5, b: 5 })).resolves.toEqual({ sum: 10 });
    expect(() => server.emit('thing.changed', { value: 1 })).not.toThrow();
  });
});
