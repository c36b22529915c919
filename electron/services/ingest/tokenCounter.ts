// Token counting with the embedder's own tokenizer (transformers.js), with a word cache for BERT-style tokenizers; plain Node.
import type { TokenCounter } from './extractedDocument';

/** The part of a transformers.js PreTrainedTokenizer the counter uses. */
export interface CountableTokenizer {
  encode(text: string, options?: { add_special_tokens?: boolean }): number[];
  /** The parsed tokenizer.json, used to decide whether counts add up word by word. */
  _tokenizerJSON?: unknown;
}

export interface TokenCounterOptions {
  /** Use the word cache when the tokenizer allows it (default true); false always encodes whole texts. */
  wordCache?: boolean;
}

/** Whitespace that BERT's normaliser turns into a plain space (JS `\s` minus the control characters it deletes). */
const WORD_SEPARATOR = /[\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const MAX_CACHE_ENTRIES = 200_000;
const MAX_CACHED_WORD_LENGTH = 48;

// [Note: token counts add up word by word]
// A WordPiece tokenizer with a BERT normaliser and pre-tokeniser never lets a token span whitespace: the normaliser works
// character by character (lowercase, accents, spaces around CJK ideographs, control characters dropped) and the
// pre-tokeniser splits on whitespace and punctuation before WordPiece sees anything. So the count of a text is the
// special tokens plus the sum of its whitespace-separated words' counts, and each distinct word needs encoding once.
// This makes counting several times faster than encoding, which matters because the chunker counts every sentence and
// then every final chunk. Other tokenizers (BPE, SentencePiece) encode whole texts. A self-check at creation falls back
// to whole-text encoding if the shortcut ever disagrees.

/** Adapts a transformers.js tokenizer to TokenCounter: counts include special tokens ([CLS]/[SEP]); no truncation. */
export function createTokenCounter(tokenizer: CountableTokenizer, options: TokenCounterOptions = {}): TokenCounter {
  const encodeCount = (text: string): number => tokenizer.encode(text, { add_special_tokens: true }).length;
  const direct: TokenCounter = { count: (texts) => texts.map(encodeCount) };
  if (options.wordCache === false || !isWordAdditive(tokenizer._tokenizerJSON)) return direct;

  const special = encodeCount('');
  const cache = new Map<string, number>();
  const wordCount = (word: string): number => {
    let n = cache.get(word);
    if (n === undefined) {
      n = tokenizer.encode(word, { add_special_tokens: false }).length;
      if (word.length <= MAX_CACHED_WORD_LENGTH) {
        if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
        cache.set(word, n);
      }
    }
    return n;
  };
  const countOne = (text: string): number => {
    let n = special;
    for (const word of text.split(WORD_SEPARATOR)) if (word !== '') n += wordCount(word);
    return n;
  };
  const cached: TokenCounter = { count: (texts) => texts.map(countOne) };
  return agreesOnSample(cached, direct) ? cached : direct;
}

export function isWordAdditive(json: unknown): boolean {
  if (!json || typeof json !== 'object') return false;
  const config = json as { normalizer?: { type?: string } | null; pre_tokenizer?: { type?: string } | null; model?: { type?: string }; added_tokens?: { content?: string }[] };
  const normalizerOk = config.normalizer === null || config.normalizer?.type === 'BertNormalizer';
  const preTokenizerOk = ['BertPreTokenizer', 'Whitespace', 'WhitespaceSplit'].includes(config.pre_tokenizer?.type ?? '');
  const addedTokensOk = (config.added_tokens ?? []).every((token) => !/\s/.test(token.content ?? ''));
  return normalizerOk && preTokenizerOk && config.model?.type === 'WordPiece' && addedTokensOk;
}

export const SELF_CHECK = [
  '',
  'The quick brown fox — naïve café, déjà vu! 3.14159 e.g. U.S.A. [MASK] [CLS]x',
  '中文句子，没有空格。日本語の文章です。한국어 문장입니다. العربية habibi',
  'tab\tseparated\u00a0nbsp\u3000ideographic\u2028line  \n\n  indented\u200bzero\ufeffwidth',
  'supercalifragilisticexpialidocious '.repeat(3) + 'x'.repeat(150) + ' a+b/c==d',
];

function agreesOnSample(fast: TokenCounter, reference: TokenCounter): boolean {
  const a = fast.count(SELF_CHECK);
  const b = reference.count(SELF_CHECK);
  return a.every((n, i) => n === b[i]);
}

/**
 * Loads a tokenizer from a local models folder (`<modelsDir>/<modelId>/tokenizer.json`), never from the network, and
 * wraps it in a TokenCounter. transformers.js is imported lazily: it is heavy and only this needs it.
 */
export async function loadTokenCounter(modelsDir: string, modelId: string, options: TokenCounterOptions = {}): Promise<TokenCounter> {
  const { AutoTokenizer, env } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = modelsDir.endsWith('/') ? modelsDir : `${modelsDir}/`;
  const tokenizer = await AutoTokenizer.from_pretrained(modelId);
  return createTokenCounter(tokenizer, options);
}
