// Turns an answer's citation markers ([1], [2][3], [1, 2]) into Markdown links the renderer shows as buttons,
// leaving code untouched. Renderer (and Node tests).

/** The href a citation link carries; `citationNumber` reads it back. */
export const citationHref = (n: number): string => `#cite-${n}`;

export function citationNumber(href: string | undefined): number | null {
  const match = /^#cite-(\d+)$/.exec(href ?? '');
  return match ? Number(match[1]) : null;
}

// [n] or [n, m], not a Markdown link's text ([1](…)) or a reference definition ([1]: …).
const MARKER = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\](?![(:])/g;
// fenced blocks (``` or ~~~, up to the closing fence or the end while streaming) and inline code spans
const CODE = /(^|\n)( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n {0,3}\3[`~]*[ \t]*(?=\n|$)|$)|(`+)[^`]*?\4(?!`)/g;

function linkMarkers(text: string, passageCount: number): string {
  return text.replace(MARKER, (whole, list: string) => {
    const numbers = list.split(',').map((s) => Number(s.trim()));
    if (!numbers.every((n) => Number.isInteger(n) && n >= 1 && n <= passageCount)) return whole;
    return numbers.map((n) => `[\\[${n}\\]](${citationHref(n)})`).join('');
  });
}

/**
 * Rewrites `[n]` markers into links to `#cite-n` for 1 ≤ n ≤ passageCount; numbers without a passage stay text.
 * Code blocks and code spans keep their brackets.
 */
export function linkCitations(markdown: string, passageCount: number): string {
  if (passageCount <= 0) return markdown;
  let out = '';
  let last = 0;
  for (const match of markdown.matchAll(CODE)) {
    const index = match.index ?? 0;
    out += linkMarkers(markdown.slice(last, index), passageCount) + match[0];
    last = index + match[0].length;
  }
  return out + linkMarkers(markdown.slice(last), passageCount);
}
