// The relevance gate measured: off-topic questions over the fixture documents are refused and on-topic ones
// (the fixture documents' and XQuAD dev's, indexed with their passages) answered, with floors on the held-out half
// (the threshold was tuned on the other half; README, Quality).
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GATE_MIN_COVERAGE } from '../retrieval/relevanceGate';
import { FIXTURES_DIR } from '../../testing/sharedAssets';
import { createTestCore, type TestCore } from '../../testing/testCore';
import { gateQuestions, gateRates, indexGateSet, observeGate, splitHalves } from './gateSet';

const cores: TestCore[] = [];
afterAll(async () => Promise.all(cores.map((c) => c.cleanup())));

describe('relevance gate on the gate set', () => {
  it('refuses off-topic and answers on-topic questions on the held-out half, Japanese and Chinese included', async () => {
    const test = createTestCore();
    cores.push(test);
    const library = test.core.services.library;
    const { collectionId } = await indexGateSet(library, FIXTURES_DIR, test.dataDir);
    await library.calibrate(collectionId);
    const { heldOut } = splitHalves(gateQuestions(path.join(FIXTURES_DIR, 'qa-xquad-en-dev')));
    const observed = await observeGate(library, collectionId, heldOut, 6);
    const rates = gateRates(observed, (o) => o.coverage >= GATE_MIN_COVERAGE - 1e-9);
    // measured 100% and 84%: floors a little under them
    expect(rates.offTopicRefused).toBeGreaterThanOrEqual(0.95);
    expect(rates.onTopicAnswered).toBeGreaterThanOrEqual(0.8);
    const cjk = await observeGate(library, collectionId, [{ question: '佐藤太郎の住所はどこですか', onTopic: true, source: 'fixture' }, { question: '如何搜索命令行历史记录？', onTopic: true, source: 'fixture' }], 6);
    for (const o of cjk) expect(o.coverage).toBeGreaterThanOrEqual(GATE_MIN_COVERAGE);
  }, 600_000);
});
