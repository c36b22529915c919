// A chunk's token ids, computed once where it is chunked (the ingest worker) and turned into the embedder's input
// tensors in the embedding worker, exactly as the tokenizer's own batch call would build them. Plain Node, any thread.
//
// [Note: tokenize once] The ingest worker needs the embedder's tokenizer to cut chunks at token limits; the embedding
// worker needs the same tokenizer's ids. Encoding each chunk twice, on two threads, cost the static model (whose whole
// work is tokenizing) most of its import throughput. So the ingest worker encodes each final chunk once and sends its
// ids with its text; the embedding worker uses them when both threads loaded the same tokenizer (same fingerprint of
// tokenizer.json and its config), and tokenizes the text otherwise. Truncation and padding happen in the embedding
// worker, as the tokenizer does them (truncate to model_max_length, pad right or left with the pad id).
import crypto from 'node:crypto';
import { Tensor } from '@huggingface/transformers';
import { isWordAdditive, SELF_CHECK } from '../ingest/tokenCounter';

/** The part of a transformers.js PreTrainedTokenizer used here. */
export interface IdTokenizer {
  encode(text: string, options?: { add_special_tokens?: boolean }): number[];
  _tokenizerJSON?: unknown;
  _tokenizerConfig?: unknown;
}

export interface TokenEncoder {
  /** The text's ids with the special tokens, untruncated. */
  encode(text: string): Int32Array;
}

/** Identifies a tokenizer by what it was built from: equal fingerprints encode every text alike. */
export function tokenizerFingerprint(tokenizer: IdTokenizer): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify(tokenizer._tokenizerJSON ?? null))
    .update('\0')
    .update(JSON.stringify(tokenizer._tokenizerConfig ?? null))
    .digest('hex');
}

const WORD_SEPARATOR = /[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const MAX_CACHE_ENTRIES = 200_000;
const MAX_CACHED_WORD_LENGTH = 48;

/**
 * Encodes texts with a word cache when the tokenizer is word-additive (see [Note: token counts add up word by word]):
 * the ids of a text are the special prefix, each whitespace-separated word's ids, then the special suffix. A self-check
 * at creation falls back to encoding whole texts if the shortcut ever disagrees.
 */
export function createTokenEncoder(tokenizer: IdTokenizer): TokenEncoder {
  const direct: TokenEncoder = { encode: (text) => Int32Array.from(tokenizer.encode(text, { add_special_tokens: true })) };
  if (!isWordAdditive(tokenizer._tokenizerJSON)) return direct;
  // where the text goes between the special tokens: found from one probe word
  const bare = tokenizer.encode('a', { add_special_tokens: false });
  const full = tokenizer.encode('a', { add_special_tokens: true });
  const at = full.findIndex((_, i) => bare.length > 0 && bare.every((id, j) => full[i + j] === id));
  if (at < 0) return direct;
  const prefix = full.slice(0, at);
  const suffix = full.slice(at + bare.length);
  const cache = new Map<string, number[]>();
  const wordIds = (word: string): number[] => {
    let ids = cache.get(word);
    if (ids === undefined) {
      ids = tokenizer.encode(word, { add_special_tokens: false });
      if (word.length <= MAX_CACHED_WORD_LENGTH) {
        if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
        cache.set(word, ids);
      }
    }
    return ids;
  };
  const cached: TokenEncoder = {
    encode(text) {
      const out: number[] = [...prefix];
      for (const word of text.split(WORD_SEPARATOR)) if (word !== '') for (const id of wordIds(word)) out.push(id);
      for (const id of suffix) out.push(id);
      return Int32Array.from(out);
    },
  };
  const agrees = SELF_CHECK.every((text) => {
    const a = cached.encode(text);
    const b = direct.encode(text);
    return a.length === b.length && a.every((id, i) => id === b[i]);
  });
  return agrees ? cached : direct;
}

/** How the embedder's tokenizer builds a batch (read once from the loaded tokenizer). */
export interface BatchShape {
  /** The tensors the tokenizer returns for one sequence (input_ids, attention_mask, maybe token_type_ids). */
  keys: readonly string[];
  padTokenId: number;
  paddingSide: 'left' | 'right';
  /** The tokenizer's model_max_length: longer ids are cut there, as `truncation: true` does. */
  maxLength: number;
}

/**
 * The input tensors for a pass from pre-computed ids, as `tokenizer(texts, { padding: true, truncation: true })` builds
 * them: each row truncated to maxLength, padded to the longest row; the mask 1 on tokens; other keys (single-sequence
 * token type ids) 0.
 */
export function batchFromIds(rows: readonly ArrayLike<number>[], shape: BatchShape): Record<string, Tensor> {
  const lengths = rows.map((r) => Math.min(r.length, shape.maxLength));
  const seq = Math.max(...lengths);
  const n = rows.length * seq;
  const ids = new BigInt64Array(n);
  const mask = new BigInt64Array(n);
  const pad = BigInt(shape.padTokenId);
  rows.forEach((row, r) => {
    const len = lengths[r]!;
    const offset = shape.paddingSide === 'right' ? 0 : seq - len;
    const base = r * seq;
    for (let i = 0; i < seq; i++) ids[base + i] = pad;
    for (let i = 0; i < len; i++) {
      ids[base + offset + i] = BigInt(row[i]!);
      mask[base + offset + i] = 1n;
    }
  });
  const dims = [rows.length, seq];
  const out: Record<string, Tensor> = {};
  for (const key of shape.keys) out[key] = key === 'input_ids' ? new Tensor('int64', ids, dims) : key === 'attention_mask' ? new Tensor('int64', mask, dims) : new Tensor('int64', new BigInt64Array(n), dims);
  return out;
}
