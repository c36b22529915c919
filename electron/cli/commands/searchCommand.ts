// `loci search "<query>"`: the top passages with their scores, by hybrid, vector or full-text search.
import { parseArgs } from 'node:util';
import { SearchModeSchema } from '../../../shared/contract/library';
import { COMMON_OPTIONS, openCliServices, resolveCollection, settingsFromFlags, UsageError } from '../cliContext';

export const SEARCH_USAGE = `Usage: loci search "<query>" [--k N] [--mode vector|fts|hybrid] [--collection NAME] [--data-dir DIR] [--json]

Any text is a query: "quoted words" are a phrase, other full-text syntax is searched as words. Hybrid search uses
the fusion calibration measured on the collection (see loci eval --help).
`;

export async function searchCommand(args: string[], entryUrl: string): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { ...COMMON_OPTIONS, k: { type: 'string', default: '10' }, mode: { type: 'string', default: 'hybrid' } }, allowPositionals: true });
  if (values.help) {
    process.stdout.write(SEARCH_USAGE);
    return 0;
  }
  const query = positionals.join(' ').trim();
  if (!query) throw new UsageError(SEARCH_USAGE);
  const mode = SearchModeSchema.safeParse(values.mode);
  if (!mode.success) throw new UsageError('--mode is vector, fts or hybrid');
  const k = Number(values.k);
  if (!Number.isInteger(k) || k < 1 || k > 100) throw new UsageError('--k is a whole number from 1 to 100');
  const cli = openCliServices({ entryUrl, ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}), settings: settingsFromFlags(values) });
  try {
    const collectionId = await resolveCollection(cli.services, values.collection, false);
    const result = await cli.services.library.search({ collectionId, query, k, mode: mode.data });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    }
    if (result.passages.length === 0) process.stdout.write('No passages found.\n');
    result.passages.forEach((p, i) => {
      const where = [p.documentName, p.page !== null ? `p. ${p.page}` : null, p.headingPath.join(' › ') || null].filter(Boolean).join(' · ');
      const scores = [`score ${p.score.toFixed(3)}`, p.vectorScore !== null ? `cos ${p.vectorScore.toFixed(3)}` : null, p.textScore !== null ? `bm25 ${p.textScore.toFixed(2)}` : null].filter(Boolean).join(', ');
      process.stdout.write(`${i + 1}. ${where} (${scores})\n   ${p.text.replace(/\s+/g, ' ').slice(0, 300)}\n`);
    });
    if (result.fallback === 'query-vector-unusable') process.stdout.write('\nThe query has no words the embedding model knows, so it was searched by keywords only.\n');
    if (result.fallback === 'embedder-changed') process.stdout.write('\nThe library was indexed with another embedding model, so it was searched by keywords only.\n');
    process.stdout.write(`\n${result.mode} search: ${(result.embedMs + result.searchMs).toFixed(1)} ms (embed ${result.embedMs.toFixed(1)}, search ${result.searchMs.toFixed(1)})\n`);
    return 0;
  } finally {
    await cli.close();
  }
}
