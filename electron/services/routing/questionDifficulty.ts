// A cheap estimate of how hard a question is to answer (any process, pure): points for length, several parts,
// comparison and reasoning words, and the size of the retrieved context, each with the reason it was given.
// No model call: it must cost nothing next to the answer it routes.

export interface DifficultySignal {
  /** Shown to the user, e.g. "comparison". */
  label: string;
  points: number;
}

export interface Difficulty {
  score: number;
  signals: DifficultySignal[];
}

const WORDS = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
const COMPARISON = /\b(compare[sd]?|comparing|comparison|versus|vs\.?|differen(?:ce|ces|t)|differs?|contrast(?:s|ed|ing)?|similarit(?:y|ies)|better|worse|advantages?|disadvantages?|pros and cons|trade-?offs?|whereas)\b/iu;
const REASONING = /\b(why|explain(?:s|ed)?|reasons?|cause[sd]?|implications?|consequences?|evaluate|assess|analy[sz]e|justify|infer|predict|what would happen|how (?:does|do|did|would|could|can)|derive|prove|step by step)\b/iu;
/** Words that start a further part of one question ("…, and why …", "…; also …"). */
const PART_JOINERS = /(?:[,;]\s*|\s)(?:and|also|then|as well as)\s+(?:how|why|what|which|who|when|where|whether|does|do|is|are|can|list|explain)\b/giu;

/** Roughly 4 characters a token: the size of the context the model must read, without a tokenizer. */
export const approxTokens = (text: string): number => Math.ceil(text.length / 4);

export function questionDifficulty(question: string, contextTokens: number): Difficulty {
  const signals: DifficultySignal[] = [];
  const words = question.match(WORDS)?.length ?? 0;
  if (words > 40) signals.push({ label: `long question (${words} words)`, points: 2 });
  else if (words > 20) signals.push({ label: `long question (${words} words)`, points: 1 });
  const questionMarks = (question.match(/[?？]/g) ?? []).length;
  const joined = (question.match(PART_JOINERS) ?? []).length;
  const enumerated = (question.match(/(?:^|\s)(?:\d+[.)]|[a-z][.)]|[-•*])\s+\S/gmu) ?? []).length;
  const parts = Math.max(questionMarks, 1) + joined + (enumerated > 1 ? enumerated - 1 : 0);
  if (parts > 1) signals.push({ label: `${parts} parts`, points: Math.min(parts - 1, 3) });
  if (COMPARISON.test(question)) signals.push({ label: 'comparison', points: 2 });
  if (REASONING.test(question)) signals.push({ label: 'reasoning', points: 1 });
  if (contextTokens > 3000) signals.push({ label: `large context (~${contextTokens} tokens)`, points: 2 });
  else if (contextTokens > 1500) signals.push({ label: `large context (~${contextTokens} tokens)`, points: 1 });
  return { score: signals.reduce((n, s) => n + s.points, 0), signals };
}
