// Reads a BEIR-format folder: corpus.jsonl ({_id, title, text}), queries.jsonl ({_id, text}), qrels/test.tsv.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Qrels } from './retrievalMetrics';

const CorpusLine = z.object({ _id: z.union([z.string(), z.number()]).transform(String), title: z.string().default(''), text: z.string() });
const QueryLine = z.object({ _id: z.union([z.string(), z.number()]).transform(String), text: z.string() });

export interface BeirDataset {
  corpus: { id: string; title: string; text: string }[];
  queries: Map<string, string>;
  qrels: Qrels;
  /** SQuAD-style sets: each question's answer strings (what must reach the prompt for the model to answer). */
  answers?: Map<string, string[]>;
}

function readJsonl<T>(file: string, schema: z.ZodType<T>): T[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = schema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path.basename(file)} line ${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return parsed.data;
    });
}

export function loadBeirDataset(dir: string, split = 'test'): BeirDataset {
  for (const f of ['corpus.jsonl', 'queries.jsonl', path.join('qrels', `${split}.tsv`)]) {
    if (!fs.existsSync(path.join(dir, f))) throw new Error(`${dir} is not a BEIR folder: ${f} is missing`);
  }
  const corpus = readJsonl(path.join(dir, 'corpus.jsonl'), CorpusLine).map((d) => ({ id: d._id, title: d.title, text: d.text }));
  const queries = new Map(readJsonl(path.join(dir, 'queries.jsonl'), QueryLine).map((q) => [q._id, q.text]));
  const qrels = new Map<string, Map<string, number>>();
  const lines = fs.readFileSync(path.join(dir, 'qrels', `${split}.tsv`), 'utf8').split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (!line.trim() || (i === 0 && /query/i.test(line))) continue;
    const [query, doc, score] = line.split('\t');
    if (!query || !doc || score === undefined) throw new Error(`qrels line ${i + 1} is not "query-id<TAB>corpus-id<TAB>score"`);
    const judged = qrels.get(query) ?? new Map<string, number>();
    judged.set(doc, Number(score));
    qrels.set(query, judged);
  }
  return { corpus, queries, qrels };
}

const XquadQuestion = z.object({ id: z.string(), question: z.string(), doc_id: z.string(), context: z.string(), answers: z.array(z.string()).default([]) });

/**
 * A SQuAD/XQuAD-style folder (questions.<split>.jsonl: question, context, doc_id of the paragraph) as a retrieval
 * set: every distinct source paragraph is a document, and a question's one relevant document is its paragraph.
 */
export function loadXquadAsBeir(dir: string, split = 'dev'): BeirDataset {
  const file = path.join(dir, `questions.${split}.jsonl`);
  if (!fs.existsSync(file)) throw new Error(`${dir} is not an XQuAD folder: questions.${split}.jsonl is missing`);
  const questions = readJsonl(file, XquadQuestion);
  const paragraphs = new Map<string, string>();
  for (const q of questions) paragraphs.set(q.doc_id, q.context);
  return {
    corpus: [...paragraphs].map(([id, text]) => ({ id, title: '', text })),
    queries: new Map(questions.map((q) => [q.id, q.question])),
    qrels: new Map(questions.map((q) => [q.id, new Map([[q.doc_id, 1]])])),
    answers: new Map(questions.map((q) => [q.id, q.answers])),
  };
}

/** A BEIR folder, or an XQuAD one (detected by its questions file). */
export function loadRetrievalDataset(dir: string, split?: string): BeirDataset {
  if (fs.existsSync(path.join(dir, `questions.${split ?? 'dev'}.jsonl`))) return loadXquadAsBeir(dir, split ?? 'dev');
  return loadBeirDataset(dir, split ?? 'test');
}
