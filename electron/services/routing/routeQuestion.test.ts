// Auto routing rules: the difficulty signals and the tier each score goes to.
import { describe, expect, it } from 'vitest';
import type { RoutingTier } from '../../../shared/contract/settings';
import { questionDifficulty } from './questionDifficulty';
import { routeQuestion, tiersIdentity } from './routeQuestion';

const tiers: RoutingTier[] = [
  { name: 'large', model: 'ollama:qwen2.5:7b', fromScore: 2 },
  { name: 'small', model: 'ollama:llama3.2:1b', fromScore: 0 },
];

describe('question difficulty', () => {
  it('scores a short single question zero', () => {
    expect(questionDifficulty('What is PaaS?', 400)).toEqual({ score: 0, signals: [] });
  });
  it('counts comparison, reasoning, parts, length and context', () => {
    const d = questionDifficulty('Compare IaaS and PaaS, and explain why a small team would pick one?', 500);
    expect(d.signals.map((s) => s.label)).toEqual(['2 parts', 'comparison', 'reasoning']);
    expect(d.score).toBe(4);
    expect(questionDifficulty('What is PaaS? Who defined it?', 0).signals).toEqual([{ label: '2 parts', points: 1 }]);
    expect(questionDifficulty('What is PaaS?', 2000).score).toBe(1);
    expect(questionDifficulty('What is PaaS?', 5000).score).toBe(2);
    const long = `What ${'very '.repeat(45)}long question is this?`;
    expect(questionDifficulty(long, 0).score).toBe(2);
    expect(questionDifficulty('Why is the sky blue?', 0).signals).toEqual([{ label: 'reasoning', points: 1 }]);
  });
});

describe('routing', () => {
  it('sends easy questions to the lowest tier and hard ones to the highest reached, with the reason', () => {
    expect(routeQuestion(tiers, questionDifficulty('What is PaaS?', 100))).toMatchObject({ tier: { name: 'small' }, route: { tier: 'small', score: 0, reason: 'score 0 (short, single question) ≥ 0' } });
    const hard = routeQuestion(tiers, questionDifficulty('What is the difference between IaaS and PaaS?', 100));
    expect(hard).toMatchObject({ tier: { name: 'large', model: 'ollama:qwen2.5:7b' }, route: { tier: 'large', score: 2 } });
    expect(hard!.route.reason).toBe('score 2 (comparison +2) ≥ 2');
    expect(routeQuestion(tiers, questionDifficulty('Why?', 0))).toMatchObject({ tier: { name: 'small' }, route: { score: 1 } });
  });
  it('uses the lowest tier when no threshold is reached, and nothing without tiers', () => {
    const high: RoutingTier[] = [{ name: 'only', model: 'ollama:a', fromScore: 3 }];
    expect(routeQuestion(high, questionDifficulty('What is PaaS?', 0))).toMatchObject({ tier: { name: 'only' }, route: { reason: expect.stringContaining('below every threshold') } });
    expect(routeQuestion([], questionDifficulty('What is PaaS?', 0))).toBeNull();
  });
  it('names a tier set independently of the order it was given in', () => {
    expect(tiersIdentity(tiers)).toBe(tiersIdentity([...tiers].reverse()));
    expect(tiersIdentity(tiers)).not.toBe(tiersIdentity([{ ...tiers[0]!, fromScore: 3 }, tiers[1]!]));
  });
});
