// The token counter matches the real tokenizer's encode() exactly, with and without its word cache.
import { beforeAll, describe, expect, it } from 'vitest';
import { chunkDocument, DEFAULT_CHUNKING } from './chunkDocument';
import { IngestProblem, type ExtractedDocument, type TokenCounter } from './extractedDocument';
import { TOKENIZER_DIR, TOKENIZER_ID, fixtureNames, readFixture } from './ingestTestAssets';
import { parseDocument } from './parsers/parseDocument';
import { createTokenCounter, loadTokenCounter } from './tokenCounter';

let cached: TokenCounter;
let direct: TokenCounter;

beforeAll(async () => {
  cached = await loadTokenCounter(TOKENIZER_DIR, TOKENIZER_ID);
  direct = await loadTokenCounter(TOKENIZER_DIR, TOKENIZER_ID, { wordCache: false });
}, 60_000);

describe('token counter', () => {
  it('counts special tokens and does not truncate', () => {
    expect(direct.count([''])).toEqual([2]);
    expect(direct.count(['hello world'])).toEqual([4]);
    const long = 'word '.repeat(1000);
    expect(cached.count([long])).toEqual([1002]);
    expect(direct.count([long])).toEqual([1002]);
  });

  it('agrees with whole-text encoding on every fixture chunk and on awkward strings', async () => {
    const texts: string[] = ['a\ufeffb c', 'x\u000by\u0085z', 'e\u0301 café', '[MASK]foo [CLS]bar', '\u0000\u0001', 'tab\there', 'ΣΑΣ ΟΔΟΣ', 'x'.repeat(150), '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🎉'];
    for (const name of fixtureNames()) {
      let d: ExtractedDocument;
      try {
        d = await parseDocument(readFixture(name), name.split('/')[1] ?? name);
      } catch (error) {
        if (error instanceof IngestProblem) continue;
        throw error;
      }
      const chunks = chunkDocument(d, cached, DEFAULT_CHUNKING);
      // a sample of every fixture's chunks keeps the test quick
      texts.push(...chunks.filter((_, i) => i % 7 === 0).map((c) => c.text));
    }
    expect(cached.count(texts)).toEqual(direct.count(texts));
  }, 60_000);

  it('falls back to whole-text encoding for tokenizers whose counts do not add up by word', () => {
    const calls: string[] = [];
    const fake = {
      encode: (text: string) => {
        calls.push(text);
        return Array.from({ length: Math.ceil(text.length / 3) + 1 }, () => 0);
      },
      _tokenizerJSON: { normalizer: null, pre_tokenizer: { type: 'ByteLevel' }, model: { type: 'BPE' } },
    };
    expect(createTokenCounter(fake).count(['abcdef ghi'])).toEqual([5]);
    expect(calls).toEqual(['abcdef ghi']);
  });
});
