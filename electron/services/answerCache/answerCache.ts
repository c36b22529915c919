// The semantic answer cache (services process): finished first-turn answers kept on disk under their key, matched
// by the normalised question, then by question-embedding similarity; bounded (least recently used out first), and
// emptied of a collection's entries when its content version changes. See [Note: answer cache].
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AnswerMetricsSchema, AnswerRouteSchema, PromptMessageSchema, type CachedAnswerInfo } from '../../../shared/contract/chat';
import { PassageSchema } from '../../../shared/contract/library';
import { GroundingReportSchema } from '../../../shared/contract/trust';
import type { Logger } from '../logging/logger';
import { guardTokens, normaliseQuestion } from './normaliseQuestion';

/*
 * [Note: answer cache]
 * Only a conversation's first question is cached, and looked up: a follow-up means what the turns before it make it
 * mean, and its standalone rewrite is itself a model's output, so two equal follow-ups need not be one question.
 * Only complete, grounded answers are stored (no errors, no stopped answers, no "nothing relevant", none without
 * documents). The key (answerCacheKey.ts) holds the collection's content version, so an entry can never be served
 * after its documents changed; entries of a changed collection are also deleted at once, to free their place.
 * A hit copies the original's text, passages (its citations), prompt and grounding; it spends no retrieval and no
 * generation. Regenerate and "Answer fresh" skip the lookup, and their answer replaces the entry.
 */

const EntrySchema = z.object({
  /** The original answer's message id. */
  id: z.string(),
  key: z.string(),
  collectionId: z.string(),
  collectionVersion: z.string(),
  question: z.string(),
  guard: z.string(),
  /** The question's embedding (little-endian float32, base64); null when the embedder gave none. */
  vector: z.string().nullable(),
  answeredAt: z.number(),
  lastUsedAt: z.number(),
  hits: z.number().int().nonnegative(),
  model: z.string(),
  promptTemplate: z.object({ id: z.string(), version: z.number().int() }).nullable(),
  content: z.string(),
  passages: z.array(PassageSchema),
  withheldPassages: z.array(PassageSchema).optional(),
  prompt: z.array(PromptMessageSchema),
  grounding: GroundingReportSchema.nullable().optional(),
  metrics: AnswerMetricsSchema,
  route: AnswerRouteSchema.nullable().optional(),
});
export type CacheEntry = z.infer<typeof EntrySchema>;
const FileSchema = z.object({ version: z.literal(1), entries: z.array(z.unknown()) });

export type NewCacheEntry = Omit<CacheEntry, 'question' | 'guard' | 'vector' | 'lastUsedAt' | 'hits'> & { question: string; vector: Float32Array | null };

export interface CacheHit {
  entry: CacheEntry;
  match: CachedAnswerInfo['match'];
  similarity: number;
}

export interface AnswerCache {
  /** The best entry for this question under this key: the exact normalised question first, then the most similar above `minSimilarity`. */
  lookup(input: { key: string; question: string; vector: Float32Array | null; minSimilarity: number }): CacheHit | null;
  /** Stores (or replaces) the answer for this question under this key, then trims to `maxEntries`. */
  put(entry: NewCacheEntry, maxEntries: number): void;
  /** Deletes the entries of a collection whose version is not `current` (null: the collection is gone; all of them). */
  invalidate(collectionId: string, current: string | null): number;
  /** Collections that have entries. */
  collections(): string[];
  size(): number;
  clear(): void;
  /** Resolves when what was changed so far is on disk. */
  flush(): Promise<void>;
}

const encodeVector = (v: Float32Array): string => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
function decodeVector(text: string): Float32Array | null {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength === 0 || bytes.byteLength % 4 !== 0) return null;
  const copy = new Uint8Array(bytes);
  return new Float32Array(copy.buffer);
}

/** Cosine similarity; 0 for vectors of other lengths or without norm (a stored vector of another embedder). */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export function openAnswerCache(options: { file: string; logger: Logger; now?: () => number }): AnswerCache {
  const log = options.logger.child('answer-cache');
  const now = options.now ?? Date.now;
  const entries = new Map<string, CacheEntry>();
  const vectors = new Map<string, Float32Array | null>();
  // one entry per (key, question): a new answer to it replaces the old one
  const slot = (e: Pick<CacheEntry, 'key' | 'question'>): string => `${e.key}\u0000${e.question}`;
  const bySlot = new Map<string, string>();

  const remember = (e: CacheEntry): void => {
    const previous = bySlot.get(slot(e));
    if (previous && previous !== e.id) forget(previous);
    entries.set(e.id, e);
    vectors.set(e.id, e.vector ? decodeVector(e.vector) : null);
    bySlot.set(slot(e), e.id);
  };
  const forget = (id: string): void => {
    const e = entries.get(id);
    if (!e) return;
    entries.delete(id);
    vectors.delete(id);
    if (bySlot.get(slot(e)) === id) bySlot.delete(slot(e));
  };

  try {
    if (fs.existsSync(options.file)) {
      const parsed = FileSchema.safeParse(JSON.parse(fs.readFileSync(options.file, 'utf8')));
      if (!parsed.success) throw new Error('not an answer cache file');
      for (const raw of parsed.data.entries) {
        // one bad entry is dropped alone
        const entry = EntrySchema.safeParse(raw);
        if (entry.success) remember(entry.data);
      }
    }
  } catch (error) {
    // a cache is only a cache: an unreadable file is set aside and Loci starts with an empty one
    log.warn('answer cache unreadable; starting empty', { error });
    fs.rmSync(options.file, { force: true });
  }

  let writing: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = (): void => {
    timer = null;
    const content = JSON.stringify({ version: 1, entries: [...entries.values()] });
    writing = writing
      .then(async () => {
        await fs.promises.mkdir(path.dirname(options.file), { recursive: true });
        const tmp = `${options.file}.tmp`;
        await fs.promises.writeFile(tmp, content);
        await fs.promises.rename(tmp, options.file);
      })
      .catch((error: unknown) => log.warn('could not write the answer cache', { error }));
  };
  // writes are batched: a burst of changes is one rewrite of the file
  const schedule = (): void => {
    timer ??= setTimeout(write, 250);
  };

  return {
    lookup({ key, question, vector, minSimilarity }) {
      const normalised = normaliseQuestion(question);
      const exactId = bySlot.get(slot({ key, question: normalised }));
      let hit: CacheHit | null = null;
      const exact = exactId ? entries.get(exactId) : undefined;
      if (exact) hit = { entry: exact, match: 'exact', similarity: 1 };
      else if (vector) {
        const guard = guardTokens(question);
        let best: CacheHit | null = null;
        for (const e of entries.values()) {
          if (e.key !== key || e.guard !== guard) continue;
          const v = vectors.get(e.id);
          if (!v) continue;
          const similarity = cosineSimilarity(vector, v);
          if (similarity >= minSimilarity && (!best || similarity > best.similarity)) best = { entry: e, match: 'similar', similarity };
        }
        hit = best;
      }
      if (hit) {
        hit.entry.lastUsedAt = now();
        hit.entry.hits += 1;
        schedule();
      }
      return hit;
    },
    put(input, maxEntries) {
      const { vector, question, ...rest } = input;
      const at = now();
      remember({ ...rest, question: normaliseQuestion(question), guard: guardTokens(question), vector: vector ? encodeVector(vector) : null, lastUsedAt: at, hits: 0 });
      if (entries.size > maxEntries) {
        const oldest = [...entries.values()].sort((a, b) => a.lastUsedAt - b.lastUsedAt).slice(0, entries.size - maxEntries);
        for (const e of oldest) forget(e.id);
      }
      schedule();
    },
    invalidate(collectionId, current) {
      let removed = 0;
      for (const e of [...entries.values()]) {
        if (e.collectionId === collectionId && e.collectionVersion !== current) {
          forget(e.id);
          removed++;
        }
      }
      if (removed > 0) schedule();
      return removed;
    },
    collections: () => [...new Set([...entries.values()].map((e) => e.collectionId))],
    size: () => entries.size,
    clear() {
      entries.clear();
      vectors.clear();
      bySlot.clear();
      schedule();
    },
    flush() {
      if (timer) {
        clearTimeout(timer);
        write();
      }
      return writing;
    },
  };
}
