// "Nothing leaves your machine", checked: the serve host runs as a child process under a guard that refuses and
// records every non-loopback connection, DNS query and fetch (in every thread), through an import (upload and
// --allow-dir), a search and an answer from the Ollama stand-in on 127.0.0.1; then nothing may have been attempted.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startOllamaStandIn, type OllamaStandIn } from '../../e2e/fixtures/ollama-standin/server';
import { DOCUMENTS_DIR, MODELS_DIR } from '../testing/sharedAssets';
import { makeTempDir } from '../testing/testCore';

const root = path.resolve(import.meta.dirname, '../..');
const GUARD = path.join(root, 'electron/testing/denyNetwork.cjs');
const NIST = path.join(DOCUMENTS_DIR, 'pdf', 'nist-sp800-145-cloud-definition.pdf');

interface NetworkRecord {
  kind: string;
  target?: string;
  thread: number;
  pid: number;
  stack?: string[];
}

const readRecords = (file: string): NetworkRecord[] =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as NetworkRecord) : [];
const attempts = (file: string): NetworkRecord[] => readRecords(file).filter((r) => r.kind !== 'loaded');

/** node with the guard: --require reaches worker threads, NODE_OPTIONS reaches any process it spawns. */
function guardedNode(args: string[], logFile: string): ChildProcess {
  return spawn(process.execPath, ['--require', GUARD, ...args], {
    cwd: root,
    env: { ...process.env, LOCI_NETWORK_LOG: logFile, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(GUARD)}`.trim() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const exited = (child: ChildProcess): Promise<number | null> => new Promise((resolve) => child.once('exit', (code) => resolve(code)));

describe('the network guard itself', () => {
  it('records and refuses fetch, connect, DNS and UDP to the outside, in workers too, and lets loopback through', async () => {
    const dir = makeTempDir('loci-guard-');
    const log = path.join(dir, 'network.jsonl');
    const script = `
      const net = require('node:net'); const dns = require('node:dns'); const dgram = require('node:dgram');
      const { Worker } = require('node:worker_threads');
      (async () => {
        const server = net.createServer((s) => s.end('hi')).listen(0, '127.0.0.1');
        await new Promise((r) => server.once('listening', r));
        const local = await new Promise((r) => net.connect(server.address().port, '127.0.0.1').on('data', (d) => r(String(d))).on('error', (e) => r(e.code)));
        const fetched = await fetch('https://huggingface.co/Xenova/all-MiniLM-L6-v2/resolve/main/config.json').then(() => 'ok', (e) => e.cause?.code);
        const connected = await new Promise((r) => net.connect(443, '93.184.216.34').on('connect', () => r('ok')).on('error', (e) => r(e.code)));
        const looked = await new Promise((r) => dns.lookup('example.org', (e) => r(e ? e.code : 'ok')));
        const resolved = await dns.promises.resolve4('example.net').then(() => 'ok', (e) => e.code);
        const udp = dgram.createSocket('udp4');
        const sent = await new Promise((r) => udp.send('x', 53, '8.8.8.8', (e) => r(e ? e.code : 'ok')));
        udp.close();
        const inWorker = await new Promise((r) => new Worker("fetch('http://10.1.2.3/').then(() => require('node:worker_threads').parentPort.postMessage('ok'), (e) => require('node:worker_threads').parentPort.postMessage(e.cause?.code))", { eval: true }).once('message', r));
        server.close();
        console.log(JSON.stringify({ local, fetched, connected, looked, resolved, sent, inWorker }));
      })();`;
    const child = guardedNode(['-e', script], log);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    expect(await exited(child), out).toBe(0);
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ local: 'hi', fetched: 'ECONNREFUSED', connected: 'ECONNREFUSED', looked: 'ENOTFOUND', resolved: 'ENOTFOUND', sent: 'ECONNREFUSED', inWorker: 'ECONNREFUSED' });
    expect(attempts(log).map((r) => `${r.kind} ${r.target}`)).toEqual([
      'fetch https://huggingface.co/Xenova/all-MiniLM-L6-v2/resolve/main/config.json',
      'connect 93.184.216.34:443',
      'dns.lookup example.org',
      'dns.promises.resolve4 example.net',
      'udp 8.8.8.8',
      'fetch http://10.1.2.3/',
    ]);
    expect(attempts(log).at(-1)?.thread).not.toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);
});

interface Host {
  child: ChildProcess;
  url: URL;
  output(): string;
  stop(): Promise<void>;
}

async function startGuardedServeHost(args: string[], log: string): Promise<Host> {
  const child = guardedNode(['--import', 'tsx', path.join(root, 'electron/host/serve.ts'), '--port', '0', ...args], log);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve host did not start:\n${output}`)), 60_000);
    child.stdout?.on('data', () => {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(new URL(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve host exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const done = exited(child);
      child.kill('SIGTERM');
      // the exit, or a 5 s grace before SIGKILL: a bound on the wait, not a pause
      await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

interface Reply {
  t: string;
  id?: number;
  output?: unknown;
  result?: unknown;
  error?: { code: string; message: string };
}

/** A minimal contract client over the host's WebSocket, as the browser's is. */
async function connect(url: URL): Promise<{ call(name: string, input: unknown): Promise<unknown>; stream(name: string, input: unknown): Promise<unknown>; close(): void }> {
  const socket = new WebSocket(`ws://${url.host}/rpc?token=${url.searchParams.get('token')}`, { origin: url.origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (reply: Reply) => void>();
  socket.on('message', (data: Buffer) => {
    const reply = JSON.parse(data.toString('utf8')) as Reply;
    if (reply.id === undefined || reply.id === null || reply.t === 'item' || reply.t === 'event') return;
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  const send = (t: 'call' | 'open', name: string, input: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (reply) => (reply.t === 'err' ? reject(new Error(`${name}: ${reply.error?.code} ${reply.error?.message}`)) : resolve(reply.t === 'ok' ? reply.output : reply.result)));
      socket.send(JSON.stringify({ t, id, name, input }));
    });
  return { call: (name, input) => send('call', name, input), stream: (name, input) => send('open', name, input), close: () => socket.close() };
}

describe('the serve host offline', () => {
  let standIn: OllamaStandIn;
  let dir: string;
  beforeAll(async () => {
    standIn = await startOllamaStandIn({ timeScale: 0.05 });
    dir = makeTempDir('loci-offline-');
  });
  afterAll(async () => {
    await standIn.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports, searches and answers without one connection leaving 127.0.0.1', async () => {
    const log = path.join(dir, 'network.jsonl');
    const allowed = path.join(dir, 'allowed');
    fs.mkdirSync(allowed);
    fs.copyFileSync(path.join(DOCUMENTS_DIR, 'md', 'art-of-command-line-en.md'), path.join(allowed, 'command-line.md'));
    const host = await startGuardedServeHost(
      ['--data-dir', path.join(dir, 'data'), '--allow-dir', allowed, '--ollama-url', standIn.url, '--model-dir', MODELS_DIR, '--embedder', 'loci/glove-wordpiece-100d', '--embedder-dtype', 'q8'],
      log,
    );
    try {
      const client = await connect(host.url);
      // the settings say downloads are off: the embedder is read from the model folder only
      await client.call('settings.update', { allowModelDownload: false });

      const bytes = fs.readFileSync(NIST);
      const { uploadId } = (await client.call('uploads.begin', { name: 'nist.pdf', size: bytes.byteLength })) as { uploadId: string };
      await client.call('uploads.append', { uploadId, data: bytes.toString('base64') });
      const { grantId } = (await client.call('library.grantAllowedPath', { path: allowed })) as { grantId: string };
      const summary = (await client.stream('library.import', { collectionId: 'default', sources: [{ kind: 'upload', uploadId }, { kind: 'grant', grantId }] })) as { files: { name: string; state: string }[] };
      expect(summary.files.map((f) => [f.name, f.state]).sort()).toEqual([
        ['command-line.md', 'done'],
        ['nist.pdf', 'done'],
      ]);

      const { passages } = (await client.call('library.search', { collectionId: 'default', query: 'broad network access', k: 3, mode: 'hybrid' })) as { passages: { documentName: string }[] };
      expect(passages[0]?.documentName).toBe('nist.pdf');

      const conversation = (await client.call('chat.create', { collectionId: 'default', model: 'llama3.2:3b' })) as { id: string };
      const { message } = (await client.stream('chat.send', { conversationId: conversation.id, text: 'What is broad network access?' })) as { message: { content: string; status?: string } };
      expect(message.content.length).toBeGreaterThan(0);
      client.close();
    } finally {
      await host.stop();
    }
    const records = readRecords(log);
    // the guard ran in the host and in its worker threads (embedding, ingest), so their silence means something
    expect(records.filter((r) => r.kind === 'loaded' && r.thread !== 0).length, host.output()).toBeGreaterThanOrEqual(2);
    expect(attempts(log), JSON.stringify(attempts(log), null, 2)).toEqual([]);
  }, 180_000);

  it('reaches for the model hub only when downloads are on and the model is missing', async () => {
    const log = path.join(dir, 'network-download.jsonl');
    const host = await startGuardedServeHost(['--data-dir', path.join(dir, 'data-download'), '--ollama-url', standIn.url, '--embedder', 'nobody/not-on-this-machine'], log);
    try {
      const client = await connect(host.url);
      await client.call('settings.update', { allowModelDownload: false });
      const off = await waitForEmbedder(client, (s) => s.state === 'unavailable');
      expect(off.message).toMatch(/downloading is turned off/);
      expect(attempts(log)).toEqual([]);

      await client.call('settings.update', { allowModelDownload: true });
      const on = await waitForEmbedder(client, (s) => s.state === 'unavailable' || s.state === 'error');
      expect(on.message).not.toMatch(/downloading is turned off/);
      const tried = attempts(log);
      expect(tried.length).toBeGreaterThan(0);
      // transformers.js in the embedding worker thread, refused by the guard
      expect(tried.every((r) => r.thread !== 0 && /huggingface\.co/.test(r.target ?? ''))).toBe(true);
      client.close();
    } finally {
      await host.stop();
    }
  }, 120_000);
});

async function waitForEmbedder(client: Awaited<ReturnType<typeof connect>>, done: (s: { state: string; message: string | null }) => boolean): Promise<{ state: string; message: string | null }> {
  let refresh = true; // the first ask makes the host look for the model again; later ones only read its status
  return vi.waitFor(
    async () => {
      const status = (await client.call('library.embedderStatus', refresh ? { refresh } : {})) as { state: string; message: string | null };
      refresh = false;
      if (!done(status)) throw new Error(`the embedder is still ${status.state}: ${status.message ?? ''}`);
      return status;
    },
    { timeout: 30_000, interval: 100 },
  );
}
