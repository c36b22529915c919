// The serve host against hostile clients, over real sockets: prototype-member names, bad WebSocket frames, raw
// garbage, refused upgrades followed by a reset, slowloris, too many connections, hostile uploads. After each
// kind, a fresh authenticated client must get a correct reply. The tally of hostile inputs is printed at the end.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppContract } from '../../shared/contract';
import type { AppErrorData } from '../../shared/contract/errors';
import { createRpcClient, type RpcClient } from '../../shared/rpc/client';
import type { ClientMessage } from '../../shared/rpc/envelope';
import type { Port } from '../../shared/rpc/port';
import { failureOf } from '../../shared/testing/failureOf';
import { createLogger } from '../services/logging/logger';
import { createTestCore, makeTempDir, type TestCore } from '../testing/testCore';
import { startHost, type RunningHost } from './startHost';

const MAX_MESSAGE = 1024 * 1024;
const CAP = 12;

let test: TestCore;
let rendererDir: string;
/** Short timeouts and a 1 MiB frame cap, for frames, slowloris and uploads. */
let host: RunningHost;
/** A connection cap of 12 and long timeouts, for the flood. */
let capped: RunningHost;

const tally = new Map<string, number>();
const count = (kind: string, n = 1): void => void tally.set(kind, (tally.get(kind) ?? 0) + n);

beforeAll(async () => {
  test = createTestCore();
  rendererDir = makeTempDir('loci-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Loci</title>');
  const logger = createLogger({ consoleLevel: 'silent' });
  host = await startHost({
    core: test.core,
    rendererDir,
    logger,
    port: 0,
    limits: { headersTimeoutMs: 1000, requestTimeoutMs: 2000, idleTimeoutMs: 2000, timeoutCheckIntervalMs: 200, maxMessageBytes: MAX_MESSAGE },
  });
  capped = await startHost({ core: test.core, rendererDir, logger, port: 0, limits: { maxConnections: CAP, headersTimeoutMs: 120_000, requestTimeoutMs: 120_000, idleTimeoutMs: 120_000 } });
});

afterAll(async () => {
  const total = [...tally.values()].reduce((a, b) => a + b, 0);
  console.warn(`[hostile-inputs] serve host: ${[...tally].map(([k, n]) => `${k}=${n}`).join(', ')}; total=${total}`);
  await host.close();
  await capped.close();
  await test.cleanup();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

// ---- an authenticated client, as the renderer connects -------------------------------------------------------

interface Client {
  rpc: RpcClient<AppContract>;
  socket: WebSocket;
  close(): Promise<void>;
}

function connectClient(target: RunningHost): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${target.port}/rpc?token=${target.token}`, { origin: target.origin });
    socket.once('error', reject);
    socket.once('open', () => {
      const port: Port<ClientMessage, unknown> = {
        post: (message) => socket.send(JSON.stringify(message)),
        onMessage: (listener) => {
          const handle = (data: Buffer): void => listener(JSON.parse(data.toString('utf8')));
          socket.on('message', handle);
          return () => socket.off('message', handle);
        },
        onClose: (listener) => {
          const handle = (code: number): void => listener(`closed (${code})`);
          socket.on('close', handle);
          return () => socket.off('close', handle);
        },
      };
      const close = (): Promise<void> =>
        new Promise((done) => {
          if (socket.readyState === WebSocket.CLOSED) return done();
          socket.once('close', () => done());
          socket.close();
        });
      resolve({ rpc: createRpcClient<AppContract>(port), socket, close });
    });
  });
}

/** The host is still serving: a fresh authenticated client gets a correct reply. */
async function expectServing(target: RunningHost = host): Promise<void> {
  const client = await connectClient(target);
  const info = await client.rpc.call('app.info', {});
  expect(info).toMatchObject({ name: 'Loci', dataDir: test.dataDir });
  await client.close();
}

// ---- raw sockets --------------------------------------------------------------------------------------------

const connectRaw = (target: RunningHost = host): Promise<net.Socket> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(target.port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });

/** Resolves when the socket is closed (reading and dropping what arrives, so the server's end can be seen). */
const closed = (socket: net.Socket): Promise<void> =>
  new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    socket.once('close', () => resolve());
    socket.resume();
  });

const upgradeRequest = (target: RunningHost, options: { token?: string | null; origin?: string; path?: string; version?: string } = {}): string => {
  const token = options.token === undefined ? target.token : options.token;
  const query = token === null ? '' : `?token=${token}`;
  return [
    `GET ${options.path ?? '/rpc'}${query} HTTP/1.1`,
    `Host: 127.0.0.1:${target.port}`,
    `Origin: ${options.origin ?? target.origin}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}`,
    `Sec-WebSocket-Version: ${options.version ?? '13'}`,
    '',
    '',
  ].join('\r\n');
};

/** A raw socket past a successful upgrade; `frames()` yields what the server sends. */
async function rawWebSocket(): Promise<{ socket: net.Socket; closeCode: Promise<number | null> }> {
  const socket = await connectRaw();
  socket.on('error', () => undefined);
  let buffer = Buffer.alloc(0);
  let upgraded = false;
  let onUpgraded!: () => void;
  const ready = new Promise<void>((resolve) => (onUpgraded = resolve));
  const closeCode = new Promise<number | null>((resolve) => {
    socket.on('close', () => resolve(null));
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        expect(buffer.subarray(0, 12).toString()).toBe('HTTP/1.1 101');
        buffer = buffer.subarray(end + 4);
        upgraded = true;
        onUpgraded();
      }
      // server frames are unmasked: walk them, skipping pushed events, until a close frame
      for (;;) {
        if (buffer.length < 2) return;
        const opcode = buffer[0]! & 0x0f;
        let length = buffer[1]! & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) return;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) return;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + length) return;
        const payload = buffer.subarray(offset, offset + length);
        buffer = buffer.subarray(offset + length);
        if (opcode === 0x8) return resolve(payload.length >= 2 ? payload.readUInt16BE(0) : 1005);
      }
    });
  });
  socket.write(upgradeRequest(host));
  await ready;
  return { socket, closeCode };
}

/** A client frame (masked unless told otherwise). `declaredLength` lies about the payload's length. */
function frame(opcode: number, payload: Buffer | string, options: { fin?: boolean; mask?: boolean; rsv?: number; declaredLength?: bigint } = {}): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const mask = options.mask ?? true;
  const length = options.declaredLength ?? BigInt(data.length);
  const head = [((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | opcode];
  let ext = Buffer.alloc(0);
  if (length < 126n) head.push(Number(length) | (mask ? 0x80 : 0));
  else if (length < 65536n) {
    head.push(126 | (mask ? 0x80 : 0));
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(Number(length));
  } else {
    head.push(127 | (mask ? 0x80 : 0));
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(length);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), ext, data]);
  const key = crypto.randomBytes(4);
  const masked = Buffer.from(data.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), ext, key, masked]);
}

const closePayload = (code: number, reason: Buffer | string = ''): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code);
  return Buffer.concat([b, typeof reason === 'string' ? Buffer.from(reason) : reason]);
};

/** Deterministic bytes (no flaky seeds): a small xorshift. */
function pseudoRandom(seed: number, length: number): Buffer {
  let x = seed || 1;
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

// ---- the suite ------------------------------------------------------------------------------------------------

describe('serve host robustness', () => {
  it('answers every Object.prototype member name, as call and as open, with UNKNOWN_METHOD', async () => {
    const names = Object.getOwnPropertyNames(Object.prototype);
    const client = await connectClient(host);
    const untyped = client.rpc as unknown as {
      call(name: string, input: unknown): Promise<unknown>;
      stream(name: string, input: unknown, onItem: () => void): { result: Promise<unknown> };
    };
    for (const name of names) {
      expect((await failureOf(untyped.call(name, {}))).code, `call ${name}`).toBe('UNKNOWN_METHOD');
      count('prototype name as call');
      expect((await failureOf(untyped.stream(name, {}, () => undefined).result)).code, `open ${name}`).toBe('UNKNOWN_METHOD');
      count('prototype name as open');
    }
    await client.close();
    await expectServing();
  });

  const badFrames: { name: string; code: number; bytes: () => Buffer[] }[] = [
    { name: 'declared length over the cap', code: 1009, bytes: () => [frame(0x1, '', { declaredLength: BigInt(MAX_MESSAGE * 4) })] },
    { name: 'declared length over 2^53', code: 1009, bytes: () => [frame(0x2, '', { declaredLength: 2n ** 63n })] },
    {
      name: 'fragments adding up over the cap',
      code: 1009,
      bytes: () => [frame(0x1, 'a'.repeat(MAX_MESSAGE / 2), { fin: false }), frame(0x0, 'b'.repeat(MAX_MESSAGE / 2), { fin: false }), frame(0x0, 'c'.repeat(1024))],
    },
    { name: 'one frame over the cap', code: 1009, bytes: () => [frame(0x1, Buffer.alloc(MAX_MESSAGE + 1, 0x61))] },
    { name: 'invalid UTF-8 text', code: 1007, bytes: () => [frame(0x1, Buffer.from([0xff, 0xfe, 0xfd]))] },
    { name: 'overlong UTF-8', code: 1007, bytes: () => [frame(0x1, Buffer.from([0x7b, 0xc0, 0xaf, 0x7d]))] },
    { name: 'UTF-8 surrogate', code: 1007, bytes: () => [frame(0x1, Buffer.from([0xed, 0xa0, 0x80]))] },
    { name: 'truncated UTF-8 at the end of a message', code: 1007, bytes: () => [frame(0x1, Buffer.from('{"t":"call"\xe2', 'latin1'))] },
    { name: 'invalid UTF-8 in a close reason', code: 1007, bytes: () => [frame(0x8, closePayload(1000, Buffer.from([0xff])))] },
    ...[0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf].map((op) => ({ name: `reserved opcode 0x${op.toString(16)}`, code: 1002, bytes: () => [frame(op, 'x')] })),
    ...[1, 2, 4, 7].map((rsv) => ({ name: `reserved bits ${rsv.toString(2)}`, code: 1002, bytes: () => [frame(0x1, '{}', { rsv })] })),
    { name: 'unmasked client frame', code: 1002, bytes: () => [frame(0x1, '{}', { mask: false })] },
    { name: 'control frame over 125 bytes', code: 1002, bytes: () => [frame(0x9, Buffer.alloc(126))] },
    { name: 'fragmented control frame', code: 1002, bytes: () => [frame(0x9, 'ping', { fin: false })] },
    { name: 'continuation with nothing to continue', code: 1002, bytes: () => [frame(0x0, 'x')] },
    { name: 'new message inside a fragmented one', code: 1002, bytes: () => [frame(0x1, 'a', { fin: false }), frame(0x1, 'b')] },
    ...[0, 999, 1004, 1005, 1006, 1015, 2999].map((code) => ({ name: `close code ${code}`, code: 1002, bytes: () => [frame(0x8, closePayload(code))] })),
    { name: 'one-byte close payload', code: 1002, bytes: () => [frame(0x8, Buffer.from([0x03]))] },
  ];

  it(`closes only the offending connection, with the right close code, for ${badFrames.length} kinds of bad frame`, async () => {
    const bystander = await connectClient(host);
    for (const bad of badFrames) {
      const { socket, closeCode } = await rawWebSocket();
      for (const bytes of bad.bytes()) socket.write(bytes);
      expect(await closeCode, bad.name).toBe(bad.code);
      count('bad frame');
      socket.destroy();
    }
    // the connection that behaved was left alone
    expect(bystander.socket.readyState).toBe(WebSocket.OPEN);
    await expect(bystander.rpc.call('app.info', {})).resolves.toMatchObject({ name: 'Loci' });
    await bystander.close();
    await expectServing();
  });

  it('closes a connection that sends raw garbage after the upgrade', async () => {
    const garbage = [
      Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
      Buffer.from('{"t":"call","id":1,"name":"app.info","input":{}}'),
      Buffer.alloc(64, 0x00),
      Buffer.alloc(64, 0xff),
      // pseudo-random bytes with a reserved bit set in the first byte, so the first header is always wrong
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((seed) => {
        const bytes = pseudoRandom(seed, 4096);
        bytes[0] = bytes[0]! | 0x70;
        return bytes;
      }),
    ];
    for (const bytes of garbage) {
      const { socket, closeCode } = await rawWebSocket();
      socket.write(bytes);
      expect([1002, 1007, 1009]).toContain(await closeCode);
      count('raw garbage after upgrade');
      socket.destroy();
    }
    await expectServing();
  });

  it('survives refused upgrades whose sockets are reset', async () => {
    const refusals = [
      upgradeRequest(host, { token: 'wrong' }),
      upgradeRequest(host, { token: null }),
      upgradeRequest(host, { origin: 'http://evil.example' }),
      upgradeRequest(host, { path: '/elsewhere' }),
      upgradeRequest(host, { path: 'http://[::1' }), // a request target that is not a URL
      upgradeRequest(host, { version: '99' }), // the right token, then a handshake ws refuses
    ];
    for (let round = 0; round < 10; round++) {
      for (const request of refusals) {
        const socket = await connectRaw();
        socket.on('error', () => undefined);
        socket.write(request);
        // reset right away (before, during or after the server's refusal, as timing falls)
        if (round % 2 === 0) socket.resetAndDestroy();
        else setImmediate(() => socket.resetAndDestroy());
        await closed(socket);
        count('refused upgrade + reset');
      }
      // and one reset half-way through the request's headers
      const socket = await connectRaw();
      socket.on('error', () => undefined);
      socket.write(upgradeRequest(host, { token: 'wrong' }).slice(0, 60));
      socket.resetAndDestroy();
      await closed(socket);
      count('refused upgrade + reset');
    }
    // a refusal that is read says why
    const socket = await connectRaw();
    const answer = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.on('close', () => resolve(text));
    });
    socket.write(upgradeRequest(host, { token: 'wrong' }));
    expect(await answer).toMatch(/^HTTP\/1\.1 401 Unauthorized[\s\S]*Missing or wrong token$/);
    await expectServing();
  });

  it('cuts off slow headers (slowloris) and silent connections, and serves others meanwhile', async () => {
    const slow: Promise<string>[] = [];
    const timers: NodeJS.Timeout[] = [];
    const trickle = async (request: string): Promise<void> => {
      const socket = await connectRaw();
      socket.on('error', () => undefined);
      let answer = '';
      socket.on('data', (d: Buffer) => (answer += d.toString()));
      let i = 0;
      const timer = setInterval(() => {
        if (socket.destroyed || i >= request.length - 4) return; // never finishes the headers
        socket.write(request[i++]!);
      }, 100);
      timers.push(timer);
      slow.push(closed(socket).then(() => answer));
      count('slowloris');
    };
    for (let i = 0; i < 5; i++) await trickle(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Padding: ${'a'.repeat(200)}\r\n\r\n`);
    for (let i = 0; i < 5; i++) await trickle(upgradeRequest(host));
    for (let i = 0; i < 5; i++) {
      const socket = await connectRaw();
      socket.on('error', () => undefined);
      slow.push(closed(socket).then(() => ''));
      count('silent connection');
    }
    await expectServing(); // while they are still trickling
    const answers = await Promise.all(slow);
    timers.forEach(clearInterval);
    // a slow request is told so (408) or just closed; none ever got the page
    for (const answer of answers) expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
    await expectServing();
  });

  it(`caps concurrent connections at ${CAP}, and serves again once the flood is gone`, async () => {
    const flood: net.Socket[] = [];
    for (let i = 0; i < CAP; i++) {
      const socket = await connectRaw(capped);
      socket.on('error', () => undefined);
      flood.push(socket);
    }
    await expect.poll(() => capped.connectionCount(), { timeout: 20_000 }).toBe(CAP);
    count('flood connection', CAP);
    const extras = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const socket = await connectRaw(capped).catch(() => null);
        count('flood connection');
        if (!socket) return 'refused';
        socket.on('error', () => undefined);
        let got = '';
        socket.on('data', (d: Buffer) => (got += d.toString()));
        socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${capped.port}\r\n\r\n`);
        await closed(socket);
        return got === '' ? 'dropped' : got;
      }),
    );
    expect(new Set(extras)).toEqual(new Set(['dropped']));
    // what the user sees while the flood lasts: the connection fails (the UI then offers to reconnect)
    await expect(connectClient(capped)).rejects.toThrow();
    for (const socket of flood) socket.destroy();
    await expect.poll(() => capped.connectionCount(), { timeout: 20_000 }).toBe(0);
    await expectServing(capped);
  });

  it('keeps an authenticated WebSocket open past the HTTP timeouts', async () => {
    const client = await connectClient(host);
    await new Promise((resolve) => setTimeout(resolve, 2600)); // longer than the host's idle and request timeouts
    await expect(client.rpc.call('app.info', {})).resolves.toMatchObject({ name: 'Loci' });
    await client.close();
  });
});

describe('serve host robustness: uploads', () => {
  const collectionId = async (client: Client): Promise<string> => (await client.rpc.call('library.collections', {})).collections[0]!.id;

  it('never accepts data for a declared size over the file size limit, and the import lists the file as too large', async () => {
    const client = await connectClient(host);
    const { uploadId } = await client.rpc.call('uploads.begin', { name: 'huge.pdf', size: 9e15 });
    count('oversized declared upload');
    const error = await failureOf(client.rpc.call('uploads.append', { uploadId, data: Buffer.from('%PDF-1.7').toString('base64') }));
    count('oversized declared upload');
    expect(error).toEqual({ code: 'INVALID_INPUT', message: '“huge.pdf” is larger than the 100 MB file size limit (Settings → Library), so it is not uploaded.' });
    const summary = await client.rpc.stream('library.import', { collectionId: await collectionId(client), sources: [{ kind: 'upload', uploadId }] }, () => undefined).result;
    expect(summary.files).toMatchObject([{ name: 'huge.pdf', state: 'skipped', reason: expect.stringMatching(/^Larger than the 100 MB limit/) }]);
    await client.close();
    await expectServing();
  });

  it('refuses uploads over the pending-bytes cap with a message, and takes files again once they are imported', async () => {
    const client = await connectClient(host);
    const ids: string[] = [];
    let refusal: AppErrorData | null = null;
    for (let i = 0; i < 30 && !refusal; i++) {
      count('over-quota upload');
      try {
        ids.push((await client.rpc.call('uploads.begin', { name: `part-${i}.txt`, size: 100_000_000 })).uploadId);
      } catch (error) {
        refusal = error as AppErrorData;
      }
    }
    expect(ids).toHaveLength(21); // 2 GiB of 100 MB files
    expect(refusal).toEqual({
      code: 'CONFLICT',
      message: 'Too much is waiting to be imported (2,100 MB of at most 2,147 MB); let the current import finish, then add “part-21.txt” again.',
      details: { pendingBytes: 2_100_000_000, maxPendingBytes: 2 * 1024 ** 3 },
    });
    // importing (here: unfinished uploads, reported as such) releases their share
    const summary = await client.rpc.stream('library.import', { collectionId: await collectionId(client), sources: ids.map((uploadId) => ({ kind: 'upload' as const, uploadId })) }, () => undefined).result;
    expect(summary.files.every((f) => f.state === 'failed' && f.reason === 'The upload did not finish; drop the file again')).toBe(true);
    await expect(client.rpc.call('uploads.begin', { name: 'next.txt', size: 100_000_000 })).resolves.toMatchObject({ uploadId: expect.any(String) });
    await client.close();
    await expectServing();
  });

  it('imports a file whose name is 200 emoji, shows that name, and never an absolute path', async () => {
    const client = await connectClient(host);
    const name = `${'😀'.repeat(200)}.txt`;
    const text = 'Emoji names are long in bytes: each one is four bytes of UTF-8 and two UTF-16 units.';
    const { uploadId } = await client.rpc.call('uploads.begin', { name, size: Buffer.byteLength(text) });
    count('200-emoji upload name');
    await client.rpc.call('uploads.append', { uploadId, data: Buffer.from(text).toString('base64') });
    const summary = await client.rpc.stream('library.import', { collectionId: await collectionId(client), sources: [{ kind: 'upload', uploadId }] }, () => undefined).result;
    expect(summary.files).toMatchObject([{ name, state: 'done' }]);
    expect(JSON.stringify(summary)).not.toContain(test.dataDir);
    const documents = (await client.rpc.call('library.documents', { collectionId: await collectionId(client) })).documents;
    expect(documents.find((d) => d.name === name)).toMatchObject({ source: 'upload', path: name });
    await client.close();
    await expectServing();
  });
});
