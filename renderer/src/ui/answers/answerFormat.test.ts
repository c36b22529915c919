import { describe, expect, it } from 'vitest';
import type { AnswerMetrics } from '../../../../shared/contract/chat';
import { describeCached, describeMetrics, describeRoute, errorTitle, ocrNote, passageLocation, promptAsText, snippet, stageRows } from './answerFormat';

const metrics = (patch: Partial<AnswerMetrics> = {}): AnswerMetrics => ({
  model: 'ollama:llama3.2:3b',
  embedMs: 4,
  retrievalMs: 12,
  overheadMs: 20,
  ttftMs: 120,
  tokensPerSecond: 95.4,
  totalMs: 1400,
  loadMs: 0.2,
  promptTokens: 812,
  completionTokens: 35,
  outcome: 'ok',
  doneReason: 'stop',
  ...patch,
});

describe('describeMetrics', () => {
  it('gives model, first token, speed, total and tokens; cold load only when the model was loaded', () => {
    expect(describeMetrics(metrics())).toBe('ollama · llama3.2:3b · first token 120 ms · 95 tok/s · 1.4 s total · 812 → 35 tokens');
    expect(describeMetrics(metrics({ loadMs: 2300 }))).toContain('cold load 2.3 s');
  });

  it('leaves out what Ollama did not report', () => {
    expect(describeMetrics(metrics({ ttftMs: null, tokensPerSecond: null, promptTokens: null, completionTokens: null, loadMs: null }))).toBe('ollama · llama3.2:3b · 1.4 s total');
  });

  it('names the engine of a built-in model', () => {
    expect(describeMetrics(metrics({ model: 'builtin:stories260K', loadMs: 0 }))).toMatch(/^built-in · stories260K · /);
  });
});

describe('small formatters', () => {
  it('names errors, places passages, shortens snippets and copies prompts', () => {
    expect(errorTitle('MODEL_NOT_FOUND')).toBe('The model is not installed');
    expect(errorTitle('INTERNAL')).toBe('The answer failed');
    expect(passageLocation({ page: 3, headingPath: ['Methods', 'Data'] })).toBe('p. 3 · Methods › Data');
    expect(passageLocation({ page: null, headingPath: [] })).toBe('');
    expect(snippet('a  b\n\nc')).toBe('a b c');
    expect(snippet('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(promptAsText([{ role: 'system', content: 'S' }, { role: 'user', content: 'U' }])).toBe('### system\nS\n\n### user\nU');
  });
});

describe('the OCR note', () => {
  it('marks a passage on a page OCR read, and nothing else', () => {
    expect(ocrNote({ ocrPages: [1, 2] }, { page: 2 })).toBe('Text recognised by OCR (page 2); it may contain misread words.');
    expect(ocrNote({ ocrPages: [1] }, { page: 2 })).toBeNull();
    expect(ocrNote({ ocrPages: [1] }, { page: null })).toBeNull();
    expect(ocrNote({}, { page: 1 })).toBeNull();
    expect(ocrNote(null, { page: 1 })).toBeNull();
  });
});

describe('cached and routed answers', () => {
  it('says when a cached answer was written, how it matched and what it saved', () => {
    const now = 1_000_000_000;
    expect(describeCached({ answeredAt: now - 10_000, sourceMessageId: 'm', match: 'exact', similarity: 1, savedMs: 1400, savedTokens: 812 }, now, 'en-US')).toBe('Cached answer from just now (same question) · saved 1.4 s, 812 tokens');
    expect(describeCached({ answeredAt: now - 5 * 60_000, sourceMessageId: 'm', match: 'similar', similarity: 0.9923, savedMs: null, savedTokens: null }, now, 'en-US')).toBe('Cached answer from 5 minutes ago (similar question, 99.2% alike)');
  });
  it('names the Auto tier and its reason', () => {
    expect(describeRoute({ tier: 'large', score: 2, reason: 'score 2 (comparison +2) ≥ 2' })).toBe('Auto → large: score 2 (comparison +2) ≥ 2');
  });
});

describe('the stage rows', () => {
  it('lists the stages in the order they ran, the parallel searches inside the search, and their sum is the total', () => {
    const stages = { prepareMs: 2, rewriteMs: 0, embedMs: 5, searchMs: 9, vectorSearchMs: 9, fullTextSearchMs: 6, fusionMs: 1, packingMs: 3, waitMs: 1, failedAttemptsMs: 30, failedAttempts: 2, firstTokenMs: 120, decodeMs: 400, unattributedMs: 0.5, totalMs: 571.5, sharedMs: 0 };
    const rows = stageRows(stages);
    expect(rows.map((r) => r.key)).toEqual(['prepareMs', 'rewriteMs', 'embedMs', 'searchMs', 'vectorSearchMs', 'fullTextSearchMs', 'fusionMs', 'packingMs', 'waitMs', 'failedAttemptsMs', 'firstTokenMs', 'decodeMs', 'unattributedMs']);
    expect(rows.filter((r) => r.within).map((r) => r.key)).toEqual(['vectorSearchMs', 'fullTextSearchMs']);
    expect(rows.filter((r) => !r.within).reduce((sum, r) => sum + r.ms, 0)).toBeCloseTo(stages.totalMs, 9);
    expect(rows.find((r) => r.key === 'failedAttemptsMs')?.count).toBe(2);
    // a chat answer shares nothing
    expect(rows.some((r) => r.shared)).toBe(false);
  });

  it('marks the stages a comparison ran once for all its columns', () => {
    const stages = { prepareMs: 2, rewriteMs: 0, embedMs: 5, searchMs: 9, vectorSearchMs: 9, fullTextSearchMs: 6, fusionMs: 1, packingMs: 3, waitMs: 4, failedAttemptsMs: 0, failedAttempts: 0, firstTokenMs: 120, decodeMs: 400, unattributedMs: 0, totalMs: 544, sharedMs: 20 };
    const shared = stageRows(stages).filter((r) => r.shared && !r.within);
    expect(shared.map((r) => r.key)).toEqual(['prepareMs', 'rewriteMs', 'embedMs', 'searchMs', 'fusionMs', 'packingMs']);
    expect(shared.reduce((sum, r) => sum + r.ms, 0)).toBe(stages.sharedMs);
  });
});
