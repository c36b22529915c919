// The grounding check's labelled set, built in code from the XQuAD dev fixture (never stored as a copy): for each
// question, sentences its paragraph supports and sentences it does not, each "cited" as that paragraph. Plain Node.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const QuestionRecord = z.object({
  id: z.string(),
  question: z.string(),
  answers: z.array(z.string()).min(1),
  answer_starts: z.array(z.number().int().nonnegative()).min(1),
  doc_id: z.string(),
  context: z.string(),
});
type QuestionRecord = z.infer<typeof QuestionRecord>;

/**
 * supported: `gold` (the sentence holding the answer), `clause` (its answer clause, reworded opening),
 * `restatement` (the question and its answer in the answer's words). unsupported: `foreign` (a sentence of another
 * paragraph), `foreign-restatement` (another paragraph's question and answer), `swapped` (the gold sentence with
 * the answer replaced by another question's answer: right frame, wrong fact).
 */
export type ExampleKind = 'gold' | 'clause' | 'restatement' | 'foreign' | 'foreign-restatement' | 'swapped';

export interface LabelledExample {
  questionId: string;
  kind: ExampleKind;
  sentence: string;
  /** The passage the sentence cites. */
  passage: string;
  supported: boolean;
  /** Tuning half: the question id's last hex digit is even. */
  half: 'even' | 'odd';
}

export function loadXquadQuestions(dir: string): QuestionRecord[] {
  return fs
    .readFileSync(path.join(dir, 'questions.dev.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => QuestionRecord.parse(JSON.parse(l)));
}

/** Sentence spans of a paragraph: split after . ! ? before a capital, a digit or a quote. */
export function paragraphSentences(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (const m of text.matchAll(/[.!?]["”’)]*\s+(?=[\p{Lu}\d"“])/gu)) {
    const end = (m.index ?? 0) + m[0].trimEnd().length;
    // "Jr. Smith", "U.S. Army": a single capital or a known abbreviation is not an end
    if (/(?:\b\p{Lu}|\b(?:Jr|Sr|Dr|Mr|Mrs|St|No|vs))\.$/u.test(text.slice(Math.max(0, end - 4), end))) continue;
    out.push({ start, end });
    start = (m.index ?? 0) + m[0].length;
  }
  if (start < text.length) out.push({ start, end: text.trimEnd().length });
  return out;
}

function goldSentence(q: QuestionRecord): { text: string; start: number; end: number } {
  const at = q.answer_starts[0]!;
  const span = paragraphSentences(q.context).find((s) => at >= s.start && at < s.end) ?? { start: 0, end: q.context.length };
  return { text: q.context.slice(span.start, span.end), ...span };
}

const lowerFirst = (s: string): string => (/^\p{Lu}\p{Ll}/u.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);
const withStop = (s: string): string => (/[.!?]$/.test(s) ? s : `${s}.`);

/** The comma/semicolon clause of the gold sentence holding the answer, opened the way answers open. */
function answerClause(q: QuestionRecord): string {
  const gold = goldSentence(q);
  const at = q.answer_starts[0]! - gold.start;
  let from = 0;
  let clause = gold.text;
  for (const part of gold.text.split(/(?<=[,;:])\s+|\s+(?=while |and then |which )/)) {
    const idx = gold.text.indexOf(part, from);
    if (at >= idx && at < idx + part.length) {
      clause = part;
      break;
    }
    from = idx + part.length;
  }
  if (clause.split(/\s+/).length < 5) clause = gold.text;
  return withStop(`According to the documents, ${lowerFirst(clause.replace(/[,;:.]+$/, ''))}`);
}

function restatement(q: QuestionRecord): string {
  const answer = q.answers[0]!.replace(/[.]+$/, '');
  return `To the question "${q.question.trim()}", the answer is ${answer}.`;
}

const isNumeric = (s: string): boolean => /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty)\b/i.test(s);

export function buildLabelledSet(questions: readonly QuestionRecord[]): LabelledExample[] {
  const examples: LabelledExample[] = [];
  const n = questions.length;
  questions.forEach((q, i) => {
    const half = parseInt(q.id.slice(-1), 16) % 2 === 0 ? 'even' : 'odd';
    const add = (kind: ExampleKind, sentence: string, supported: boolean): void => {
      examples.push({ questionId: q.id, kind, sentence, passage: q.context, supported, half });
    };
    // another paragraph's question, picked by a fixed stride so the pairing is stable and spread out
    const other = (accept: (o: QuestionRecord) => boolean): QuestionRecord | null => {
      for (let step = 1; step < n; step++) {
        const o = questions[(i + step * 7) % n]!;
        if (o.doc_id !== q.doc_id && accept(o)) return o;
      }
      return null;
    };
    const gold = goldSentence(q);
    add('gold', gold.text, true);
    add('clause', answerClause(q), true);
    add('restatement', restatement(q), true);

    const foreign = other((o) => !q.context.includes(goldSentence(o).text));
    if (foreign) {
      add('foreign', goldSentence(foreign).text, false);
      add('foreign-restatement', restatement(foreign), false);
    }
    const answer = q.answers[0]!;
    const swap = other((o) => {
      const a = o.answers[0]!.replace(/[.]+$/, '');
      return isNumeric(a) === isNumeric(answer) && !q.context.toLowerCase().includes(a.toLowerCase()) && a.toLowerCase() !== answer.toLowerCase();
    });
    if (swap) {
      const at = q.answer_starts[0]! - gold.start;
      if (gold.text.slice(at, at + answer.length) === answer) {
        add('swapped', gold.text.slice(0, at) + swap.answers[0]!.replace(/[.]+$/, '') + gold.text.slice(at + answer.length), false);
      }
    }
  });
  return examples;
}
