// OCR scoring: word accuracy (1 − word error rate) and character error rate by edit distance; plain functions (tests, eval).

/** Lower-case words of letters and digits; punctuation and layout spacing are not what OCR is scored on. */
export function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => w !== '');
}

/** Levenshtein distance between two sequences (insertions, deletions, substitutions cost 1), O(n·m) time, O(m) space. */
export function editDistance<T>(a: readonly T[], b: readonly T[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

export interface AccuracyScore {
  /** 1 − (word edits / reference words): 1 is perfect; can go below 0 for output far longer than the reference. */
  wordAccuracy: number;
  /** Character edits over reference characters, on the words joined by single spaces. */
  characterErrorRate: number;
  referenceWords: number;
}

export function scoreOcr(recognised: string, reference: string): AccuracyScore {
  const got = words(recognised);
  const want = words(reference);
  const wordEdits = editDistance(got, want);
  const gotChars = [...got.join(' ')];
  const wantChars = [...want.join(' ')];
  return {
    wordAccuracy: want.length === 0 ? 0 : 1 - wordEdits / want.length,
    characterErrorRate: wantChars.length === 0 ? 1 : editDistance(gotChars, wantChars) / wantChars.length,
    referenceWords: want.length,
  };
}
