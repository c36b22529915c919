// Benchmarks only: a real serve host (dist/electron/serve.js, a child process) and a bare WebSocket client that
// speaks the wire envelope as a browser tab does, with calls, streams, pushed events and the host's peak memory.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { ServerMessageSchema, type ServerMessage } from '../../../shared/rpc/envelope';

/** What a reply that is not the one asked for says: the host's error, else which message came instead. */
export const replyFailure = (reply: ServerMessage): string => (reply.t === 'err' ? JSON.stringify(reply.error) : `unexpected '${reply.t}' message`);

export interface BenchServeHost {
  /** A method call or a stream (resolves with its `ok`, `end` or `err` envelope). */
  request(t: 'call' | 'open', name: string, input: unknown): Promise<ServerMessage>;
  /** A call that must succeed: its output. */
  call<T>(name: string, input: unknown): Promise<T>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  /** The host's peak resident memory (VmHWM), MB; null off Linux. */
  peakRssMb(): number | null;
  close(): Promise<void>;
}

const peakRssOf = (pid: number | undefined): number | null => {
  if (pid === undefined) return null;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null; // not Linux
  }
};

export async function startBenchServeHost(options: { appRoot: string; dataDir: string; allowDir: string; modelDir: string; model: string }): Promise<BenchServeHost> {
  const entry = path.join(options.appRoot, 'dist', 'electron', 'serve.js');
  if (!fs.existsSync(entry)) throw new Error('dist/electron/serve.js is missing: run `npm run build` first (npm run bench does)');
  // e.g. LOCI_BENCH_HOST_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the host (NODE_OPTIONS may not)
  const nodeArgs = (process.env.LOCI_BENCH_HOST_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, entry, '--port', '0', '--data-dir', options.dataDir, '--allow-dir', options.allowDir, '--model-dir', options.modelDir, '--embedder', options.model, '--ollama-url', 'http://127.0.0.1:9'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    // a profiled host writes its profile as it exits: it gets longer to do so
    const deadline = Date.now() + (nodeArgs.length > 0 ? 20_000 : 300);
    while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let socket: WebSocket;
  try {
    const url = await new Promise<URL>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve host did not start: ${output}`)), 30_000);
      child.stdout?.on('data', () => {
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(new URL(m[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`serve host exited (${code}): ${output}`)));
    });
    socket = new WebSocket(`ws://${url.host}/rpc?token=${url.searchParams.get('token')}`, { origin: url.origin });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
  } catch (error) {
    await stop();
    throw error;
  }
  let nextId = 1;
  const pending = new Map<number, (m: ServerMessage) => void>();
  const listeners = new Set<(name: string, payload: unknown) => void>();
  socket.on('message', (data: Buffer) => {
    const parsed = ServerMessageSchema.safeParse(JSON.parse(data.toString()));
    if (!parsed.success) return; // the host is ours; a message it cannot have sent is not routed
    const m = parsed.data;
    if (m.t === 'event') listeners.forEach((l) => l(m.name, m.payload));
    else if (m.id !== null && m.t !== 'item') {
      pending.get(m.id)?.(m);
      pending.delete(m.id);
    }
  });
  const request = (t: 'call' | 'open', name: string, input: unknown): Promise<ServerMessage> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ t, id, name, input }));
    });
  return {
    request,
    call: async <T>(name: string, input: unknown): Promise<T> => {
      const reply = await request('call', name, input);
      if (reply.t !== 'ok') throw new Error(`${name} failed: ${replyFailure(reply)}`);
      return reply.output as T;
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    peakRssMb: () => peakRssOf(child.pid),
    close: async () => {
      socket.close();
      await stop();
      // e.g. LOCI_BENCH_HOST_LOGS=/tmp/host-logs keeps the host's log files (syncs, maintenance) past the bench's cleanup
      const keepLogs = process.env.LOCI_BENCH_HOST_LOGS;
      if (keepLogs) fs.cpSync(path.join(options.dataDir, 'logs'), keepLogs, { recursive: true });
    },
  };
}
