// The chunks' full-text index (runs in the process that owns the library database): how it is built (LanceDB's simple
// tokenizer with token positions, for phrases), which recipe an existing library's index was built with, and how
// any string a user types becomes a LanceDB full-text query that cannot fail on syntax.
import fs from 'node:fs';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { z } from 'zod';
import { readJsonFile } from '../dataFiles/readJsonFile';

/**
 * 1: no positions (phrase queries fail). 2: with positions, so quoted phrases are phrase searches.
 * [Note: tokenizer choice] measured BM25 nDCG@10 on whole SciFact abstracts: simple 0.695 (train) / 0.780 (dev),
 * ICU segmentation 0.694 / 0.768, character n-grams (2-3) 0.660 and 45 times slower per query. So English keeps
 * the simple tokenizer, and text in scripts written without spaces (which it keeps as one long token) is found
 * by substring instead (parseUserQuery's unspacedRuns), 16 of 16 Chinese and Japanese substrings in the tests.
 */
export const FTS_INDEX_VERSION = 2;

export const ftsIndexConfig = (): lancedb.Index => lancedb.Index.fts({ withPosition: true, baseTokenizer: 'simple' });

const FtsIndexFileSchema = z.object({ version: z.number().int().positive() });

/**
 * Which recipe built the index on disk: a sidecar file, since LanceDB does not report an index's parameters. None, or
 * one that cannot be read, is the first recipe's: the index is then rebuilt with the current one.
 */
export function readFtsIndexVersion(dir: string): number {
  const read = readJsonFile(path.join(dir, 'fts-index.json'), FtsIndexFileSchema);
  return read.state === 'ok' ? read.value.version : 1;
}

export function writeFtsIndexVersion(dir: string, version: number): void {
  const file = path.join(dir, 'fts-index.json');
  fs.writeFileSync(`${file}.tmp`, JSON.stringify({ version }));
  fs.renameSync(`${file}.tmp`, file);
}

/** Longer queries add nothing to BM25 but cost time per term: the head of the query is searched. */
const MAX_QUERY_CHARS = 1000;
const MAX_PHRASES = 8;

export interface ParsedQuery {
  /** Text of balanced double-quoted segments, searched as phrases when the index has positions. */
  phrases: string[];
  /** Everything else, as plain words (syntax characters are separators). */
  words: string;
  /** Runs of scripts written without spaces (Chinese, Japanese, Thai...), matched as substrings too. */
  unspacedRuns: string[];
}

// full-text syntax and other punctuation are separators; letters, marks and digits of any script are kept
const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/gu;
const UNSPACED_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u30fc]+/gu;

const clean = (text: string): string => text.replace(SEPARATORS, ' ').replace(/\s+/g, ' ').trim();

/** Never throws: any string parses, possibly to nothing to search for. */
export function parseUserQuery(raw: string): ParsedQuery {
  // lone surrogates and other broken text become separators through the character classes
  const text = raw.normalize('NFKC').slice(0, MAX_QUERY_CHARS).replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"');
  const phrases: string[] = [];
  let rest = '';
  let last = 0;
  for (const match of text.matchAll(/"([^"]*)"/g)) {
    rest += ` ${text.slice(last, match.index)}`;
    last = match.index + match[0].length;
    const phrase = clean(match[1] ?? '');
    if (phrase.includes(' ') && phrases.length < MAX_PHRASES) phrases.push(phrase);
    else rest += ` ${phrase}`;
  }
  rest += ` ${text.slice(last)}`;
  const words = clean(rest);
  const unspacedRuns = [...new Set([...text.matchAll(UNSPACED_RUN)].map((m) => m[0]))].slice(0, MAX_PHRASES);
  return { phrases, words, unspacedRuns };
}

/** The query for LanceDB, or null when nothing is left to search for. Phrases are required; words rank. */
export function buildFullTextQuery(parsed: ParsedQuery, column: string, withPositions: boolean): lancedb.FullTextQuery | null {
  const phrases = withPositions ? parsed.phrases : [];
  const words = withPositions ? parsed.words : [parsed.words, ...parsed.phrases].join(' ').trim();
  if (phrases.length === 0) return words ? new lancedb.MatchQuery(words, column) : null;
  const clauses: [lancedb.Occur, lancedb.FullTextQuery][] = phrases.map((p) => [lancedb.Occur.Must, new lancedb.PhraseQuery(p, column)]);
  if (words) clauses.push([lancedb.Occur.Should, new lancedb.MatchQuery(words, column)]);
  return clauses.length === 1 ? clauses[0]![1] : new lancedb.BooleanQuery(clauses);
}

/** The same query with its phrases loosened to words: the retry when no passage holds the exact phrase. */
export const loosened = (parsed: ParsedQuery): ParsedQuery => ({ ...parsed, phrases: [], words: [parsed.words, ...parsed.phrases].join(' ').trim() });
