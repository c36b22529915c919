// `loci ask "<question>"`: one cited answer from a collection through a model's engine, streamed to the terminal.
import { parseArgs } from 'node:util';
import { modelKey, parseModelKey } from '../../../shared/contract/models';
import { COMMON_OPTIONS, openCliServices, resolveCollection, settingsFromFlags, UsageError } from '../cliContext';

export async function askCommand(args: string[], entryUrl: string): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { ...COMMON_OPTIONS, model: { type: 'string' } }, allowPositionals: true });
  const question = positionals.join(' ').trim();
  if (!question) throw new UsageError('loci ask "<question>" [--model NAME] [--collection NAME] [--json]');
  const cli = openCliServices({ entryUrl, ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}), settings: settingsFromFlags(values) });
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const { services } = cli;
    const collectionId = await resolveCollection(services, values.collection, false);
    const conversation = services.conversations.create({ title: `CLI: ${question.slice(0, 50)}`, collectionId, model: values.model ? modelKey(parseModelKey(values.model)) : null, temperature: services.settings.get().defaultTemperature, contextLength: null });
    const message = await services.chat.send(
      { conversationId: conversation.id, text: question, withoutDocuments: false },
      { signal: controller.signal, emit: (patch) => (!values.json && patch.delta ? process.stdout.write(patch.delta) : undefined) },
    );
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ conversationId: conversation.id, message })}\n`);
    } else {
      if (message.status === 'no-context' || (message.status === 'error' && !message.content)) process.stdout.write(message.content || '');
      process.stdout.write('\n');
      if (message.error) process.stderr.write(`${message.status === 'incomplete' ? 'Incomplete: ' : ''}${message.error.message}\n`);
      if (message.passages.length > 0) {
        process.stdout.write('\nSources:\n');
        message.passages.forEach((p, i) => process.stdout.write(`[${i + 1}] ${p.documentName}${p.page !== null ? `, p. ${p.page}` : ''}${p.headingPath.length ? ` — ${p.headingPath.join(' › ')}` : ''}\n`));
      }
      const m = message.metrics;
      if (m) process.stdout.write(`\n${m.model} · first token ${m.ttftMs?.toFixed(0) ?? '—'} ms · ${m.tokensPerSecond?.toFixed(1) ?? '—'} tok/s · ${m.promptTokens ?? '—'}→${m.completionTokens ?? '—'} tokens · ${(m.totalMs / 1000).toFixed(2)} s\n`);
    }
    return message.status === 'complete' || message.status === 'no-context' ? 0 : 3;
  } finally {
    process.off('SIGINT', onSigint);
    await cli.close();
  }
}
