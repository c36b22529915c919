// `loci eval --beir <dir>`: retrieval quality (nDCG@10, Recall@10/100, MRR@10) per mode, with query latency.
import { parseArgs } from 'node:util';
import { loadBeirDataset } from '../../services/evaluation/beirDataset';
import { evaluateRetrieval, indexBeirCorpus, type EvalConfig } from '../../services/evaluation/beirEvaluation';
import { COMMON_OPTIONS, openCliServices, settingsFromFlags, temporaryDataDir, UsageError } from '../cliContext';
import { createProgressBar } from '../progressBar';
import { formatTable } from '../table';

const USAGE = 'loci eval --beir <dir> [--data-dir DIR] [--model-dir DIR --embedder ID --embedder-dtype q8] [--weight W] [--sweep] [--json]';

export async function evalCommand(args: string[], entryUrl: string): Promise<number> {
  const { values } = parseArgs({ args, options: { ...COMMON_OPTIONS, beir: { type: 'string' }, sweep: { type: 'boolean', default: false }, weight: { type: 'string' }, split: { type: 'string', default: 'test' } }, allowPositionals: false });
  if (!values.beir) throw new UsageError(USAGE);
  const weight = values.weight === undefined ? undefined : Number(values.weight);
  if (weight !== undefined && !(weight >= 0 && weight <= 1)) throw new UsageError('--weight is a number from 0 to 1');
  const dataset = loadBeirDataset(values.beir, values.split);
  const dataDir = values['data-dir'] ?? temporaryDataDir();
  const cli = openCliServices({ entryUrl, dataDir, settings: settingsFromFlags(values), removeOnClose: !values['data-dir'] });
  try {
    const bar = createProgressBar(!values.json);
    const indexed = await indexBeirCorpus(dataset, cli.services.library, dataDir, (done, total) => bar.update(done, total, 'indexing corpus'));
    bar.done();
    const settings = cli.services.settings.get();
    const hybridWeight = weight ?? settings.retrievalVectorWeight;
    const configs: EvalConfig[] = [
      { label: 'vector', mode: 'vector' },
      { label: 'fts', mode: 'fts' },
      { label: `hybrid w=${hybridWeight}`, mode: 'hybrid', vectorWeight: hybridWeight },
    ];
    if (values.sweep) for (let i = 0; i <= 20; i++) configs.push({ label: `hybrid w=${(i / 20).toFixed(2)}`, mode: 'hybrid', vectorWeight: i / 20 });
    const rows = await evaluateRetrieval(dataset, cli.services.library, indexed.collectionId, configs, (label, done, total) => bar.update(done, total, label));
    bar.done();
    const report = { dataset: values.beir, embedder: `${settings.embedderModelId}@${settings.embedderDtype}`, corpusDocuments: dataset.corpus.length, queries: rows[0]?.queries ?? 0, ...indexed, rows };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else {
      process.stdout.write(`${report.dataset}: ${report.corpusDocuments} documents (${indexed.chunks} chunks, indexed in ${indexed.seconds.toFixed(1)} s), ${report.queries} queries, embedder ${report.embedder}\n\n`);
      process.stdout.write(
        `${formatTable(
          ['mode', 'nDCG@10', 'R@10', 'R@100', 'MRR@10', 'p50 ms', 'p95 ms', 'p99 ms'],
          rows.map((r) => [r.label, r.ndcg10, r.recall10, r.recall100, r.mrr10, r.latencyP50Ms, r.latencyP95Ms, r.latencyP99Ms]),
        )}\n`,
      );
    }
    return 0;
  } finally {
    await cli.close();
  }
}
