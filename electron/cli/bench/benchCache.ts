// Bench (g): the answer cache. A hit's latency (Send → the whole cached answer) against a fresh answer's time to
// first token (Send → first token through the whole chat path: cache lookup, retrieval, prompt, the engine), on a
// small real-text collection with the Ollama stand-in at its modelled speed (llama3.2:3b: first token 40 ms).
import { openCliServices, temporaryDataDir } from '../cliContext';
import { importOwnTextCollection, type BenchSources } from './benchCorpus';
import { stats, type LatencyStats } from './benchQueries';

export interface CacheBenchResult {
  questions: number;
  /** Send → first token of a generated answer (cache missed), ms. */
  freshTtftMs: LatencyStats;
  /** Send → the cached answer returned, ms. */
  hitMs: LatencyStats;
  /** Hits among the repeats (every repeat should hit). */
  hits: number;
}

export async function benchCache(options: { entryUrl: string; sources: BenchSources; modelDir: string; ollamaUrl: string; quick: boolean; log: (l: string) => void }): Promise<CacheBenchResult> {
  const dataDir = temporaryDataDir();
  const cli = openCliServices({
    entryUrl: options.entryUrl,
    dataDir,
    removeOnClose: true,
    settings: { embedderModelDir: options.modelDir, embedderModelId: 'loci/glove-wordpiece-100d', embedderDtype: 'q8', ollamaUrl: options.ollamaUrl },
  });
  try {
    const { services } = cli;
    const { collectionId, sentences } = await importOwnTextCollection(services, options.sources, dataDir);
    const questions = [...new Set(sentences.filter((_, i) => i % 5 === 0))].slice(0, options.quick ? 10 : 40);
    const ask = async (text: string): Promise<{ firstTokenMs: number | null; totalMs: number; cached: boolean; complete: boolean }> => {
      const conversation = services.conversations.create({ title: 'bench', collectionId, model: 'ollama:llama3.2:3b', temperature: 0, contextLength: 2048 });
      const started = performance.now();
      let firstTokenMs: number | null = null;
      const message = await services.chat.send(
        { conversationId: conversation.id, text, withoutDocuments: false },
        { signal: new AbortController().signal, emit: (patch) => void (patch.delta && firstTokenMs === null ? (firstTokenMs = performance.now() - started) : undefined) },
      );
      return { firstTokenMs, totalMs: performance.now() - started, cached: Boolean(message.cached), complete: message.status === 'complete' };
    };
    options.log(`  answer cache: ${questions.length} questions fresh, then again…`);
    const fresh: number[] = [];
    const hits: number[] = [];
    const asked: string[] = [];
    for (const q of questions) {
      const first = await ask(q);
      // only a complete answer is cached (a "nothing relevant" one is not)
      if (!first.complete || first.cached || first.firstTokenMs === null) continue;
      fresh.push(first.firstTokenMs);
      asked.push(q);
    }
    for (const q of asked) {
      const again = await ask(q);
      if (again.cached) hits.push(again.totalMs);
    }
    if (fresh.length === 0 || hits.length === 0) throw new Error('the answer cache benchmark got no complete answers or no hits');
    return { questions: asked.length, freshTtftMs: stats(fresh), hitMs: stats(hits), hits: hits.length };
  } finally {
    await cli.close();
  }
}
