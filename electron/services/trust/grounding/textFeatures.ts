// What a sentence asserts, in forms that can be looked up in a passage: stemmed content words, their bigrams,
// numbers (digits and number words alike) and names. Pure functions, plain Node.

// Function words, and the words answers use to frame a claim ("according to the passage") that no passage needs.
const STOPWORDS = new Set(
  (
    'a an the and or but nor of to in on at for with by from into onto about as than then so such via per ' +
    'is are was were be been being am do does did done has have had having it its this that these those there here ' +
    'their they them he she his her him we us our you your i me my what which who whom whose when where why how ' +
    'not no can could would should will shall may might must also any all some if just only both each either ' +
    'according passage passages document documents source sources text answer question states stated says said mentions mentioned ' +
    'provided given shown described based indicates noted'
  ).split(' '),
);

const NUMBER_WORDS: Record<string, string> = {
  zero: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  eleven: '11', twelve: '12', thirteen: '13', fourteen: '14', fifteen: '15', sixteen: '16', seventeen: '17', eighteen: '18',
  nineteen: '19', twenty: '20', thirty: '30', forty: '40', fifty: '50', sixty: '60', seventy: '70', eighty: '80', ninety: '90',
  hundred: '100', thousand: '1000', million: '1000000', billion: '1000000000', first: '1', second: '2', third: '3',
  fourth: '4', fifth: '5', sixth: '6', seventh: '7', eighth: '8', ninth: '9', tenth: '10', half: '½', once: '1', twice: '2',
};

/** Light suffix stripping, applied alike to sentence and passage, so "sacks"/"sack" and "played"/"plays" meet. */
export function stem(word: string): string {
  let w = word.replace(/['’]s$/, '');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(?:ss|sh|ch|x)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 5 && w.endsWith('ly')) w = w.slice(0, -2);
  return w;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

export interface TextFeatures {
  /** Stemmed content words, in order (repeats kept). */
  words: string[];
  /** Adjacent pairs of content words. */
  bigrams: Set<string>;
  /** Normalised numbers: "1,000" and "1000" → "1000"; "three" → "3". */
  numbers: Set<string>;
  /** Lowercased capitalised words that are not the sentence's first word, and acronyms. */
  names: Set<string>;
}

const normaliseNumber = (raw: string): string => raw.replace(/,(?=\d{3}\b)/g, '').replace(/\.0+$/, '');

export function features(text: string): TextFeatures {
  const words: string[] = [];
  const numbers = new Set<string>();
  const names = new Set<string>();
  for (const m of text.matchAll(/\d+(?:,\d{3})*(?:\.\d+)?/g)) numbers.add(normaliseNumber(m[0]));
  for (const m of text.matchAll(/[½¼¾]/g)) numbers.add(m[0]);
  let first = true;
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    const lower = raw.toLowerCase();
    const numberWord = NUMBER_WORDS[lower];
    if (numberWord) numbers.add(numberWord);
    const isName = /^\p{Lu}/u.test(raw) && (!first || /^\p{Lu}{2,}$/u.test(raw)) && !STOPWORDS.has(lower);
    // a sentence's first word is capitalised anyway; after ". " too
    const before = text.slice(Math.max(0, (m.index ?? 0) - 2), m.index ?? 0);
    if (isName && !/[.!?:]\s$/.test(before)) names.add(stem(lower));
    first = false;
    if (lower.length < 2 && !/\d/.test(lower)) continue;
    if (STOPWORDS.has(lower) || numberWord) continue;
    words.push(stem(lower));
  }
  const bigrams = new Set<string>();
  for (let i = 1; i < words.length; i++) bigrams.add(`${words[i - 1]} ${words[i]}`);
  return { words, bigrams, numbers, names };
}

/** Several passages read as one (a sentence citing [1][2] may join facts from both). */
export function mergeFeatures(list: readonly TextFeatures[]): TextFeatures {
  const merged: TextFeatures = { words: [], bigrams: new Set(), numbers: new Set(), names: new Set() };
  for (const f of list) {
    merged.words.push(...f.words);
    for (const b of f.bigrams) merged.bigrams.add(b);
    for (const n of f.numbers) merged.numbers.add(n);
    for (const n of f.names) merged.names.add(n);
  }
  return merged;
}
