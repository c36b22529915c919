// Bench (e): the built-in engine on the real stories260K GGUF (load, first token, tokens per second, cold and
// warm), and Loci's own overhead before the first token for both engines (Send → request handed to the engine,
// retrieval included) through the whole chat path on a small real-text collection; Ollama is the stand-in.
import fs from 'node:fs';
import path from 'node:path';
import { median } from '../../services/metrics/statistics';
import { openCliServices, temporaryDataDir } from '../cliContext';
import { importOwnTextCollection, type BenchSources } from './benchCorpus';
import { stats, type LatencyStats } from './benchQueries';

export interface EngineBenchResult {
  model: string;
  threads: number;
  /** First answer after start: process start and model load included in its first token. */
  cold: { loadMs: number | null; ttftMs: number | null; tokensPerSecond: number | null };
  warm: { answers: number; ttftMs: LatencyStats; medianTokensPerSecond: number | null; medianCompletionTokens: number | null };
  /** Send → request handed to the engine, ms, per engine. */
  overheadMs: { builtin: LatencyStats | null; ollama: LatencyStats | null };
}

export async function benchEngines(options: { entryUrl: string; sources: BenchSources; modelDir: string; ggufPath: string; quick: boolean; ollamaUrl: string; log: (l: string) => void }): Promise<EngineBenchResult> {
  const dataDir = temporaryDataDir();
  const folder = path.join(dataDir, 'gguf-folder');
  fs.mkdirSync(folder);
  fs.symlinkSync(options.ggufPath, path.join(folder, path.basename(options.ggufPath)));
  const threads = 1; // the machine is shared; one thread gives steadier figures
  const cli = openCliServices({
    entryUrl: options.entryUrl,
    dataDir,
    removeOnClose: true,
    settings: { embedderModelDir: options.modelDir, embedderModelId: 'loci/glove-wordpiece-100d', embedderDtype: 'q8', ollamaUrl: options.ollamaUrl, builtinModelsDir: folder, builtinThreads: threads },
  });
  try {
    const { services } = cli;
    const engine = services.engines.get('builtin');
    const name = path.basename(options.ggufPath).replace(/\.gguf$/i, '');
    const messages = [
      { role: 'system' as const, content: 'You tell short stories for children.' },
      { role: 'user' as const, content: 'Tell me a story about a little girl and her dog.' },
    ];
    const answer = () => engine.streamAnswer({ model: name, messages, temperature: 0.7, contextLength: 2048, signal: new AbortController().signal, onDelta: () => undefined });
    options.log(`  built-in engine: cold answer with ${name}…`);
    const cold = await answer();
    if (cold.error) throw cold.error;
    const warmRuns = options.quick ? 3 : 10;
    options.log(`  built-in engine: ${warmRuns} warm answers…`);
    const ttfts: number[] = [];
    const tps: number[] = [];
    const completions: number[] = [];
    for (let i = 0; i < warmRuns; i++) {
      const warm = await answer();
      if (warm.error) throw warm.error;
      if (warm.timing.ttftMs !== null) ttfts.push(warm.timing.ttftMs);
      if (warm.timing.tokensPerSecond !== null) tps.push(warm.timing.tokensPerSecond);
      if (warm.timing.completionTokens !== null) completions.push(warm.timing.completionTokens);
    }

    options.log('  chat overhead per engine: importing a small real-text collection…');
    const { collectionId, sentences } = await importOwnTextCollection(services, options.sources, dataDir);
    const questions = sentences.filter((_, i) => i % 7 === 0).slice(0, options.quick ? 4 : 20);
    const overheadFor = async (model: string): Promise<LatencyStats | null> => {
      const values: number[] = [];
      for (const q of questions) {
        const conversation = services.conversations.create({ title: 'bench', collectionId, model, temperature: 0, contextLength: 2048 });
        const message = await services.chat.send({ conversationId: conversation.id, text: q, withoutDocuments: false }, { signal: new AbortController().signal, emit: () => undefined });
        if (message.metrics && message.metrics.outcome === 'ok') values.push(message.metrics.overheadMs);
      }
      return values.length > 0 ? stats(values) : null;
    };
    options.log('  chat overhead: built-in engine…');
    const builtin = await overheadFor(`builtin:${name}`);
    options.log('  chat overhead: Ollama (stand-in)…');
    const ollama = await overheadFor('ollama:llama3.2:3b');
    return {
      model: name,
      threads,
      cold: { loadMs: cold.timing.loadMs, ttftMs: cold.timing.ttftMs, tokensPerSecond: cold.timing.tokensPerSecond },
      warm: { answers: warmRuns, ttftMs: stats(ttfts), medianTokensPerSecond: median(tps), medianCompletionTokens: median(completions) },
      overheadMs: { builtin, ollama },
    };
  } finally {
    await cli.close();
  }
}
