// What makes two questions "the same" before any embedding: Unicode form, case, spacing and punctuation that does not
// change the meaning; and the words an embedding is known to blur (numbers, negation), which must match exactly.
// Plain functions, any process.

/** NFKC, lower case, punctuation (outside numbers like 3.5 or 1,000) to spaces, runs of spaces to one. */
export function normaliseQuestion(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/(?<!\d)[\p{P}\p{S}]+|[\p{P}\p{S}]+(?!\d)/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const NEGATIONS = new Set(['not', 'no', 'never', 'none', 'without', 'except', 'nor', 'neither', 'cannot', "isn't", "aren't", "doesn't", "don't", "didn't", "wasn't", "weren't", "can't", "won't"]);

/**
 * Tokens that must be identical for two questions to share an answer: numbers (a year, a count) and negations.
 * A sentence embedding puts "the 2015 season" next to "the 2016 season", and "does X" next to "does X not".
 */
export function guardTokens(text: string): string {
  const lower = text.normalize('NFKC').toLowerCase().replace(/[’‘]/g, "'");
  const numbers = lower.match(/\d+(?:[.,]\d+)*/g) ?? [];
  const words = lower.match(/[\p{L}']+/gu) ?? [];
  const negations = words.filter((w) => NEGATIONS.has(w) || w.endsWith("n't"));
  return [...new Set([...numbers, ...negations.map((w) => (w.endsWith("n't") ? 'not' : w))])].sort().join(' ');
}
