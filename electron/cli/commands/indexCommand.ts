// `loci index <paths...>`: imports files and folders into a collection through the same pipeline as the app.
import { parseArgs } from 'node:util';
import { toAppErrorData } from '../../../shared/contract/errors';
import { COMMON_OPTIONS, openCliServices, resolveCollection, settingsFromFlags, UsageError } from '../cliContext';
import { createProgressBar } from '../progressBar';
import { formatTable } from '../table';

export async function indexCommand(args: string[], entryUrl: string): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: COMMON_OPTIONS, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError('loci index <paths...> [--collection NAME] [--data-dir DIR] [--json]');
  const cli = openCliServices({ entryUrl, ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}), settings: settingsFromFlags(values) });
  try {
    const collectionId = await resolveCollection(cli.services, values.collection, true);
    const bar = createProgressBar(!values.json);
    let summary;
    try {
      summary = await cli.services.library.import(
        { collectionId, sources: positionals.map((p) => ({ kind: 'path' as const, path: p })), reindexDocumentIds: [], reindexAll: false },
        {
          signal: new AbortController().signal,
          emit: (p) => bar.update(p.overall.filesDone, p.overall.filesTotal, `${p.overall.chunks} chunks · ${p.overall.chunksPerSecond.toFixed(0)}/s`),
        },
      );
    } catch (error) {
      bar.done();
      // --json promises a result on stdout whatever happened; the error's words are the user's, as in the app
      if (!values.json) throw error;
      process.stdout.write(`${JSON.stringify({ collectionId, dataDir: cli.dataDir, error: toAppErrorData(error) })}\n`);
      return 2;
    }
    bar.done();
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ collectionId, dataDir: cli.dataDir, ...summary })}\n`);
    } else {
      const o = summary.overall;
      process.stdout.write(`${formatTable(['file', 'state', 'pages', 'chunks', 'reason'], summary.files.map((f) => [f.name, f.state, f.pages, f.chunks, f.reason]))}\n\n`);
      process.stdout.write(`${o.filesDone} files (${o.filesFailed} failed, ${o.filesSkipped} skipped), ${o.chunks} chunks in ${(o.elapsedMs / 1000).toFixed(1)} s (${o.chunksPerSecond.toFixed(0)} chunks/s) → ${cli.dataDir}\n`);
    }
    return summary.overall.filesFailed > 0 ? 2 : 0;
  } finally {
    await cli.close();
  }
}
