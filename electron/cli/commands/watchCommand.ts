// `loci watch <folders...>`: makes folders sources of a collection and keeps them in sync until stopped (SIGINT or
// SIGTERM), as the app does while it runs; `--once` syncs once and exits. Interrupted imports resume first.
import { parseArgs } from 'node:util';
import type { SourceInfo } from '../../../shared/contract/sources';
import { COMMON_OPTIONS, openCliServices, resolveCollection, settingsFromFlags, UsageError } from '../cliContext';

const describe = (s: SourceInfo): string =>
  s.state === 'syncing' ? `syncing ${s.pending} files` : s.state === 'watching' ? `watching${s.lastSyncSummary ? ` (${s.lastSyncSummary})` : ''}` : s.state;

export async function watchCommand(args: string[], entryUrl: string): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { ...COMMON_OPTIONS, once: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError('loci watch <folders...> [--collection NAME] [--data-dir DIR] [--once]');
  const cli = openCliServices({ entryUrl, ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}), settings: settingsFromFlags(values), watchAnyFolder: true });
  const { sources } = cli.services;
  try {
    const collectionId = await resolveCollection(cli.services, values.collection, true);
    const last = new Map<string, string>();
    sources.onChanged((id, _collection, source) => {
      const line = source ? `${source.path}: ${describe(source)}` : `${id}: removed`;
      if (last.get(id) === line) return;
      last.set(id, line);
      process.stderr.write(`${line}\n`);
    });
    sources.onBackgroundJob((job) => {
      if (job.phase !== 'running' || job.overall === null) process.stderr.write(`${job.label}: ${job.phase}${job.error ? ` (${job.error})` : ''}\n`);
    });
    await sources.start();
    for (const folder of positionals) await sources.addPath(collectionId, folder);
    await sources.idle();
    if (values.once) {
      if (values.json) process.stdout.write(`${JSON.stringify({ collectionId, sources: await sources.list(collectionId) })}\n`);
      return 0;
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    return 0;
  } finally {
    await cli.close();
  }
}
