// `loci export`: a conversation or comparison as Markdown or JSON (stdout or --out FILE), and --list to see ids.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../../shared/contract/errors';
import { ExportFormatSchema } from '../../../shared/contract/export';
import { COMMON_OPTIONS, openCliServices, settingsFromFlags, UsageError } from '../cliContext';

export const EXPORT_USAGE = `Usage: loci export --conversation <id> [--format md|json] [--out FILE]
       loci export --comparison <id> [--format md|json] [--out FILE]
       loci export --list [--json]

Markdown (the default) holds the answers with their numbered sources (document, page) and grounding marks
(⚠ footnotes on sentences the sources do not support); JSON is the stored record. Without --out it prints to stdout.
`;

export async function exportCommand(args: string[], entryUrl: string): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ...COMMON_OPTIONS, conversation: { type: 'string' }, comparison: { type: 'string' }, format: { type: 'string', default: 'md' }, out: { type: 'string' }, list: { type: 'boolean', default: false } },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(EXPORT_USAGE);
    return 0;
  }
  const targets = [values.conversation, values.comparison, values.list ? true : undefined].filter((v) => v !== undefined);
  if (targets.length !== 1) throw new UsageError(EXPORT_USAGE);
  const format = ExportFormatSchema.safeParse(values.format);
  if (!format.success) throw new UsageError('--format is md or json');
  const cli = openCliServices({ entryUrl, ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}), settings: settingsFromFlags(values) });
  try {
    const { services } = cli;
    if (values.list) {
      const conversations = services.conversations.list().map((c) => ({ id: c.id, title: c.title, updatedAt: new Date(c.updatedAt).toISOString(), messages: c.messageCount }));
      const comparisons = services.compare.list().map((c) => ({ id: c.id, question: c.question, createdAt: new Date(c.createdAt).toISOString(), variants: c.variants.length }));
      if (values.json) process.stdout.write(`${JSON.stringify({ conversations, comparisons })}\n`);
      else {
        process.stdout.write(`Conversations (${conversations.length}):\n`);
        for (const c of conversations) process.stdout.write(`  ${c.id}  ${c.updatedAt.slice(0, 16).replace('T', ' ')}  ${c.messages} messages  ${c.title}\n`);
        process.stdout.write(`Comparisons (${comparisons.length}):\n`);
        for (const c of comparisons) process.stdout.write(`  ${c.id}  ${c.createdAt.slice(0, 16).replace('T', ' ')}  ${c.variants} variants  ${c.question.replace(/\s+/g, ' ').slice(0, 80)}\n`);
      }
      return 0;
    }
    let file;
    try {
      file = values.conversation ? await services.exports.conversation(values.conversation, format.data) : services.exports.comparison(values.comparison!, format.data);
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') {
        process.stderr.write(`${error.message} (see loci export --list).\n`);
        return 1;
      }
      throw error;
    }
    if (values.out) {
      const out = path.resolve(values.out);
      const tmp = `${out}.tmp-${process.pid}`;
      fs.writeFileSync(tmp, file.content);
      fs.renameSync(tmp, out);
      process.stderr.write(`Wrote ${out}\n`);
    } else process.stdout.write(file.content);
    return 0;
  } finally {
    await cli.close();
  }
}
