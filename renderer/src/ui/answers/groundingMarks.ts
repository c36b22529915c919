// Marks an answer's unsupported sentences for display: sentinels around their spans in the answer text (before
// Markdown), and a rehype plugin that turns the marked text into <span class="grounding-unsupported" title=…>.
// Offsets come from the grounding report (UTF-16, into the answer text). Pure. Renderer (and Node tests).
import type { GroundingReport } from '../../../../shared/contract/trust';

// private-use characters: never in model output we show (stripped first), survive Markdown parsing as text
const OPEN_BASE = 0xe100;
const CLOSE = '\ue0ff';
const SENTINELS = /[\ue100-\ue1ff\ue0ff]/g;

export interface MarkedAnswer {
  text: string;
  /** reasons[i]: the title of the i-th marked span. */
  reasons: string[];
}

/** Sentences the user should doubt: unsupported, or factual without a citation. */
export const isMarked = (verdict: string): boolean => verdict === 'unsupported' || verdict === 'uncited';

export function markAnswer(answer: string, grounding: GroundingReport | null | undefined): MarkedAnswer {
  const clean = answer.replace(SENTINELS, '');
  if (!grounding || clean.length !== answer.length) return { text: clean, reasons: [] };
  const spans = grounding.sentences
    .filter((s) => isMarked(s.verdict) && s.end > s.start && s.end <= answer.length)
    .sort((a, b) => a.start - b.start)
    .slice(0, 256);
  const reasons: string[] = [];
  let out = '';
  let last = 0;
  for (const s of spans) {
    if (s.start < last) continue;
    out += answer.slice(last, s.start) + String.fromCharCode(OPEN_BASE + reasons.length) + answer.slice(s.start, s.end) + CLOSE;
    reasons.push(s.reason ?? 'not supported by the passages');
    last = s.end;
  }
  return { text: out + answer.slice(last), reasons };
}

/** The hast shapes the plugin walks (react-markdown's tree). */
interface HastText {
  type: 'text';
  value: string;
}
interface HastElement {
  type: 'element';
  tagName: string;
  properties: Record<string, unknown>;
  children: HastNode[];
}
type HastNode = HastText | HastElement | { type: string; children?: HastNode[] };

/** A rehype plugin: text between sentinels becomes a marked span (split per text node, across emphasis and links). */
export function rehypeGroundingMarks(reasons: readonly string[]): () => (tree: HastNode) => void {
  return () => (tree) => {
    let open: number | null = null;
    const span = (value: string, index: number): HastElement => ({
      type: 'element',
      tagName: 'span',
      properties: { className: ['grounding-unsupported'], title: reasons[index] ?? '', dataTestid: 'grounding-unsupported' },
      children: [{ type: 'text', value }],
    });
    const walk = (node: HastNode): void => {
      if (!('children' in node) || !node.children) return;
      const next: HastNode[] = [];
      for (const child of node.children) {
        if (child.type !== 'text') {
          walk(child);
          next.push(child);
          continue;
        }
        const value = (child as HastText).value;
        let buffer = '';
        const flush = (): void => {
          if (!buffer) return;
          next.push(open === null ? { type: 'text', value: buffer } : span(buffer, open));
          buffer = '';
        };
        for (const ch of value) {
          const code = ch.charCodeAt(0);
          if (code >= OPEN_BASE && code <= OPEN_BASE + 0xff) {
            flush();
            open = code - OPEN_BASE;
          } else if (ch === CLOSE) {
            flush();
            open = null;
          } else buffer += ch;
        }
        flush();
      }
      node.children = next;
    };
    walk(tree);
  };
}

/** "grounded 67% (2 of 3 sentences)", or null when nothing was checked. */
export function describeGrounding(grounding: GroundingReport | null | undefined): string | null {
  if (!grounding || grounding.groundedShare === null) return null;
  const grounded = Math.round(grounding.groundedShare * grounding.checked);
  return `grounded ${Math.round(grounding.groundedShare * 100)}% (${grounded} of ${grounding.checked} ${grounding.checked === 1 ? 'sentence' : 'sentences'})${grounding.verifiedWithModel ? ', model-checked' : ''}`;
}
