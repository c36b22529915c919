// Benchmark (f): a watched folder at scale, in a real serve host over its WebSocket, as the Sources panel sees it.
// A folder of N small files of real text becomes a source and syncs (progress events counted, the contract's round
// trip timed meanwhile); then one file is edited and the time until full-text search finds the new words is taken;
// then a rescan of the unchanged folder is timed (nothing is re-read: folderSync.test.ts counts the reads).
import fs from 'node:fs';
import path from 'node:path';
import { percentile } from '../../services/metrics/statistics';
import type { DocumentInfo, Passage } from '../../../shared/contract/library';
import type { SourceInfo } from '../../../shared/contract/sources';
import { temporaryDataDir } from '../cliContext';
import { realText, seededRandom, type BenchSources } from './benchCorpus';
import { replyFailure, startBenchServeHost, type BenchServeHost } from './benchServeHost';

export interface SourcesBenchResult {
  model: string;
  files: number;
  /** From sources.add to the source watching again with every file indexed, s. */
  initialSyncSeconds: number;
  documentsReady: number;
  /** sources.changed events while syncing, and the pending counts they carried (first, last). */
  progressEvents: number;
  pendingFirst: number | null;
  pendingLast: number | null;
  roundTrips: number;
  roundTripMs: { p50: number; p95: number; p99: number; max: number };
  /** From the edit's write to the first search that finds the edited words, ms. */
  editSearchableMs: number;
  /** From sources.rescan to the source watching again, ms; and what the rescan said. */
  rescanMs: number;
  rescanSummary: string | null;
  /** Documents whose updatedAt changed during the rescan (0: nothing re-indexed). */
  rescanReindexed: number;
  hostPeakRssMb: number | null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** N files of 2-5 real sentences each, 500 to a subfolder, deterministic. */
function writeSmallFiles(sources: BenchSources, root: string, count: number): string[] {
  const sentences = realText(sources)
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length >= 40 && s.length <= 300);
  const random = seededRandom(15);
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const dir = path.join(root, `part-${String(Math.floor(i / 500)).padStart(2, '0')}`);
    if (i % 500 === 0) fs.mkdirSync(dir, { recursive: true });
    const n = 2 + Math.floor(random() * 4);
    const text = Array.from({ length: n }, () => sentences[Math.floor(random() * sentences.length)]!).join(' ');
    const file = path.join(dir, `note-${String(i).padStart(5, '0')}.txt`);
    fs.writeFileSync(file, `${text}\n`);
    files.push(file);
  }
  return files;
}

export async function benchSources(options: { appRoot: string; sources: BenchSources; modelDir: string; model: string; files: number; log: (l: string) => void }): Promise<SourcesBenchResult> {
  const dataDir = temporaryDataDir();
  const allowDir = temporaryDataDir();
  let host: BenchServeHost | null = null;
  try {
    host = await startBenchServeHost({ appRoot: options.appRoot, dataDir, allowDir, modelDir: options.modelDir, model: options.model });
    const { call } = host;
    // warm the embedder and the ingest worker: model loading is not what this measures
    const warmDir = path.join(allowDir, 'warm');
    writeSmallFiles(options.sources, warmDir, 2);
    const warmGrant = await call<{ grantId: string }>('library.grantAllowedPath', { path: warmDir });
    const warm = await host.request('open', 'library.import', { collectionId: 'default', sources: [{ kind: 'grant', grantId: warmGrant.grantId }] });
    if (warm.t !== 'end') throw new Error(`warm-up import failed: ${replyFailure(warm)}`);

    const folder = path.join(allowDir, 'notes');
    options.log(`  sources: writing ${options.files} small files…`);
    const files = writeSmallFiles(options.sources, folder, options.files);
    const collection = await call<{ id: string }>('library.createCollection', { name: 'Watched notes' });

    let latest: SourceInfo | null = null;
    let progressEvents = 0;
    let pendingFirst: number | null = null;
    let pendingLast: number | null = null;
    host.onEvent((name, payload) => {
      if (name !== 'sources.changed') return;
      const { source } = payload as { source: SourceInfo | null };
      if (!source || source.collectionId !== collection.id) return;
      latest = source;
      if (source.state === 'syncing' && source.pending > 0) {
        progressEvents++;
        pendingFirst ??= source.pending;
        pendingLast = source.pending;
      }
    });
    const settledAfter = async (since: number, what: string, timeoutMs: number): Promise<SourceInfo> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const s = latest;
        if (s && s.state === 'watching' && s.lastSyncAt !== null && s.lastSyncAt >= since) return s;
        if (s && (s.state === 'missing' || s.state === 'notAllowed')) throw new Error(`${what}: the source is ${s.state}: ${s.problem ?? ''}`);
        if (Date.now() > deadline) throw new Error(`${what} did not finish in ${timeoutMs / 1000} s`);
        await sleep(20);
      }
    };

    options.log(`  sources: syncing ${files.length} files with ${options.model} while pinging…`);
    const grant = await call<{ grantId: string }>('library.grantAllowedPath', { path: folder });
    const addedAt = Date.now();
    const started = performance.now();
    await call<SourceInfo>('sources.add', { collectionId: collection.id, grantId: grant.grantId });
    let syncing = true;
    const synced = settledAfter(addedAt, 'the initial sync', 3_600_000).finally(() => (syncing = false));
    const times: number[] = [];
    while (syncing) {
      const t0 = performance.now();
      await call(times.length % 2 ? 'settings.get' : 'app.info', {});
      times.push(performance.now() - t0);
      await sleep(20);
    }
    const afterSync = await synced;
    const initialSyncSeconds = (performance.now() - started) / 1000;
    const { documents } = await call<{ documents: DocumentInfo[] }>('library.documents', { collectionId: collection.id });
    const documentsReady = documents.filter((d) => d.status === 'ready').length;
    options.log(`  sources: ${documentsReady} of ${files.length} ready in ${initialSyncSeconds.toFixed(1)} s (${afterSync.lastSyncSummary ?? ''})`);

    // one edit: words no other file holds, searched until found
    const edited = files[Math.floor(files.length / 2)]!;
    const marker = `quokkaledger${Date.now().toString(36)}`;
    const editedAt = performance.now();
    const editedWall = Date.now();
    fs.appendFileSync(edited, `The ${marker} entry was added after the first sync.\n`);
    let editSearchableMs = Number.NaN;
    while (performance.now() - editedAt < 60_000) {
      const { passages } = await call<{ passages: Passage[] }>('library.search', { collectionId: collection.id, query: marker, mode: 'fts', k: 3 });
      if (passages.some((p) => p.text.includes(marker))) {
        editSearchableMs = performance.now() - editedAt;
        break;
      }
      await sleep(50);
    }
    // a miss is a finding the report shows (targets are reported, never asserted), not a crash of the whole bench
    if (Number.isNaN(editSearchableMs)) options.log('  sources: the edited file was not searchable within 60 s (reported as a missed target)');
    else await settledAfter(editedWall, 'the edit sync', 60_000);

    // a rescan of the unchanged folder
    const before = new Map((await call<{ documents: DocumentInfo[] }>('library.documents', { collectionId: collection.id })).documents.map((d) => [d.id, d.updatedAt]));
    const rescanAt = Date.now();
    const rescanStarted = performance.now();
    const { id } = latest as unknown as SourceInfo;
    await call<SourceInfo>('sources.rescan', { id });
    const afterRescan = await settledAfter(rescanAt, 'the rescan', 600_000);
    const rescanMs = performance.now() - rescanStarted;
    const after = (await call<{ documents: DocumentInfo[] }>('library.documents', { collectionId: collection.id })).documents;
    const rescanReindexed = after.filter((d) => before.get(d.id) !== d.updatedAt).length;

    return {
      model: options.model,
      files: files.length,
      initialSyncSeconds,
      documentsReady,
      progressEvents,
      pendingFirst,
      pendingLast,
      roundTrips: times.length,
      roundTripMs: { p50: percentile(times, 50) ?? 0, p95: percentile(times, 95) ?? 0, p99: percentile(times, 99) ?? 0, max: times.length ? Math.max(...times) : 0 },
      editSearchableMs,
      rescanMs,
      rescanSummary: afterRescan.lastSyncSummary,
      rescanReindexed,
      hostPeakRssMb: host.peakRssMb(),
    };
  } finally {
    await host?.close();
    // LOCI_BENCH_KEEP_LOG=<file> keeps the serve host's log (where an edit's time went, what maintenance did)
    const keepLog = process.env.LOCI_BENCH_KEEP_LOG;
    if (keepLog) fs.copyFileSync(path.join(dataDir, 'logs', 'loci.log'), keepLog);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(allowDir, { recursive: true, force: true });
  }
}
