// Sample comparisons for tests on both sides of the contract (the patch functions, the renderer's compare store).
import type { AnswerMetrics } from '../contract/chat';
import type { Comparison, ComparisonColumn, Variant } from '../contract/compare';

export const LLAMA: Variant = { model: 'ollama:llama3.2:3b', promptTemplate: 'grounded-answer@1' };
export const QWEN: Variant = { model: 'ollama:qwen2.5:7b', promptTemplate: 'grounded-answer@1' };

/** The metrics of a finished answer from LLAMA. */
export const sampleAnswerMetrics = (patch: Partial<AnswerMetrics> = {}): AnswerMetrics => ({
  model: LLAMA.model,
  embedMs: 5,
  retrievalMs: 10,
  overheadMs: 1,
  ttftMs: 40,
  tokensPerSecond: 120,
  totalMs: 400,
  loadMs: 0,
  promptTokens: 800,
  completionTokens: 40,
  outcome: 'ok',
  doneReason: 'stop',
  ...patch,
});

export const sampleColumn = (variant: Variant, patch: Partial<ComparisonColumn> = {}): ComparisonColumn => ({
  variant,
  status: 'waiting',
  content: '',
  metrics: null,
  costUsd: null,
  error: null,
  rating: null,
  prompt: [{ role: 'user', content: 'Passages: … Question: q' }],
  ...patch,
});

/** A sequential comparison of LLAMA and QWEN that has not started. */
export const sampleComparison = (patch: Partial<Comparison> = {}): Comparison => ({
  id: 'cmp-1',
  createdAt: 1_000,
  question: 'What is cloud computing?',
  collectionId: 'default',
  collectionName: 'My library',
  mode: 'sequential',
  temperature: 0.2,
  passages: [],
  embedMs: 5,
  retrievalMs: 10,
  columns: [sampleColumn(LLAMA), sampleColumn(QWEN)],
  winner: null,
  finished: false,
  ...patch,
});
