// Fencing for the prompt (template grounded-answer v3): a per-request random delimiter around each passage, and
// passage text neutralised so that nothing in a document can read as the prompt's structure: no [n] marker, no
// role or section line (Question:, System:, ### Instruction), no chat-template token, no fence of its own, no
// hidden text. Runs in main while the prompt is built; pure apart from the random fence.
import crypto from 'node:crypto';
import { CONTROL_TOKENS } from './scanPassage';
import { HTML_COMMENT, stripHiddenChars } from './hiddenText';

/** A fresh delimiter per request: a document written before it cannot contain it. */
export function createFence(): string {
  return `F${crypto.randomBytes(6).toString('hex')}`;
}

/** Words that open a prompt section or a chat turn when they start a line with a colon (or as a heading). */
const ROLE_WORDS = 'question|questions|answer|answers|system|system prompt|user|assistant|human|ai|bot|model|instruction|instructions|response|context|passage|passages|sources?|documents?|input|output|prompt|task|note to (?:the )?(?:ai|assistant|model)';
const ROLE_LINE = new RegExp(String.raw`^(\s*(?:[#>*_-]+\s*)*)(${ROLE_WORDS})\s*[:：]\s?`, 'i');
const ROLE_HEADING = new RegExp(String.raw`^\s*#{1,6}\s*(${ROLE_WORDS})\s*$`, 'i');
/** [7], ［7］, 【7】: any bracketed number a model could read or copy as a citation. */
const CITATION_LIKE = /[[［【]\s*(\d{1,4}(?:\s*[,;–-]\s*\d{1,4})*)\s*[\]］】]/g;
const FENCE_LIKE = /<{3,}|>{3,}/g;

/** A passage's text as it goes inside a fence. */
export function neutralisePassageText(text: string): string {
  const cleaned = stripHiddenChars(text)
    .replace(HTML_COMMENT, '(hidden comment removed)')
    .replace(CONTROL_TOKENS, '(control token removed)')
    .replace(FENCE_LIKE, (m) => (m.startsWith('<') ? '‹‹' : '››'))
    .replace(CITATION_LIKE, (_m, inner: string) => `(ref ${inner})`);
  return cleaned
    .split(/\r?\n/)
    .map((line) => {
      const heading = ROLE_HEADING.exec(line);
      if (heading) return `(heading "${heading[1]}")`;
      const role = ROLE_LINE.exec(line);
      if (role) return `${role[1] ?? ''}(text labelled "${role[2]}") ${line.slice(role[0].length)}`;
      return line;
    })
    .join('\n');
}

/** A document name or heading shown in the fence's opening line: one line, no brackets, no fence characters. */
export function neutraliseSource(source: string): string {
  return neutralisePassageText(source)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[[\]()]/g, (c) => (c === '[' || c === '(' ? '‹' : '›'))
    .slice(0, 300);
}
