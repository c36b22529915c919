// Benchmark (c): the contract's round trip over the WebSocket transport while an import runs in a real serve host
// (a child process), as a browser would see it; also the host's peak memory.
import fs from 'node:fs';
import path from 'node:path';
import { percentile } from '../../services/metrics/statistics';
import { temporaryDataDir } from '../cliContext';
import { writeRealTextFiles, type BenchSources } from './benchCorpus';
import { ImportSummarySchema } from '../../../shared/contract/library';
import type { ServerMessage } from '../../../shared/rpc/envelope';
import { replyFailure, startBenchServeHost, type BenchServeHost } from './benchServeHost';

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

export async function benchRoundTrip(options: { appRoot: string; sources: BenchSources; modelDir: string; model: string; documents: number; target: number; log: (l: string) => void }): Promise<RoundTripBenchResult> {
  const dataDir = temporaryDataDir();
  // the documents sit in a folder the host is started with --allow-dir on: a browser cannot import by path otherwise
  const corpusDir = temporaryDataDir();
  let host: BenchServeHost | null = null;
  try {
    host = await startBenchServeHost({ appRoot: options.appRoot, dataDir, allowDir: corpusDir, modelDir: options.modelDir, model: options.model });
    const { request, call } = host;
    const importFolder = async (folder: string): Promise<ServerMessage> => {
      const granted = await call<{ grantId: string }>('library.grantAllowedPath', { path: folder });
      return request('open', 'library.import', { collectionId: 'default', sources: [{ kind: 'grant', grantId: granted.grantId }] });
    };

    // warm the embedder and the ingest worker first: model loading is not what this measures
    writeRealTextFiles(options.sources, path.join(corpusDir, 'warm'), 2, 800);
    const warm = await importFolder(path.join(corpusDir, 'warm'));
    if (warm.t !== 'end') throw new Error(`warm-up import failed: ${replyFailure(warm)}`);

    const files = writeRealTextFiles(options.sources, path.join(corpusDir, 'docs'), options.documents, 900);
    options.log(`  round trip: importing ${files.length} documents with ${options.model} while pinging…`);
    let importing = true;
    const imported = importFolder(path.join(corpusDir, 'docs')).finally(() => (importing = false));
    const times: number[] = [];
    while (importing) {
      const started = performance.now();
      const reply = await request('call', times.length % 2 ? 'settings.get' : 'app.info', {});
      if (reply.t !== 'ok') throw new Error(`round trip failed: ${replyFailure(reply)}`);
      times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const done = await imported;
    if (done.t !== 'end') throw new Error(`import failed: ${replyFailure(done)}`);
    const result = ImportSummarySchema.parse(done.result);
    const hostPeakRssMb = host.peakRssMb();
    const p99 = percentile(times, 99)!;
    return {
      model: options.model,
      documents: files.length,
      chunks: result.overall.chunks,
      importSeconds: result.overall.elapsedMs / 1000,
      roundTrips: times.length,
      roundTripMs: { p50: percentile(times, 50)!, p95: percentile(times, 95)!, p99, max: Math.max(...times) },
      target: options.target,
      met: p99 <= options.target,
      hostPeakRssMb,
    };
  } finally {
    await host?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(corpusDir, { recursive: true, force: true });
  }
}
