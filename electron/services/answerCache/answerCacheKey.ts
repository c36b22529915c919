// The answer cache's keys (any process, pure): a collection's content version, and the key of everything besides
// the question that changes an answer. Two requests with equal keys may share an answer; anything else may not.
import crypto from 'node:crypto';
import type { DocumentInfo } from '../../../shared/contract/library';
import type { Settings } from '../../../shared/contract/settings';

const sha = (value: unknown): string => crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);

/** What identifies the embedder an index was built with (see database/indexMeta.ts). */
export interface EmbedderIdentity {
  embedderId: string;
  dimension: number;
  dtype?: string | undefined;
}

/**
 * A collection's content version: a digest of its documents (id, state, chunk count, last write) and the index's
 * embedder. Every import or re-index of a document rewrites its `updatedAt`, a removal drops it, and an embedder
 * change resets the index meta, so each of those gives a new version; it is derived from the library database, so it is the
 * same after a restart and needs no counter of its own.
 */
export function collectionVersion(documents: readonly Pick<DocumentInfo, 'id' | 'status' | 'chunkCount' | 'updatedAt' | 'embedder'>[], embedder: EmbedderIdentity | null): string {
  const rows = documents.map((d) => [d.id, d.status, d.chunkCount, d.updatedAt, d.embedder]).sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  return sha({ embedder: embedder ? [embedder.embedderId, embedder.dimension, embedder.dtype ?? null] : null, rows });
}

export interface AnswerKeyParts {
  collectionId: string;
  collectionVersion: string;
  /** The model key, or for Auto `auto` with its tiers (so a tier change is a new key). */
  model: string;
  /** "id@version" of the prompt template. */
  promptTemplate: string;
  temperature: number;
  /** The collection's own instructions (workspace settings), null when it has none. */
  systemPrompt: string | null;
  /** Passages retrieved: the collection's top k, else Settings'. */
  topK: number;
  /** The window the answer is asked with (null: the model's own). */
  contextLength: number | null;
  settings: Pick<Settings, 'retrievalTopK' | 'retrievalFusion' | 'retrievalVectorWeight' | 'retrievalScoreFloor' | 'retrievalDiversity' | 'passageGuard' | 'groundingVerifyWithModel'>;
}

/** The settings of `Settings` that change what is retrieved, what the model is shown, or how the answer is checked. */
export const answerSettingsOf = (s: Settings): AnswerKeyParts['settings'] => ({
  retrievalTopK: s.retrievalTopK,
  retrievalFusion: s.retrievalFusion,
  retrievalVectorWeight: s.retrievalVectorWeight,
  retrievalScoreFloor: s.retrievalScoreFloor,
  retrievalDiversity: s.retrievalDiversity,
  passageGuard: s.passageGuard,
  groundingVerifyWithModel: s.groundingVerifyWithModel,
});

/** Bump when the meaning of a key changes, so entries written under the old meaning are never matched. */
const KEY_VERSION = 2;

export function answerKey(parts: AnswerKeyParts): string {
  const s = parts.settings;
  return sha([
    KEY_VERSION,
    parts.collectionId,
    parts.collectionVersion,
    parts.model,
    parts.promptTemplate,
    parts.temperature,
    parts.systemPrompt,
    parts.topK,
    parts.contextLength,
    s.retrievalTopK,
    s.retrievalFusion,
    // the vector weight matters only when the fusion is fixed
    s.retrievalFusion === 'auto' ? null : s.retrievalVectorWeight,
    s.retrievalScoreFloor,
    s.retrievalDiversity,
    s.passageGuard,
    s.groundingVerifyWithModel,
  ]);
}
