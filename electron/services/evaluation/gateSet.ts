// The relevance gate's measurement set (plain Node, tests and evaluation): questions no fixture document answers
// (several share common words with them: "world", "service", "network", "model", "secret"), questions the fixture
// documents do answer, and XQuAD dev's questions (read from its folder), each indexed with its passages.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { LibraryService } from '../library/libraryService';
import { relevanceGate } from '../retrieval/relevanceGate';

/** The fixture documents the gate set is indexed over (relative to fixtures/documents). */
export const GATE_DOCUMENTS = [
  'pdf/nist-sp800-145-cloud-definition.pdf',
  'pdf/nist-sp800-63b-digital-identity.pdf',
  'pdf/federal-register-2020-17221-3col.pdf',
  'html/wikipedia-duck.html',
  'md/art-of-command-line-en.md',
  'md/art-of-command-line-zh.md',
  'csv/shift-jis-kanji.csv',
  'docx/autogen-paper-excerpt.docx',
];

/** About topics none of GATE_DOCUMENTS or the XQuAD passages covers. */
export const OFF_TOPIC_QUESTIONS: readonly string[] = [
  'Who won the 1998 world cup?',
  'Who won the 1998 FIFA World Cup final?',
  'How do I bake sourdough bread at home?',
  'What is the best way to train a puppy to sit?',
  'Which planet in the solar system has the most moons?',
  'Who painted the Mona Lisa?',
  'How many calories are in an avocado?',
  'What is the tallest mountain in Africa?',
  'When did the Western Roman Empire fall?',
  'Who wrote the novel Pride and Prejudice?',
  'What are the rules of cricket?',
  'How does a car engine radiator keep the engine cool?',
  'What is the service fee for renewing a passport?',
  'Which television network broadcasts the Olympic games?',
  'What is the secret ingredient in Coca-Cola?',
  'How do I change a flat bicycle tyre?',
  'What is the recommended model for a first electric guitar?',
  'How long should I boil an egg for a soft yolk?',
  'What causes the northern lights?',
  'Who discovered penicillin?',
  'What is the plot of the movie Titanic?',
  'How do I grow tomatoes in a greenhouse?',
  'What are the symptoms of the common cold in children?',
  'Which country has the largest population of wild tigers?',
  'How do I knit a wool scarf for winter?',
  'What time does the sun set in Reykjavik in December?',
  'What is the average salary of a dentist?',
  'How many strings does a violin have?',
  'What is the history of the Eiffel Tower?',
  'What is the best diet for losing weight quickly?',
  'How do I register a marriage abroad?',
  'What does a black hole do to light?',
];

/** Answered by GATE_DOCUMENTS (the Japanese and Chinese ones over the CSV and the Chinese markdown). */
export const ON_TOPIC_FIXTURE_QUESTIONS: readonly string[] = [
  'What are the essential characteristics of cloud computing?',
  'What are the deployment models of cloud computing?',
  'What is a community cloud?',
  'What is the minimum length of a memorized secret?',
  'Should verifiers require periodic password changes?',
  'What is multi-factor authentication?',
  'What do ducks eat?',
  'Where do ducks build their nests?',
  'How do I search my command history in Bash?',
  'How do I find files by name on the command line?',
  'What is AutoGen?',
  'How do agents converse in AutoGen?',
  '佐藤太郎の住所はどこですか',
  '三木英子の年齢は',
  '如何搜索命令行历史记录？',
  '如何查看系统历史数据？',
];

export interface GateQuestion {
  question: string;
  onTopic: boolean;
  source: 'off-topic' | 'fixture' | 'xquad';
}

const XQuadLine = z.object({ question: z.string() });

/** Every question of the set, in a fixed order. */
export function gateQuestions(xquadDir: string): GateQuestion[] {
  const xquad = fs
    .readFileSync(path.join(xquadDir, 'questions.dev.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => XQuadLine.parse(JSON.parse(l)).question);
  return [
    ...OFF_TOPIC_QUESTIONS.map((question) => ({ question, onTopic: false, source: 'off-topic' as const })),
    ...ON_TOPIC_FIXTURE_QUESTIONS.map((question) => ({ question, onTopic: true, source: 'fixture' as const })),
    ...xquad.map((question) => ({ question, onTopic: true, source: 'xquad' as const })),
  ];
}

/** The halves: every other question of each kind, so both halves hold off-topic, fixture and XQuAD questions. */
export function splitHalves(questions: readonly GateQuestion[]): { tune: GateQuestion[]; heldOut: GateQuestion[] } {
  const tune: GateQuestion[] = [];
  const heldOut: GateQuestion[] = [];
  const counters = new Map<string, number>();
  for (const q of questions) {
    const n = counters.get(q.source) ?? 0;
    counters.set(q.source, n + 1);
    (n % 2 === 0 ? tune : heldOut).push(q);
  }
  return { tune, heldOut };
}

export interface GateObservation extends GateQuestion {
  coverage: number;
  maxVector: number | null;
  maxText: number | null;
  passages: number;
}

/** Searches each question as chat does (hybrid, top k) and records what the gate sees. */
export async function observeGate(library: LibraryService, collectionId: string, questions: readonly GateQuestion[], k: number): Promise<GateObservation[]> {
  const out: GateObservation[] = [];
  for (const q of questions) {
    const result = await library.search({ collectionId, query: q.question, k, mode: 'hybrid' });
    const ps = result.passages;
    const max = (xs: (number | null)[]): number | null => (xs.some((x) => x !== null) ? Math.max(...xs.filter((x): x is number => x !== null)) : null);
    out.push({ ...q, coverage: relevanceGate(q.question, ps).coverage, maxVector: max(ps.map((p) => p.vectorScore)), maxText: max(ps.map((p) => p.textScore)), passages: ps.length });
  }
  return out;
}

/** Off-topic refused and on-topic answered, for one rule. */
export function gateRates(observations: readonly GateObservation[], answers: (o: GateObservation) => boolean): { offTopicRefused: number; onTopicAnswered: number } {
  const off = observations.filter((o) => !o.onTopic);
  const on = observations.filter((o) => o.onTopic);
  return {
    offTopicRefused: off.length ? off.filter((o) => !answers(o)).length / off.length : 0,
    onTopicAnswered: on.length ? on.filter((o) => answers(o)).length / on.length : 0,
  };
}

/** Indexes GATE_DOCUMENTS and XQuAD dev's passages (one file each, under workDir) into one collection. */
export async function indexGateSet(library: LibraryService, fixturesDir: string, workDir: string): Promise<{ collectionId: string; documents: number }> {
  const passagesDir = path.join(workDir, 'xquad-passages');
  fs.mkdirSync(passagesDir, { recursive: true });
  const Doc = z.object({ doc_id: z.string(), text: z.string() });
  const lines = fs.readFileSync(path.join(fixturesDir, 'qa-xquad-en-dev', 'documents.dev.jsonl'), 'utf8').split('\n').filter((l) => l.trim());
  for (const line of lines) {
    const doc = Doc.parse(JSON.parse(line));
    const file = path.join(passagesDir, `${encodeURIComponent(doc.doc_id).replaceAll('.', '%2E')}.txt`);
    if (!fs.existsSync(file)) fs.writeFileSync(file, doc.text);
  }
  const collection = (await library.collections()).find((c) => c.name === 'Gate set') ?? (await library.createCollection('Gate set'));
  const sources = [...GATE_DOCUMENTS.map((d) => path.join(fixturesDir, 'documents', d)), passagesDir].map((p) => ({ kind: 'path' as const, path: p }));
  const summary = await library.import({ collectionId: collection.id, sources, reindexDocumentIds: [], reindexAll: false }, { signal: new AbortController().signal, emit: () => undefined });
  const failed = summary.files.filter((f) => f.state === 'failed');
  if (failed.length > 0) throw new Error(`gate set documents failed to index: ${failed.map((f) => `${f.name}: ${f.reason}`).join('; ')}`);
  await (await library.database()).maintain();
  return { collectionId: collection.id, documents: (await library.documents(collection.id)).length };
}
