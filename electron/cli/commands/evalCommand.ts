// `loci eval --beir <dir>`: retrieval quality (nDCG@10, Recall@10/100, MRR@10, per-query wins against full text)
// per mode, with query latency; optionally per chunk size, and with sweeps of the fusion.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SETTINGS } from '../../../shared/contract/settings';
import { loadRetrievalDataset } from '../../services/evaluation/beirDataset';
import { evaluateRetrieval, idFromFileName, indexBeirCorpus, type EvalConfig, type EvalRow } from '../../services/evaluation/beirEvaluation';
import { createPackingCheck, type PackingRow } from '../../services/evaluation/packingCheck';
import type { Fusion } from '../../services/retrieval/fuseRankings';
import { COMMON_OPTIONS, openCliServices, settingsFromFlags, temporaryDataDir, UsageError } from '../cliContext';
import { createProgressBar } from '../progressBar';
import { formatTable } from '../table';

export const EVAL_USAGE = `Usage: loci eval --beir <dir> [options]

Indexes a BEIR folder (corpus.jsonl, queries.jsonl, qrels/<split>.tsv) or an XQuAD folder (questions.<split>.jsonl:
each question's source paragraph is its one relevant document), runs every judged query and reports nDCG@10,
Recall@10, Recall@100, MRR@10 and wins/ties/losses against full text, per mode.

  --split NAME            qrels split: test (default for BEIR), train, dev (default for XQuAD)
  --data-dir DIR          index there and keep it (a second run reuses it: unchanged documents are not re-indexed)
  --chunk-tokens LIST     chunk sizes to compare, e.g. 128,256,512 (one index each, under DIR/chunks-N-O)
  --overlap LIST          chunk overlaps in tokens, e.g. 0,40 (default: the setting)
  --weight W --fusion rrf|convex   also score hybrid at this fixed fusion
  --mmr                   also score full text and the default hybrid with maximal marginal relevance (retrievalDiversity)
  --sweep                 also score convex fusion at weights 0..1 (step 0.1) and rank fusion at 0..1 (step 0.05)
  --pack LIST             also pack the default hybrid's top passages (retrievalTopK) into a chat prompt per context
                          window, e.g. 2048,4096, and count what reaches the model (passages, relevant ones, answers)
  --adaptive              also score convex fusion at a per-query weight from the two lists' score distributions,
                          around 0.1, 0.2 and 0.3 (and the fixed convex weights 0.1, 0.2, 0.3 beside them)
  --no-calibrate          skip calibration (hybrid then runs as configured, or full text when uncalibrated)
  --model-dir DIR --embedder ID --embedder-dtype q8|fp32 --json
`;

const numberList = (text: string | undefined, flag: string, min: number, max: number): number[] | undefined => {
  if (text === undefined) return undefined;
  const list = text.split(',').map((t) => Number(t.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < min || n > max)) throw new UsageError(`${flag} is a comma-separated list of whole numbers from ${min} to ${max}`);
  return list;
};

const fusionLabel = (f: Fusion): string => `hybrid ${f.method} w=${f.weight.toFixed(2)}`;

export async function evalCommand(args: string[], entryUrl: string): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...COMMON_OPTIONS,
      beir: { type: 'string' },
      sweep: { type: 'boolean', default: false },
      mmr: { type: 'boolean', default: false },
      weight: { type: 'string' },
      fusion: { type: 'string', default: 'convex' },
      split: { type: 'string' },
      'chunk-tokens': { type: 'string' },
      overlap: { type: 'string' },
      pack: { type: 'string' },
      adaptive: { type: 'boolean', default: false },
      'no-calibrate': { type: 'boolean', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(EVAL_USAGE);
    return 0;
  }
  if (!values.beir) throw new UsageError(EVAL_USAGE);
  const weight = values.weight === undefined ? undefined : Number(values.weight);
  if (weight !== undefined && !(weight >= 0 && weight <= 1)) throw new UsageError('--weight is a number from 0 to 1');
  if (values.fusion !== 'rrf' && values.fusion !== 'convex') throw new UsageError('--fusion is rrf or convex');
  const chunkSizes = numberList(values['chunk-tokens'], '--chunk-tokens', 32, 2048) ?? [undefined];
  const overlaps = numberList(values.overlap, '--overlap', 0, 512) ?? [undefined];
  const packLengths = numberList(values.pack, '--pack', 512, 131072) ?? [];
  const dataset = loadRetrievalDataset(values.beir, values.split);
  const baseDir = values['data-dir'] ?? temporaryDataDir();
  const settings = settingsFromFlags(values);
  const bar = createProgressBar(!values.json);
  const reports = [];
  for (const chunkTokens of chunkSizes) {
    for (const overlap of overlaps) {
      const several = chunkSizes.length > 1 || overlaps.length > 1;
      const dataDir = several ? path.join(baseDir, `chunks-${chunkTokens ?? 'default'}-${overlap ?? 'default'}`) : baseDir;
      const patch = { ...settings, ...(chunkTokens !== undefined ? { chunkTargetTokens: chunkTokens } : {}), ...(overlap !== undefined ? { chunkOverlapTokens: overlap } : {}) };
      const cli = openCliServices({ entryUrl, dataDir, settings: patch, removeOnClose: !values['data-dir'] });
      try {
        const indexed = await indexBeirCorpus(dataset, cli.services.library, dataDir, (done, total) => bar.update(done, total, 'indexing corpus'));
        bar.done();
        const calibration = values['no-calibrate'] ? null : await cli.services.library.calibrate(indexed.collectionId);
        const current = cli.services.settings.get();
        const configs: EvalConfig[] = [
          { label: 'vector', mode: 'vector' },
          { label: 'fts', mode: 'fts' },
          { label: `hybrid (Loci default: ${current.retrievalFusion === 'auto' ? (calibration ? `calibrated, ${fusionLabel(calibration.fusion).slice(7)}` : 'uncalibrated') : current.retrievalFusion})`, mode: 'hybrid' },
        ];
        if (values.mmr) configs.push({ label: 'fts + MMR', mode: 'fts', diversity: true }, { label: 'hybrid (Loci default) + MMR', mode: 'hybrid', diversity: true });
        if (weight !== undefined) configs.push({ label: fusionLabel({ method: values.fusion, weight }), mode: 'hybrid', fusion: { method: values.fusion, weight } });
        if (values.adaptive) {
          for (const base of [0.1, 0.2, 0.3]) {
            configs.push({ label: `hybrid convex per-query around ${base.toFixed(2)}`, mode: 'hybrid', adaptiveBase: base });
            if (!values.sweep) configs.push({ label: fusionLabel({ method: 'convex', weight: base }), mode: 'hybrid', fusion: { method: 'convex', weight: base } });
          }
        }
        if (values.sweep) {
          for (let i = 0; i <= 10; i++) configs.push({ label: fusionLabel({ method: 'convex', weight: i / 10 }), mode: 'hybrid', fusion: { method: 'convex', weight: i / 10 } });
          for (let i = 0; i <= 20; i++) configs.push({ label: fusionLabel({ method: 'rrf', weight: i / 20 }), mode: 'hybrid', fusion: { method: 'rrf', weight: i / 20 } });
        }
        const defaultHybrid = configs[2]!;
        const packing = packLengths.length > 0
          ? createPackingCheck({ dataset, template: cli.services.templates.get(DEFAULT_SETTINGS.promptTemplate), topK: current.retrievalTopK, contextLengths: packLengths, documentIdOf: (p) => idFromFileName(p.documentName) })
          : null;
        const rows = await evaluateRetrieval(dataset, cli.services.library, indexed.collectionId, configs, (texts) => cli.services.embedding.embed(texts), (label, done, total) => bar.update(done, total, label), (config, queryId, passages) => {
          if (config === defaultHybrid) packing?.add(queryId, passages);
        });
        bar.done();
        const packed = packing?.rows() ?? null;
        const chunking = { chunkTokens: current.chunkTargetTokens, overlapTokens: current.chunkOverlapTokens };
        const report = { dataset: values.beir, split: values.split ?? null, embedder: `${current.embedderModelId}@${current.embedderDtype}`, ...chunking, corpusDocuments: dataset.corpus.length, queries: rows[0]?.queries ?? 0, ...indexed, calibration, rows, packing: packed };
        reports.push(report);
        if (!values.json) {
          process.stdout.write(
            `${report.dataset}: ${report.corpusDocuments} documents (${indexed.chunks} chunks of ${chunking.chunkTokens} tokens, overlap ${chunking.overlapTokens}, indexed in ${indexed.seconds.toFixed(1)} s), ${report.queries} queries, embedder ${report.embedder}\n`,
          );
          if (calibration) {
            const pct = (x: number): string => `${Math.round(x * 100)}%`;
            process.stdout.write(
              `calibration on ${calibration.queries} pseudo-queries from the corpus: source passage first: keywords ${pct(calibration.keywords.top1)}, meaning ${pct(calibration.meaning.top1)}, hybrid ${pct(calibration.hybrid.top1)} → ${fusionLabel(calibration.fusion)}\n`,
            );
          }
          process.stdout.write(`\n${formatRows(rows)}\n\n`);
          if (packed) process.stdout.write(`prompt packing of the default hybrid's top ${current.retrievalTopK} (template ${DEFAULT_SETTINGS.promptTemplate}, the default):\n${formatPacking(packed)}\n\n`);
        }
      } finally {
        await cli.close();
      }
    }
  }
  if (values.json) process.stdout.write(`${JSON.stringify(reports.length === 1 ? reports[0] : reports)}\n`);
  return 0;
}

function formatPacking(rows: PackingRow[]): string {
  const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
  return formatTable(
    ['context', 'passages packed', 'passage tokens', 'relevant in prompt', 'relevant cut off', 'answer in prompt'],
    rows.map((r) => [r.contextLength, r.passagesPacked.toFixed(2), r.passageTokens.toFixed(0), pct(r.relevantInPrompt), pct(r.relevantCutOff), pct(r.answerInPrompt)]),
  );
}

function formatRows(rows: EvalRow[]): string {
  return formatTable(
    ['mode', 'nDCG@10', 'R@10', 'R@100', 'MRR@10', 'vs fts W/T/L', 'p50 ms', 'p95 ms', 'p99 ms'],
    rows.map((r) => [r.label, r.ndcg10, r.recall10, r.recall100, r.mrr10, `${r.versusFullText.wins}/${r.versusFullText.ties}/${r.versusFullText.losses}`, r.latencyP50Ms, r.latencyP95Ms, r.latencyP99Ms]),
  );
}
