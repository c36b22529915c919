// Benchmark (c): the contract's round trip over the WebSocket transport while an import runs in a real serve host
// (a child process), as a browser would see it; also the host's peak memory.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { percentile } from '../../services/metrics/statistics';
import { temporaryDataDir } from '../cliContext';
import { writeRealTextFiles, type BenchSources } from './benchCorpus';

export interface RoundTripBenchResult {
  model: string;
  documents: number;
  chunks: number;
  importSeconds: number;
  roundTrips: number;
  roundTripMs: { p50: number; p95: number; p99: number; max: number };
  target: number;
  met: boolean;
  /** The serve host's peak resident memory (VmHWM), MB. */
  hostPeakRssMb: number | null;
}

interface Envelope {
  t: string;
  id?: number;
  item?: unknown;
  result?: { overall: { chunks: number; elapsedMs: number } };
  output?: { grantId?: string };
  error?: { code: string; message: string };
}

const peakRssMb = (pid: number): number | null => {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null; // not Linux
  }
};

export async function benchRoundTrip(options: { appRoot: string; sources: BenchSources; modelDir: string; model: string; documents: number; target: number; log: (l: string) => void }): Promise<RoundTripBenchResult> {
  const entry = path.join(options.appRoot, 'dist', 'electron', 'serve.js');
  if (!fs.existsSync(entry)) throw new Error('dist/electron/serve.js is missing: run `npm run build` first (npm run bench does)');
  const dataDir = temporaryDataDir();
  // the documents sit in a folder the host is started with --allow-dir on: a browser cannot import by path otherwise
  const corpusDir = temporaryDataDir();
  const child = spawn(process.execPath, [entry, '--port', '0', '--data-dir', dataDir, '--allow-dir', corpusDir, '--model-dir', options.modelDir, '--embedder', options.model, '--ollama-url', 'http://127.0.0.1:9'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  try {
    const url = await new Promise<URL>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve host did not start: ${output}`)), 30_000);
      child.stdout.on('data', () => {
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(new URL(m[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`serve host exited (${code}): ${output}`)));
    });
    const socket = new WebSocket(`ws://${url.host}/rpc?token=${url.searchParams.get('token')}`, { origin: url.origin });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    let nextId = 1;
    const pending = new Map<number, (m: Envelope) => void>();
    socket.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString()) as Envelope;
      if (m.id !== undefined && m.t !== 'item') {
        pending.get(m.id)?.(m);
        pending.delete(m.id);
      }
    });
    const request = (t: 'call' | 'open', name: string, input: unknown): Promise<Envelope> =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ t, id, name, input }));
      });
    const importFolder = async (folder: string): Promise<Envelope> => {
      const granted = await request('call', 'library.grantAllowedPath', { path: folder });
      if (granted.t !== 'ok' || !granted.output?.grantId) throw new Error(`grant refused: ${JSON.stringify(granted.error)}`);
      return request('open', 'library.import', { collectionId: 'default', sources: [{ kind: 'grant', grantId: granted.output.grantId }] });
    };

    // warm the embedder and the ingest worker first: model loading is not what this measures
    writeRealTextFiles(options.sources, path.join(corpusDir, 'warm'), 2, 800);
    const warm = await importFolder(path.join(corpusDir, 'warm'));
    if (warm.t !== 'end') throw new Error(`warm-up import failed: ${JSON.stringify(warm.error)}`);

    const files = writeRealTextFiles(options.sources, path.join(corpusDir, 'docs'), options.documents, 900);
    options.log(`  round trip: importing ${files.length} documents with ${options.model} while pinging…`);
    let importing = true;
    const imported = importFolder(path.join(corpusDir, 'docs')).finally(() => (importing = false));
    const times: number[] = [];
    while (importing) {
      const started = performance.now();
      const reply = await request('call', times.length % 2 ? 'settings.get' : 'app.info', {});
      if (reply.t !== 'ok') throw new Error(`round trip failed: ${JSON.stringify(reply.error)}`);
      times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const done = await imported;
    if (done.t !== 'end' || !done.result) throw new Error(`import failed: ${JSON.stringify(done.error)}`);
    socket.close();
    const p99 = percentile(times, 99)!;
    return {
      model: options.model,
      documents: files.length,
      chunks: done.result.overall.chunks,
      importSeconds: done.result.overall.elapsedMs / 1000,
      roundTrips: times.length,
      roundTripMs: { p50: percentile(times, 50)!, p95: percentile(times, 95)!, p99, max: Math.max(...times) },
      target: options.target,
      met: p99 <= options.target,
      hostPeakRssMb: child.pid ? peakRssMb(child.pid) : null,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(corpusDir, { recursive: true, force: true });
  }
}
