// Scans a retrieved passage for instruction-like text aimed at the model: attempts to override the prompt, role
// play, requests for secrets, links asking the reader to log in, hidden text, and forged prompt structure. Pure;
// tuned to leave documents *about* passwords, logins or chat formats alone (see scanPassage.test.ts).
import type { InjectionKind } from '../../../../shared/contract/trust';
import { findHiddenChars, HTML_COMMENT, stripHiddenChars } from './hiddenText';

export interface ScanResult {
  kinds: InjectionKind[];
  /** For the user: what was found, e.g. "asks to ignore previous instructions; asks for a password". */
  reason: string;
}

interface Rule {
  kind: InjectionKind;
  reason: string;
  pattern: RegExp;
}

const SECRET = String.raw`(?:admin(?:istrator)?\s+|root\s+|master\s+|system\s+|login\s+|account\s+)?(?:password|passcode|passphrase|pin(?:\s+code)?|api[\s-]?keys?|access\s+tokens?|secret\s+keys?|private\s+keys?|credentials|one[\s-]time\s+(?:code|password)|2fa\s+code|security\s+code|social\s+security\s+number|credit\s+card\s+(?:number|details))`;

const RULES: Rule[] = [
  {
    kind: 'override',
    reason: 'asks to ignore previous instructions',
    pattern: /\b(?:ignore|disregard|forget|override|bypass)\b[\s\S]{0,30}?\b(?:previous|prior|above|earlier|preceding|system|original|all\s+other)\b[\s\S]{0,20}?\b(?:instructions?|directions?|prompts?|rules|guidelines|context|messages?)\b/i,
  },
  {
    kind: 'override',
    reason: 'gives the model new instructions',
    // addressed to the assistant; "the model must output probabilities" in a paper is not
    pattern: /\b(?:new|updated|real|actual)\s+(?:system\s+)?instructions?\s*:|\bfrom now on,?\s+(?:you|the (?:assistant|ai))\b|\b(?:note to|attention|dear)\s+(?:the\s+)?(?:ai|assistant|chatbot|llm|language model)\b|\b(?:ai|assistant|chatbot)s?\s*[,:]\s*(?:you\s+)?(?:must|should|will)\b/i,
  },
  { kind: 'override', reason: 'talks about the system prompt', pattern: /\b(?:reveal|print|show|repeat|output|ignore)\s+(?:your|the)\s+(?:system\s+prompt|hidden\s+instructions|initial\s+prompt)\b/i },
  { kind: 'role-play', reason: 'asks the model to play a role', pattern: /\byou\s+are\s+(?:now|no\s+longer)\s+(?:an?\s+|the\s+|my\s+)?(?:[\w-]+\s+){0,2}(?:assistant|ai|bot|chatbot|model|character|persona|hacker|admin(?:istrator)?|bound|restricted)\b|\brole-?\s?play(?:ing)?\s+as\b|\b(?:act|behave|respond)\s+as\s+(?:if\s+you\s+were\s+)?(?:an?\s+)?(?:unrestricted|unfiltered|jailbroken|evil|different|new)\b|\bpretend\s+(?:to\s+be|you\s+are)\b|\b(?:developer|god|jailbreak|dan)\s+mode\b|\bdo\s+anything\s+now\b/i },
  // a request for a secret, not a text about secrets: an asking verb (or "what is the …?") aimed at the reader
  { kind: 'secret-request', reason: 'asks for a password or other secret', pattern: new RegExp(String.raw`\b(?:tell|give|send|reveal|share|disclose|provide|print|output|repeat|include|email|post|leak|paste)\s+(?:me|us|the\s+user|them)?\s*(?:your|the|any|all)\s+${SECRET}\b|\bwhat(?:'s|\s+is|\s+are)\s+(?:your|the|my)\s+${SECRET}\s*\?`, 'i') },
];

const URL = /\bhttps?:\/\/[^\s)<>\]]+|\bwww\.[a-z0-9-]+\.[^\s)<>\]]+/i;
/** Asking the reader to log in (or hand over an account), not a mention of login shells or sign-in pages. */
const LOGIN = /\b(?:log|sign)[\s-]?in\s+(?:at|here|now|via|using|on|to\s+(?:verify|confirm|restore|unlock|keep|continue|avoid|see|access|view|update|reactivate))\b|\b(?:click|tap|go)\s+(?:here|below|this\s+link)\s+to\s+(?:log|sign)[\s-]?in\b|\bverify\s+your\s+(?:account|identity|credentials|password|login)|\bconfirm\s+your\s+(?:account|identity|credentials|password)|\bre-?enter\s+your\b|\benter\s+your\s+(?:password|credentials)\b|\breset\s+your\s+password\s+(?:at|here|now|via)\b|\bupdate\s+your\s+(?:payment|billing|account)\b|\baccount\s+(?:will\s+be\s+|has\s+been\s+|is\s+)?(?:suspended|locked|closed|disabled)\b/i;

/** Chat-template and instruction-format tokens: a document has no business holding them. */
export const CONTROL_TOKENS = /<\|[a-z_]{2,40}\|>|<\/?s>|\[\/?INST\]|<<\/?SYS>>|<\/?(?:start|end)_of_turn>|<\/?(?:bos|eos)>/gi;
const INSTRUCTION_HEADING = /^\s{0,3}#{1,6}\s*(?:instruction|instructions|system|response|system\s+prompt)\s*:?\s*$/im;
/** Loci's own passage header, `[7] (trusted-policy.pdf)`, forged inside a passage. A reference list "[7] Mell, P. (2011)" is not this. */
const FORGED_HEADER = /^\s*\[\d{1,3}\]\s*\([^)\n]*\.(?:pdf|docx?|md|markdown|txt|html?|csv|json|pptx?|xlsx?|epub)\b[^)\n]*\)/im;

export function scanPassage(raw: string): ScanResult | null {
  const found = new Map<InjectionKind, string[]>();
  const add = (kind: InjectionKind, reason: string): void => {
    const reasons = found.get(kind) ?? [];
    if (!reasons.includes(reason)) reasons.push(reason);
    found.set(kind, reasons);
  };
  const hidden = findHiddenChars(raw);
  if (hidden.count > 0) add('hidden-text', `holds ${hidden.count} invisible ${hidden.count === 1 ? 'character' : 'characters'}`);
  const comments = raw.match(HTML_COMMENT) ?? [];
  if (comments.some((c) => /[\p{L}]{3,}/u.test(c))) add('hidden-text', 'holds an HTML comment (hidden when shown)');
  // read the text as a model would: invisible characters cannot split a word to get past the rules
  const text = stripHiddenChars(raw);
  for (const rule of RULES) if (rule.pattern.test(text)) add(rule.kind, rule.reason);
  for (const line of text.split(/\n|(?<=[.!?])\s+/)) {
    if (URL.test(line) && LOGIN.test(line)) {
      add('login-link', 'links to a page asking to log in');
      break;
    }
  }
  CONTROL_TOKENS.lastIndex = 0;
  if (CONTROL_TOKENS.test(text)) add('forged-structure', 'holds chat-template tokens');
  CONTROL_TOKENS.lastIndex = 0;
  if (INSTRUCTION_HEADING.test(text)) add('forged-structure', 'holds an instruction heading');
  if (FORGED_HEADER.test(text)) add('forged-structure', 'imitates a numbered source');
  if (found.size === 0) return null;
  return { kinds: [...found.keys()], reason: [...found.values()].flat().join('; ') };
}
