// Real text for the benchmarks, read from the shared fixtures: files cut from real documents, real sentences,
// and real queries (SciFact and XQuAD questions).
import fs from 'node:fs';
import path from 'node:path';
import type { Services } from '../../services/createServices';

export interface BenchSources {
  fixturesDir: string;
}

/** Writes `count` files of about `bytes` each, cut at line breaks from real documents, into dir. */
export function writeRealTextFiles(sources: BenchSources, dir: string, count: number, bytes: number): string[] {
  const text = realText(sources);
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    if (offset + bytes >= text.length) offset = 0;
    let end = text.indexOf('\n', offset + bytes);
    if (end < 0) end = text.length;
    const file = path.join(dir, `doc-${String(i).padStart(5, '0')}.txt`);
    fs.writeFileSync(file, text.slice(offset, end).trim());
    files.push(file);
    offset = end + 1;
  }
  return files;
}

/**
 * `count` real documents of their natural lengths: one SciFact abstract (title and text) a file, in corpus order.
 * Their chunks vary in length as a user's files do (the last chunk of each is short), where the fixed-size slices
 * of writeRealTextFiles give chunks of nearly one length.
 */
export function writeAbstractFiles(sources: BenchSources, dir: string, count: number): string[] {
  const abstracts = fs
    .readFileSync(path.join(sources.fixturesDir, 'scifact-dev', 'corpus.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, count)
    .map((line) => JSON.parse(line) as { title: string; text: string });
  fs.mkdirSync(dir, { recursive: true });
  return abstracts.map((d, i) => {
    const file = path.join(dir, `abstract-${String(i).padStart(5, '0')}.txt`);
    fs.writeFileSync(file, `${d.title}\n${d.text}`);
    return file;
  });
}

let cachedText: string | null = null;
/** Shakespeare, SciFact abstracts and The Art of Command Line, concatenated (about 9 MB). */
export function realText(sources: BenchSources): string {
  if (cachedText) return cachedText;
  const docs = path.join(sources.fixturesDir, 'documents');
  const scifact = fs
    .readFileSync(path.join(sources.fixturesDir, 'scifact-dev', 'corpus.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const d = JSON.parse(line) as { title: string; text: string };
      return `${d.title}\n${d.text}`;
    })
    .join('\n\n');
  cachedText = [fs.readFileSync(path.join(docs, 'txt', 'tinyshakespeare.txt'), 'utf8'), scifact, fs.readFileSync(path.join(docs, 'md', 'art-of-command-line-en.md'), 'utf8')].join('\n\n');
  return cachedText;
}

/** Real questions: the SciFact claims and the XQuAD questions. */
export function realQueries(sources: BenchSources): string[] {
  const scifact = fs
    .readFileSync(path.join(sources.fixturesDir, 'scifact-dev', 'queries.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { text: string }).text);
  const xquad = fs
    .readFileSync(path.join(sources.fixturesDir, 'qa-xquad-en-dev', 'questions.dev.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { question: string }).question);
  return [...scifact, ...xquad];
}

/** Distinct lowercase words of the real text, for generated passages. */
export function realVocabulary(sources: BenchSources): string[] {
  return [...new Set(realText(sources).toLowerCase().match(/[a-z]{3,}/g) ?? [])];
}

/** A small deterministic PRNG (mulberry32), so generated data is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Imports 8 files of real text into the first collection and returns the collection with the files' own sentences
 * (6+ words, at most 200 characters): questions the collection answers, so the relevance gate lets them through.
 */
export async function importOwnTextCollection(services: Services, sources: BenchSources, dataDir: string): Promise<{ collectionId: string; sentences: string[] }> {
  const docsDir = path.join(dataDir, 'docs');
  fs.mkdirSync(docsDir);
  const files = writeRealTextFiles(sources, docsDir, 8, 4000);
  const collectionId = (await services.library.collections())[0]!.id;
  await services.library.import({ collectionId, sources: files.map((file) => ({ kind: 'path' as const, path: file })), reindexDocumentIds: [], reindexAll: false }, { signal: new AbortController().signal, emit: () => undefined });
  const sentences = files.flatMap((file) => fs.readFileSync(file, 'utf8').split(/(?<=[.!?])\s+/).map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => t.split(' ').length >= 6 && t.length <= 200));
  return { collectionId, sentences };
}
