// What a follow-up question searches for (services process): the chat model rewrites it, with the recent turns,
// into a standalone question, under a time cap; when the model is unavailable, slow or answers something that is
// not a question-sized line, the search uses the question plus the previous question instead.
import type { ChatRole } from '../../../shared/contract/chat';
import type { Generate } from '../answers/generateText';

export interface Turn {
  role: ChatRole;
  content: string;
}

export interface SearchQuery {
  query: string;
  /** `question` (no earlier turn), `rewrite` (the model's standalone question) or `fallback` (question + previous one). */
  source: 'question' | 'rewrite' | 'fallback';
}

export const REWRITE_TIMEOUT_MS = 4000;
/** Turns given to the model: older ones rarely hold what "it" refers to, and cost prompt time. */
const RECENT_TURNS = 4;
const MAX_TURN_CHARS = 600;
const MAX_QUERY_CHARS = 400;

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The prompt: numbered turns, then the question on a `Question:` line, as the grounded-answer prompts lay out text. */
export function rewritePrompt(question: string, history: readonly Turn[]): string {
  const turns = history.slice(-RECENT_TURNS).map((t, i) => `[${i + 1}] ${t.role === 'user' ? 'User' : 'Assistant'}: ${oneLine(t.content).slice(0, MAX_TURN_CHARS)}`);
  return [
    'Rewrite the last question of this conversation as one standalone search query that can be understood without the conversation.',
    'Replace pronouns with what they refer to. Answer with the query only, on one line, without explanation.',
    '',
    ...turns,
    '',
    `Question: ${oneLine(question)}`,
  ].join('\n');
}

const WORDS = new Intl.Segmenter('und', { granularity: 'word' });
const STOPWORDS = new Set('a an and are as at be but by can did do does for from had has have how i if in is it its of on or so that the their them there these they this those to was were what when where which who whom why will with would you your'.split(' '));

/** The question's own content words (lowercase, stop words dropped), in any script the segmenter knows. */
export function contentWords(text: string): Set<string> {
  return new Set([...WORDS.segment(text.toLowerCase())].filter((w) => w.isWordLike && !STOPWORDS.has(w.segment) && (w.segment.length > 1 || /\p{Script=Han}/u.test(w.segment))).map((w) => w.segment));
}

/** Whether the text holds one of the question's content words: a rewrite (or a passage) that holds none is about something else. */
export function sharesContentWord(question: string, text: string): boolean {
  const theirs = contentWords(text);
  return [...contentWords(question)].some((w) => theirs.has(w) || text.toLowerCase().includes(w));
}

/** The model's line as a query, or null when it is not one (empty, several lines of prose, far too long). */
export function queryFromRewrite(output: string): string | null {
  const lines = output.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0 || lines.length > 2) return null;
  const text = oneLine(lines.join(' '))
    .replace(/^(standalone (search )?(query|question)|query|question)\s*:\s*/i, '')
    .replace(/\s*\[\d{1,2}\]/g, '')
    .replace(/^["'“”]+|["'“”]+$/g, '')
    .trim();
  return text.length >= 3 && text.length <= MAX_QUERY_CHARS ? text : null;
}

export async function standaloneQuestion(input: { question: string; history: readonly Turn[]; generate: Generate | null; signal?: AbortSignal; timeoutMs?: number }): Promise<SearchQuery> {
  const question = oneLine(input.question);
  const previous = [...input.history].reverse().find((t) => t.role === 'user');
  if (!previous) return { query: question, source: 'question' };
  const fallback: SearchQuery = { query: `${question} ${oneLine(previous.content).slice(0, MAX_TURN_CHARS)}`, source: 'fallback' };
  if (!input.generate) return fallback;
  const signals = [AbortSignal.timeout(input.timeoutMs ?? REWRITE_TIMEOUT_MS), ...(input.signal ? [input.signal] : [])];
  try {
    const output = await input.generate(rewritePrompt(question, input.history), AbortSignal.any(signals));
    const query = queryFromRewrite(output);
    // a rewrite keeps something of the question; one that does not is the model talking about something else
    return query && sharesContentWord(question, query) ? { query, source: 'rewrite' } : fallback;
  } catch (error) {
    // the user's own stop is theirs to see; a slow or missing model only costs the rewrite
    if (input.signal?.aborted) throw error;
    return fallback;
  }
}
