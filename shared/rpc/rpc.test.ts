// The rpc layer over the in-memory loopback: calls, typed errors, malformed messages, streams, cancellation, events.
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { defineEvent, defineMethod, defineStream } from '../contract/define';
import { AppError } from '../contract/errors';
import { failureOf } from '../testing/failureOf';
import { createRpcClient } from './client';
import type { ClientMessage, ServerMessage } from './envelope';
import { createLoopbackPair } from './port';
import { createRpcServer, type Handlers } from './server';

const testContract = {
  methods: {
    'math.add': defineMethod({ input: z.object({ a: z.number(), b: z.number() }).strict(), output: z.object({ sum: z.number() }) }),
    'math.fail': defineMethod({ input: z.object({ kind: z.enum(['app', 'plain', 'output']) }), output: z.object({ ok: z.boolean() }) }),
    'slow.wait': defineMethod({ input: z.object({}).default({}), output: z.object({ aborted: z.boolean() }) }),
  },
  streams: {
    'count.up': defineStream({ input: z.object({ to: z.number().int().min(0).max(1000) }), item: z.object({ n: z.number() }), result: z.object({ total: z.number() }) }),
    'count.forever': defineStream({ input: z.object({}).default({}), item: z.object({ n: z.number() }), result: z.object({ total: z.number() }) }),
    'text.tokens': defineStream({
      input: z.object({ words: z.array(z.string()) }),
      item: z.object({ delta: z.string() }),
      result: z.object({ done: z.boolean() }),
      coalesce: { intervalMs: 30, merge: (a, b) => ({ delta: a.delta + b.delta }) },
    }),
  },
  events: {
    'thing.changed': defineEvent({ payload: z.object({ value: z.number() }) }),
  },
} as const;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function setup() {
  const observed = { started: 0, aborts: 0, unexpected: [] as string[] };
  const handlers: Handlers<typeof testContract> = {
    methods: {
      'math.add': ({ a, b }) => ({ sum: a + b }),
      'math.fail': ({ kind }) => {
        if (kind === 'app') throw new AppError('NOT_FOUND', 'No such thing', { id: 7 });
        if (kind === 'plain') throw new Error('kaboom');
        return { ok: 'yes' } as unknown as { ok: boolean };
      },
      'slow.wait': (_input, { signal }) =>
        new Promise((resolve) => {
          observed.started++;
          signal.addEventListener('abort', () => {
            observed.aborts++;
            resolve({ aborted: true });
          });
        }),
    },
    streams: {
      'count.up': async ({ to }, { emit }) => {
        for (let n = 1; n <= to; n++) emit({ n });
        return { total: to };
      },
      'count.forever': async (_input, { emit, signal }) => {
        let n = 0;
        while (!signal.aborted) {
          emit({ n: ++n });
          await sleep(5); // the producer's pace (an item every few ms until cancelled), not a wait for anything
        }
        observed.aborts++;
        return { total: n };
      },
      'text.tokens': async ({ words }, { emit }) => {
        for (const word of words) {
          emit({ delta: word });
          await sleep(2); // the producer's pace, so that several tokens fall into one coalescing interval
        }
        return { done: true };
      },
    },
  };
  const { a: clientSide, b: serverSide } = createLoopbackPair<ClientMessage, ServerMessage>();
  const server = createRpcServer(testContract, handlers, { onUnexpectedError: (_e, name) => observed.unexpected.push(name) });
  server.connect(serverSide);
  const client = createRpcClient<typeof testContract>(clientSide);
  return { client, server, observed, clientSide, serverSide };
}

describe('rpc over the loopback', () => {
  it('answers a valid call', async () => {
    const { client } = setup();
    await expect(client.call('math.add', { a: 2, b: 3 })).resolves.toEqual({ sum: 5 });
  });

  it('rejects invalid input with INVALID_INPUT naming the field, and keeps serving', async () => {
    const { client } = setup();
    const error = await failureOf(client.call('math.add', { a: 'two', b: 3 } as unknown as { a: number; b: number }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/math\.add/);
    expect(error.message).toMatch(/a:/);
    const extra = await failureOf(client.call('math.add', { a: 1, b: 2, c: 3 } as unknown as { a: number; b: number }));
    expect(extra.code).toBe('INVALID_INPUT');
    await expect(client.call('math.add', { a: 1, b: 1 })).resolves.toEqual({ sum: 2 });
  });

  it('carries AppErrors as data and turns other failures into INTERNAL', async () => {
    const { client, observed } = setup();
    expect(await failureOf(client.call('math.fail', { kind: 'app' }))).toEqual({ code: 'NOT_FOUND', message: 'No such thing', details: { id: 7 } });
    const plain = await failureOf(client.call('math.fail', { kind: 'plain' }));
    expect(plain).toMatchObject({ code: 'INTERNAL', message: 'kaboom' });
    const badOutput = await failureOf(client.call('math.fail', { kind: 'output' }));
    expect(badOutput.code).toBe('INTERNAL');
    expect(badOutput.message).toMatch(/invalid output/);
    expect(observed.unexpected).toEqual(['math.fail', 'math.fail']);
  });

  it('answers unknown names with UNKNOWN_METHOD', async () => {
    const { client } = setup();
    const untyped = client as unknown as { call(name: string, input: unknown): Promise<unknown> };
    expect((await failureOf(untyped.call('nope.nothing', {}))).code).toBe('UNKNOWN_METHOD');
  });

  it('answers malformed envelopes with INVALID_MESSAGE and never crashes', async () => {
    const { clientSide, client } = setup();
    const replies: unknown[] = [];
    clientSide.onMessage((m) => replies.push(m));
    for (const junk of [null, 42, 'hello', [], { t: 'call' }, { t: 'call', id: -1, name: 'math.add' }, { t: 'bogus', id: 1 }, { t: 'open', id: 2.5, name: 'x' }]) {
      clientSide.post(junk as unknown as ClientMessage);
    }
    await vi.waitFor(() => expect(replies).toHaveLength(8));
    for (const reply of replies) expect(reply).toMatchObject({ t: 'err', error: { code: 'INVALID_MESSAGE' } });
    await expect(client.call('math.add', { a: 1, b: 2 })).resolves.toEqual({ sum: 3 });
  });

  it('streams items in order and ends with the result', async () => {
    const { client } = setup();
    const items: number[] = [];
    const handle = client.stream('count.up', { to: 5 }, (item) => items.push(item.n));
    await expect(handle.result).resolves.toEqual({ total: 5 });
    expect(items).toEqual([1, 2, 3, 4, 5]);
  });

  it('validates stream input', async () => {
    const { client } = setup();
    const handle = client.stream('count.up', { to: -1 }, () => undefined);
    expect((await failureOf(handle.result)).code).toBe('INVALID_INPUT');
  });

  it('cancels a stream: the handler sees the abort and the client gets CANCELLED', async () => {
    const { client, observed } = setup();
    const items: number[] = [];
    const handle = client.stream('count.forever', {}, (item) => items.push(item.n));
    await vi.waitFor(() => expect(items.length).toBeGreaterThan(0));
    handle.cancel();
    expect((await failureOf(handle.result)).code).toBe('CANCELLED');
    await vi.waitFor(() => expect(observed.aborts).toBe(1));
    const seen = items.length;
    await sleep(30); // a fixed pause on purpose: no item may arrive after the cancel, an absence no poll can wait for
    expect(items.length).toBe(seen);
  });

  it('coalesces token items by merging, without losing any text', async () => {
    const { client } = setup();
    const deltas: string[] = [];
    const words = Array.from({ length: 40 }, (_, i) => `w${i} `);
    const handle = client.stream('text.tokens', { words }, (item) => deltas.push(item.delta));
    await handle.result;
    expect(deltas.join('')).toBe(words.join(''));
    expect(deltas.length).toBeLessThan(words.length);
  });

  it('aborts in-flight work when the connection closes and fails pending calls with DISCONNECTED', async () => {
    const { client, observed, clientSide, server } = setup();
    const pending = client.call('slow.wait', {});
    let disconnectedReason = '';
    client.onDisconnect((reason) => (disconnectedReason = reason));
    // the call must be in its handler before the connection closes: what is tested is the abort of in-flight work
    await vi.waitFor(() => expect(observed.started).toBe(1));
    clientSide.close();
    expect((await failureOf(pending)).code).toBe('DISCONNECTED');
    expect(disconnectedReason).not.toBe('');
    await vi.waitFor(() => expect(observed.aborts).toBe(1));
    expect(server.connectionCount).toBe(0);
  });

  it('pushes events to every connection, validated', async () => {
    const { client, server } = setup();
    const seen: number[] = [];
    const off = client.on('thing.changed', (p) => seen.push(p.value));
    server.emit('thing.changed', { value: 1 });
    await vi.waitFor(() => expect(seen).toEqual([1]));
    off();
    server.emit('thing.changed', { value: 2 });
    await sleep(5); // a fixed pause on purpose: the event after off() must not arrive, an absence no poll can wait for
    expect(seen).toEqual([1]);
    expect(() => server.emit('thing.changed', { value: 'x' } as unknown as { value: number })).toThrow();
  });

  it('refuses a request id that is still in flight', async () => {
    const { clientSide } = setup();
    const replies: ServerMessage[] = [];
    clientSide.onMessage((m) => replies.push(m as ServerMessage));
    clientSide.post({ t: 'call', id: 9, name: 'slow.wait', input: {} });
    clientSide.post({ t: 'call', id: 9, name: 'math.add', input: { a: 1, b: 1 } });
    await vi.waitFor(() => expect(replies[0]).toMatchObject({ t: 'err', id: 9, error: { code: 'INVALID_MESSAGE' } }));
  });
});
