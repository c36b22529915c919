import { describe, expect, it } from 'vitest';
import type { AnswerMetrics } from '../../../../shared/contract/chat';
import type { ModelInfo } from '../../../../shared/contract/ollama';
import { describeMetrics, errorTitle, modelOptions, ocrNote, passageLocation, promptAsText, snippet } from './answerFormat';

const metrics = (patch: Partial<AnswerMetrics> = {}): AnswerMetrics => ({
  model: 'llama3.2:3b',
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
  ...patch,
});

const model = (name: string): ModelInfo => ({ name, sizeBytes: 1, digest: 'x', family: null, parameterSize: null, quantization: null, contextLength: null, modifiedAt: '2025-01-01T00:00:00Z' });

describe('describeMetrics', () => {
  it('gives model, first token, speed, total and tokens; cold load only when the model was loaded', () => {
    expect(describeMetrics(metrics())).toBe('llama3.2:3b · first token 120 ms · 95 tok/s · 1.4 s total · 812 → 35 tokens');
    expect(describeMetrics(metrics({ loadMs: 2300 }))).toContain('cold load 2.3 s');
  });

  it('leaves out what Ollama did not report', () => {
    expect(describeMetrics(metrics({ ttftMs: null, tokensPerSecond: null, promptTokens: null, completionTokens: null, loadMs: null }))).toBe('llama3.2:3b · 1.4 s total');
  });
});

describe('modelOptions', () => {
  it('offers the default (Settings’, else the first installed) and every installed model', () => {
    const installed = [model('llama3.2:3b'), model('qwen2.5:7b')];
    expect(modelOptions(installed, null, null)).toEqual([
      { value: '', label: 'Default (llama3.2:3b)' },
      { value: 'llama3.2:3b', label: 'llama3.2:3b' },
      { value: 'qwen2.5:7b', label: 'qwen2.5:7b' },
    ]);
    expect(modelOptions(installed, 'qwen2.5:7b', null)[0]?.label).toBe('Default (qwen2.5:7b)');
  });

  it('keeps a conversation’s model that is not installed', () => {
    expect(modelOptions([model('llama3.2:3b')], null, 'phi3:mini').at(-1)).toEqual({ value: 'phi3:mini', label: 'phi3:mini (not installed)' });
    expect(modelOptions(null, null, 'phi3:mini')).toEqual([
      { value: '', label: 'Default' },
      { value: 'phi3:mini', label: 'phi3:mini' },
    ]);
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
