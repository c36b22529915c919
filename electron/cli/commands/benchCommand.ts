// `loci bench [--quick]`: import vs raw embedder vs plain baseline for both test models, searches and Cancel during
// an import, query latency at ~10k and 100k chunks, the WebSocket round trip during an import, a watched folder of 10,000 files (sync, edit, rescan), chat overhead, the
// built-in engine on a real GGUF (load, first token, tokens/s) with Loci's overhead for both engines, the answer cache (a hit against a fresh first token), and peak
// memory. Prints a table, writes JSON.
// Targets are reported, never asserted: a missed target is a finding, not a failure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { UsageError } from '../cliContext';
import { benchCache, type CacheBenchResult } from '../bench/benchCache';
import { benchEmbedding, embeddingLabel, type EmbeddingBenchResult } from '../bench/benchEmbedding';
import { benchEngines, type EngineBenchResult } from '../bench/benchEngines';
import { benchGeneratedStore, benchRealStore, type QueryBenchResult } from '../bench/benchQueries';
import { benchQueryLane, type QueryLaneBenchResult } from '../bench/benchQueryLane';
import { benchRoundTrip, type RoundTripBenchResult } from '../bench/benchRoundTrip';
import { benchSources, type SourcesBenchResult } from '../bench/benchSources';
import { benchScale } from '../bench/benchScale';
import { benchVectorIndex, defaultCandidates } from '../bench/benchVectorIndex';
import { formatTable } from '../table';

const TARGETS = { importRatioMiniLm: 0.9, importRatioStatic: 0.95, baselineRatioMiniLm: 1.5, searchDuringImportP95Ms: 300, cancelMs: 1000, hybridP95At100kMs: 50, roundTripP99Ms: 50, chatOverheadP95Ms: 100, sourceEditSearchableMs: 5000, sourceRescanMs: 10_000 };

export async function benchCommand(args: string[], entryUrl: string): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { scale: { type: 'string' }, quick: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, out: { type: 'string' }, 'model-dir': { type: 'string' }, fixtures: { type: 'string' }, only: { type: 'string' } },
  });
  const appRoot = path.resolve(path.dirname(fileURLToPath(entryUrl)), '../..');
  const shared = path.resolve(appRoot, '..', 'shared');
  const modelDir = path.resolve(values['model-dir'] ?? path.join(shared, 'models'));
  const fixturesDir = path.resolve(values.fixtures ?? path.join(shared, 'fixtures'));
  for (const [what, dir] of [['model', path.join(modelDir, 'loci', 'minilm-shaped-random')], ['fixtures', fixturesDir]] as const) {
    if (!fs.existsSync(dir)) throw new UsageError(`The benchmark needs the ${what} folder ${dir} (pass --model-dir / --fixtures)`);
  }
  if (values.scale !== undefined) return scaleCommand(values.scale, { entryUrl, appRoot, modelDir, fixturesDir, out: values.out, json: values.json });
  const quick = values.quick;
  const only = new Set((values.only ?? 'embedding,lane,queries,roundtrip,sources,engines').split(','));
  const log = (line: string): void => {
    if (!values.json) process.stderr.write(`${line}\n`);
  };
  const sources = { fixturesDir };
  const started = performance.now();
  log(`loci bench${quick ? ' --quick' : ''}: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);

  const embedding: EmbeddingBenchResult[] = [];
  if (only.has('embedding')) {
    log('(a) embedding: raw pipeline vs whole import');
    const rounds = quick ? 2 : 5;
    embedding.push(await benchEmbedding({ entryUrl, sources, modelDir, model: 'loci/minilm-shaped-random', dtype: 'q8', files: quick ? 12 : 48, fileBytes: 4000, rounds, target: TARGETS.importRatioMiniLm, baselineTarget: TARGETS.baselineRatioMiniLm, log }));
    embedding.push(await benchEmbedding({ entryUrl, sources, modelDir, model: 'loci/glove-wordpiece-100d', dtype: 'q8', files: quick ? 150 : 400, fileBytes: 4000, rounds, target: TARGETS.importRatioStatic, baselineTarget: null, log }));
  }
  if (only.has('embedding-abstracts')) {
    // not in the default set: the MiniLM import and baseline on documents of their natural lengths (SciFact abstracts)
    log('(a2) embedding: one SciFact abstract a file (natural lengths), MiniLM-shaped');
    embedding.push(await benchEmbedding({ entryUrl, sources, modelDir, model: 'loci/minilm-shaped-random', dtype: 'q8', corpus: 'abstracts', files: quick ? 60 : 200, fileBytes: 0, rounds: quick ? 2 : 5, target: TARGETS.importRatioMiniLm, baselineTarget: TARGETS.baselineRatioMiniLm, log }));
  }

  let lane: QueryLaneBenchResult | null = null;
  if (only.has('lane')) {
    log('(e) searches and a cancel during an import');
    lane = await benchQueryLane({ entryUrl, sources, modelDir, model: 'loci/minilm-shaped-random', files: quick ? 60 : 150, searches: quick ? 50 : 100, log });
  }

  const queries: QueryBenchResult[] = [];
  if (only.has('queries')) {
    log('(b) query latency');
    queries.push(await benchRealStore({ entryUrl, sources, modelDir, targetChunks: quick ? 1500 : 10_000, log }));
    // the stand-in stays a test and benchmark tool: loaded only here
    const { startOllamaStandIn } = await import('../../../e2e/fixtures/ollama-standin/server');
    const standIn = await startOllamaStandIn({ timeScale: 0.01 });
    try {
      queries.push(await benchGeneratedStore({ entryUrl, sources, chunks: quick ? 6000 : 100_000, annThreshold: quick ? 5000 : 20_000, modelDir, model: 'loci/minilm-shaped-random', ollamaUrl: standIn.url, log }));
    } finally {
      await standIn.close();
    }
  }

  let roundTrip: RoundTripBenchResult | null = null;
  if (only.has('roundtrip')) {
    log('(c) WebSocket round trip during an import');
    roundTrip = await benchRoundTrip({ appRoot, sources, modelDir, model: 'loci/minilm-shaped-random', documents: quick ? 60 : 1000, target: TARGETS.roundTripP99Ms, log });
  }

  let sourcesResult: SourcesBenchResult | null = null;
  if (only.has('sources')) {
    log('(f) a watched folder of small files: initial sync with the round trip, an edit, a rescan');
    sourcesResult = await benchSources({ appRoot, sources, modelDir, model: 'loci/glove-wordpiece-100d', files: quick ? 1000 : 10_000, log });
  }

  let engines: EngineBenchResult | null = null;
  const gguf = path.join(modelDir, 'gguf', 'stories260K.gguf');
  if (only.has('engines')) {
    if (!fs.existsSync(gguf)) throw new UsageError(`The benchmark needs the GGUF model ${gguf} (pass --model-dir)`);
    log('(e) the built-in engine (stories260K) and both engines\' overhead before the first token');
    const { startOllamaStandIn } = await import('../../../e2e/fixtures/ollama-standin/server');
    const standIn = await startOllamaStandIn({ timeScale: 0.01 });
    try {
      engines = await benchEngines({ entryUrl, sources, modelDir, ggufPath: gguf, quick, ollamaUrl: standIn.url, log });
    } finally {
      await standIn.close();
    }
  }

  let cache: CacheBenchResult | null = null;
  if (only.has('cache')) {
    log('(g) the answer cache: a hit against a fresh answer\'s first token');
    const { startOllamaStandIn } = await import('../../../e2e/fixtures/ollama-standin/server');
    // the stand-in at its modelled speed, so a fresh answer's first token costs what a fast local model's does
    const standIn = await startOllamaStandIn({ timeScale: 1 });
    try {
      cache = await benchCache({ entryUrl, sources, modelDir, ollamaUrl: standIn.url, quick, log });
    } finally {
      await standIn.close();
    }
  }

  const memory = { benchProcessPeakRssMb: process.resourceUsage().maxRSS / 1024, serveHostPeakRssMb: roundTrip?.hostPeakRssMb ?? null, sourcesServeHostPeakRssMb: sourcesResult?.hostPeakRssMb ?? null };
  const largest = queries.at(-1);
  const report = {
    when: new Date().toISOString(),
    quick,
    machine: { cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.arch()}` },
    seconds: (performance.now() - started) / 1000,
    embedding,
    queries,
    roundTrip,
    sources: sourcesResult,
    engines,
    lane,
    cache,
    memory,
    targets: [
      ...embedding.map((e) => ({ name: `import / raw throughput (median of ${e.rounds}), ${embeddingLabel(e)}`, target: `≥ ${e.target * 100}%`, value: `${(e.ratio * 100).toFixed(1)}%`, met: e.ratio >= e.target })),
      ...embedding.flatMap((e) => (e.baselineTarget === null ? [] : [{ name: `import / plain baseline (median of ${e.rounds}), ${embeddingLabel(e)}`, target: `≥ ${e.baselineTarget}×`, value: `${e.baselineRatio.toFixed(2)}×`, met: e.baselineRatio >= e.baselineTarget }])),
      ...(lane ? [{ name: `search p95 during an import (${lane.searches} searches), ${lane.model}`, target: `≤ ${TARGETS.searchDuringImportP95Ms} ms`, value: `${lane.searchMs.p95.toFixed(1)} ms`, met: lane.searches >= 50 && lane.searchMs.p95 <= TARGETS.searchDuringImportP95Ms }] : []),
      ...(lane ? [{ name: 'Cancel of a running import', target: `≤ ${TARGETS.cancelMs} ms`, value: `${lane.cancelMs.toFixed(0)} ms`, met: lane.cancelMs <= TARGETS.cancelMs }] : []),
      ...(largest ? [{ name: `hybrid query p95, ${largest.store}`, target: `≤ ${TARGETS.hybridP95At100kMs} ms`, value: `${largest.latencyMs.hybrid.p95.toFixed(1)} ms`, met: largest.latencyMs.hybrid.p95 <= TARGETS.hybridP95At100kMs }] : []),
      ...(largest?.chatOverheadMs ? [{ name: `chat overhead p95 (Send → Ollama), ${largest.store}`, target: `≤ ${TARGETS.chatOverheadP95Ms} ms`, value: `${largest.chatOverheadMs.p95.toFixed(1)} ms`, met: largest.chatOverheadMs.p95 <= TARGETS.chatOverheadP95Ms }] : []),
      ...(sourcesResult
        ? [
            { name: `folder source of ${sourcesResult.files} files: every file indexed by the initial sync`, target: `${sourcesResult.files}`, value: `${sourcesResult.documentsReady}`, met: sourcesResult.documentsReady === sourcesResult.files },
            { name: `round trip p99 during that sync`, target: `≤ ${TARGETS.roundTripP99Ms} ms`, value: `${sourcesResult.roundTripMs.p99.toFixed(1)} ms`, met: sourcesResult.roundTrips > 0 && sourcesResult.roundTripMs.p99 <= TARGETS.roundTripP99Ms },
            { name: 'one edited file searchable after the edit', target: `≤ ${TARGETS.sourceEditSearchableMs / 1000} s`, value: Number.isNaN(sourcesResult.editSearchableMs) ? 'not within 60 s' : `${(sourcesResult.editSearchableMs / 1000).toFixed(2)} s`, met: sourcesResult.editSearchableMs <= TARGETS.sourceEditSearchableMs },
            { name: `rescan of the unchanged folder (${sourcesResult.rescanReindexed} documents re-indexed)`, target: `≤ ${TARGETS.sourceRescanMs / 1000} s`, value: `${(sourcesResult.rescanMs / 1000).toFixed(2)} s`, met: sourcesResult.rescanMs <= TARGETS.sourceRescanMs && sourcesResult.rescanReindexed === 0 },
          ]
        : []),
      ...(roundTrip ? [{ name: `round trip p99 during a ${roundTrip.documents}-document import`, target: `≤ ${roundTrip.target} ms`, value: `${roundTrip.roundTripMs.p99.toFixed(1)} ms`, met: roundTrip.met }] : []),
    ],
  };

  const out = values.out ?? path.join(appRoot, 'bench-results', `bench-${report.when.replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(report, null, 2));
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const n = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined ? '—' : v.toFixed(digits));
  if (embedding.length > 0) {
    process.stdout.write(`\nEmbedding throughput (chunks/s; ~240-token chunks)\n${formatTable(
      ['model', 'chunks', 'raw b=1', 'raw b=8', 'raw b=32', 'baseline', 'import', 'import/raw', 'import/baseline'],
      embedding.map((e) => [embeddingLabel(e), e.chunks, n(e.rawChunksPerSecond.batch1), n(e.rawChunksPerSecond.batch8), n(e.rawChunksPerSecond.batch32), n(e.baselineChunksPerSecond), n(e.importChunksPerSecond), `${(e.ratio * 100).toFixed(1)}%`, `${e.baselineRatio.toFixed(2)}×`]),
    )}\n  medians of ${embedding[0]!.rounds} rounds, each running import, raw and baseline back to back in alternating order\n`);
  }
  if (lane) {
    process.stdout.write(`\nSearch during an import (${lane.model}, ${lane.searches} searches, query embedded + hybrid): p50 ${n(lane.searchMs.p50)} ms, p95 ${n(lane.searchMs.p95)} ms, p99 ${n(lane.searchMs.p99)} ms, max ${n(lane.searchMs.max)} ms; over ${lane.imports} import(s), which landed ${lane.chunksLandedDuringSearches} chunks meanwhile; Cancel settled in ${n(lane.cancelMs, 0)} ms\n`);
  }
  if (queries.length > 0) {
    process.stdout.write(`\nQuery latency (ms, p50 / p95 / p99)\n${formatTable(
      ['store', 'vector', 'fts', 'hybrid', 'hybrid+embed', 'chat overhead'],
      queries.map((q) => {
        const f = (s: { p50: number; p95: number; p99: number } | null): string => (s ? `${n(s.p50)} / ${n(s.p95)} / ${n(s.p99)}` : '—');
        return [q.store, f(q.latencyMs.vector), f(q.latencyMs.fts), f(q.latencyMs.hybrid), f(q.hybridWithEmbeddingMs), f(q.chatOverheadMs)];
      }),
    )}\n`);
    for (const q of queries) process.stdout.write(`  ${q.store}: ${q.data}; built in ${n(q.buildSeconds)} s${q.vectorIndexSeconds !== null ? ` (vector index ${n(q.vectorIndexSeconds)} s)` : ''}${q.newRowsFound !== null ? `; rows added after the index found: ${q.newRowsFound ? 'yes' : 'NO'}` : ''}\n`);
  }
  if (roundTrip) {
    process.stdout.write(`\nRound trip over WebSocket during an import of ${roundTrip.documents} documents (${roundTrip.chunks} chunks, ${n(roundTrip.importSeconds)} s, ${roundTrip.model}): p50 ${n(roundTrip.roundTripMs.p50)} ms, p95 ${n(roundTrip.roundTripMs.p95)} ms, p99 ${n(roundTrip.roundTripMs.p99)} ms, max ${n(roundTrip.roundTripMs.max)} ms over ${roundTrip.roundTrips} calls\n`);
  }
  if (sourcesResult) {
    const r = sourcesResult;
    process.stdout.write(
      `\nFolder source of ${r.files} small files (${r.model}, serve host over WebSocket): initial sync ${n(r.initialSyncSeconds)} s, ${r.documentsReady} ready, ${r.progressEvents} progress events (pending ${r.pendingFirst ?? '—'} → ${r.pendingLast ?? '—'}); round trip during the sync p50 ${n(r.roundTripMs.p50)} ms, p95 ${n(r.roundTripMs.p95)} ms, p99 ${n(r.roundTripMs.p99)} ms, max ${n(r.roundTripMs.max)} ms over ${r.roundTrips} calls; an edited file searchable after ${n(r.editSearchableMs, 0)} ms; rescan of the unchanged folder ${n(r.rescanMs, 0)} ms ("${r.rescanSummary ?? ''}", ${r.rescanReindexed} re-indexed)\n`,
    );
  }
  if (engines) {
    const e = engines;
    const f = (s: { p50: number; p95: number } | null): string => (s ? `${n(s.p50)} / ${n(s.p95)}` : '—');
    process.stdout.write(`\nBuilt-in engine, ${e.model} (${e.threads} thread; first token and tokens/s measured by Loci, load by llama.cpp)\n${formatTable(
      ['answer', 'load ms', 'first token ms', 'tok/s'],
      [
        ['cold (process start + load)', n(e.cold.loadMs), n(e.cold.ttftMs), n(e.cold.tokensPerSecond)],
        [`warm, p50 / p95 over ${e.warm.answers}`, '0', f(e.warm.ttftMs), `${n(e.warm.medianTokensPerSecond)} (median)`],
      ],
    )}\n  Loci's overhead before the first token (Send → request handed to the engine, ms, p50 / p95): built-in ${f(e.overheadMs.builtin)}, Ollama (stand-in) ${f(e.overheadMs.ollama)}\n`);
  }
  if (cache) {
    process.stdout.write(`\nAnswer cache (${cache.questions} questions, stand-in llama3.2:3b at modelled speed; ms, p50 / p95): cache hit ${n(cache.hitMs.p50)} / ${n(cache.hitMs.p95)}, fresh answer's first token ${n(cache.freshTtftMs.p50)} / ${n(cache.freshTtftMs.p95)}; ${cache.hits} of ${cache.questions} repeats hit\n`);
  }
  process.stdout.write(`\nPeak memory: bench process ${n(memory.benchProcessPeakRssMb, 0)} MB, serve host ${n(memory.serveHostPeakRssMb, 0)} MB${memory.sourcesServeHostPeakRssMb === null ? '' : `, serve host syncing the folder ${n(memory.sourcesServeHostPeakRssMb, 0)} MB`}\n`);
  process.stdout.write(`\nTargets\n${formatTable(['target', 'goal', 'measured', 'met'], report.targets.map((t) => [t.name, t.target, t.value, t.met ? 'yes' : 'NO']))}\n\nWritten to ${out} in ${n(report.seconds, 0)} s\n`);
  return 0;
}

const SCALE_TARGETS = { indexSeconds: 15 * 60, peakRssMb: 4096, hybridP95Ms: 25, recallAt10: 0.95, filterRatio: 1.2 };

/** `loci bench --scale 1m|100k`: the generated store at that size (benchScale), then index candidates at 100k with `--scale candidates`. */
async function scaleCommand(scale: string, o: { entryUrl: string; appRoot: string; modelDir: string; fixturesDir: string; out?: string; json: boolean }): Promise<number> {
  const sizes: Record<string, number> = { '1m': 1_000_000, '100k': 100_000, '10k': 10_000 };
  const log = (line: string): void => {
    if (!o.json) process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  };
  const started = performance.now();
  log(`loci bench --scale ${scale}: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  let report: Record<string, unknown>;
  if (scale === 'candidates') {
    const rows = 100_000;
    const result = await benchVectorIndex({ rows, dimension: 384, queries: 100, candidates: defaultCandidates(rows), log });
    report = { kind: 'index-candidates', result };
  } else {
    const chunks = sizes[scale.toLowerCase()];
    if (!chunks) throw new UsageError(`--scale takes 1m, 100k, 10k or candidates, not ${scale}`);
    const r = await benchScale({ entryUrl: o.entryUrl, sources: { fixturesDir: o.fixturesDir }, modelDir: o.modelDir, model: 'loci/minilm-shaped-random', chunks, log });
    const targets = [
      { name: 'indexes built', target: `≤ ${SCALE_TARGETS.indexSeconds / 60} min`, value: `${(r.indexSeconds / 60).toFixed(1)} min`, met: r.indexSeconds <= SCALE_TARGETS.indexSeconds },
      { name: 'peak memory (bench process)', target: `< ${SCALE_TARGETS.peakRssMb} MB`, value: `${r.peakRssMb.toFixed(0)} MB`, met: r.peakRssMb < SCALE_TARGETS.peakRssMb },
      { name: 'hybrid p95', target: `≤ ${SCALE_TARGETS.hybridP95Ms} ms`, value: `${r.latencyMs.hybrid.p95.toFixed(1)} ms`, met: r.latencyMs.hybrid.p95 <= SCALE_TARGETS.hybridP95Ms },
      { name: `recall@10 vs flat (${r.recallQueries} queries)`, target: `≥ ${SCALE_TARGETS.recallAt10}`, value: r.recallAt10.toFixed(3), met: r.recallAt10 >= SCALE_TARGETS.recallAt10 },
      { name: 'vector: filtered / unfiltered p50', target: `≤ ${SCALE_TARGETS.filterRatio}×`, value: `${r.filter.vector.ratioP50.toFixed(2)}×`, met: r.filter.vector.ratioP50 <= SCALE_TARGETS.filterRatio },
      { name: 'full text: filtered / unfiltered p50', target: `≤ ${SCALE_TARGETS.filterRatio}×`, value: `${r.filter.fullText.ratioP50.toFixed(2)}×`, met: r.filter.fullText.ratioP50 <= SCALE_TARGETS.filterRatio },
      { name: 'row added after the index found', target: 'yes', value: r.newRowsFound ? 'yes' : 'no', met: r.newRowsFound },
    ];
    report = { kind: 'scale', scale, result: r, targets };
    if (!o.json) {
      const f = (x: LatencyStatsLike): string => `${x.p50.toFixed(1)} / ${x.p95.toFixed(1)} / ${x.p99.toFixed(1)}`;
      process.stdout.write(`\n${r.chunks} chunks: ${r.data}\nwritten in ${r.writeSeconds.toFixed(1)} s; indexes built in ${r.indexSeconds.toFixed(1)} s (vector index ${r.vectorIndex.type}, ${r.vectorIndex.partitions} partitions, nprobes ${r.vectorIndex.nprobes}, refine ${r.vectorIndex.refineFactor}); ${r.diskMb.toFixed(0)} MB on disk; peak memory ${r.peakRssMb.toFixed(0)} MB\n`);
      process.stdout.write(`latency ms (p50 / p95 / p99): vector ${f(r.latencyMs.vector)}, full text ${f(r.latencyMs.fts)}, hybrid ${f(r.latencyMs.hybrid)}\n`);
      process.stdout.write(`the first searches after the build (cold cache): vector ${f(r.coldLatencyMs.vector)}, full text ${f(r.coldLatencyMs.fts)}, hybrid ${f(r.coldLatencyMs.hybrid)}\n`);
      process.stdout.write(`${formatTable(['target', 'goal', 'measured', 'met'], targets.map((t) => [t.name, t.target, t.value, t.met ? 'yes' : 'NO']))}\n`);
    }
  }
  const when = new Date().toISOString();
  const full = { when, machine: { cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverageAtEnd: os.loadavg() }, seconds: (performance.now() - started) / 1000, ...report };
  const out = o.out ?? path.join(o.appRoot, 'bench-results', `bench-scale-${scale}-${when.replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(full, null, 2));
  if (o.json) process.stdout.write(`${JSON.stringify(full)}\n`);
  else process.stdout.write(`\nWritten to ${out}\n`);
  return 0;
}

interface LatencyStatsLike {
  p50: number;
  p95: number;
  p99: number;
}
