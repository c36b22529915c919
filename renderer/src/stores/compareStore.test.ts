import { describe, expect, it } from 'vitest';
import type { PromptTemplateInfo } from '../../../shared/contract/chat';
import { applyColumnPatches } from '../../../shared/contract/compare';
import { LLAMA, QWEN, sampleAnswerMetrics, sampleColumn, sampleComparison } from '../../../shared/testing/sampleComparison';
import { AppError } from '../../../shared/contract/errors';
import type { ModelInfo } from '../../../shared/contract/models';
import { createCompareStore, resolveVariants, selectNamesHidden, type CompareStoreDeps } from './compareStore';
import { createFakeLociApi, type FakeLociApi, type FakeStream } from './testing/fakeLociApi';
import { sampleModel } from './testing/fixtures';

const TEMPLATES: PromptTemplateInfo[] = [
  { id: 'grounded-answer', version: 1, name: 'Grounded answer', description: '' },
  { id: 'grounded-answer', version: 2, name: 'Grounded answer (concise)', description: '' },
];

const installedModel = (name: string): ModelInfo => sampleModel(name);

const metrics = sampleAnswerMetrics;

const column = sampleColumn;
const comparison = sampleComparison;

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function setup(deps: Partial<CompareStoreDeps> = {}): { api: FakeLociApi; store: ReturnType<typeof createCompareStore> } {
  let stored = comparison();
  const api = createFakeLociApi({
    'chat.promptTemplates': () => ({ templates: TEMPLATES }),
    'compare.list': () => ({ comparisons: [] }),
    'compare.leaderboard': () => ({ entries: [] }),
    'compare.get': () => stored,
    'compare.thread': () => ({ comparisons: [stored] }),
    'compare.setWinner': ({ column }) => (stored = column === 'tie' ? { ...stored, winner: null, tie: true } : { ...stored, winner: column, tie: false }),
    'compare.rate': ({ column: index, rating }) => (stored = { ...stored, columns: stored.columns.map((c, i) => (i === index ? { ...c, rating } : c)) }),
    'compare.delete': ({ id }) => ({ id }),
  });
  const store = createCompareStore(api, {
    installedModels: () => [installedModel('llama3.2:3b'), installedModel('qwen2.5:7b')],
    defaultCollectionId: () => 'default',
    defaultPromptTemplate: () => 'grounded-answer@1',
    ...deps,
  });
  return { api, store };
}

const runStream = (api: FakeLociApi) => api.streams.at(-1) as FakeStream<'compare.run'>;

describe('resolveVariants', () => {
  it('fills a blank model with the n-th installed model and a blank prompt with the default template', () => {
    const blank = { model: '', promptTemplate: '' };
    expect(resolveVariants([blank, blank, blank], ['a', 'b'], TEMPLATES, 'grounded-answer@2')).toEqual([
      { model: 'a', promptTemplate: 'grounded-answer@2' },
      { model: 'b', promptTemplate: 'grounded-answer@2' },
      { model: 'a', promptTemplate: 'grounded-answer@2' },
    ]);
    expect(resolveVariants([{ model: 'x', promptTemplate: 'grounded-answer@1' }], [], null, 'grounded-answer@2')).toEqual([{ model: 'x', promptTemplate: 'grounded-answer@1' }]);
  });

  it('falls back to the first template when the default one does not exist', () => {
    expect(resolveVariants([{ model: '', promptTemplate: '' }], [], TEMPLATES, 'gone@9')).toEqual([{ model: '', promptTemplate: 'grounded-answer@1' }]);
  });
});

describe('applyColumnPatches', () => {
  it('appends deltas and replaces the other fields, keeping untouched columns as they were', () => {
    const before = comparison();
    const after = applyColumnPatches(before, [
      { index: 0, delta: 'Cloud ', status: 'running' },
      { index: 0, delta: 'computing [1]' },
    ]);
    expect(after.columns[0]).toMatchObject({ content: 'Cloud computing [1]', status: 'running' });
    expect(after.columns[1]).toBe(before.columns[1]);
    const done = applyColumnPatches(after, [{ index: 0, status: 'complete', metrics: metrics(), costUsd: 0.0024, error: null }, { index: 9, status: 'complete' }]);
    expect(done.columns[0]).toMatchObject({ content: 'Cloud computing [1]', status: 'complete', costUsd: 0.0024, metrics: { tokensPerSecond: 120 } });
    expect(done.columns).toHaveLength(2);
  });
});

describe('compare store', () => {
  it('loads templates, history and leaderboard', async () => {
    const { api, store } = setup();
    await store.getState().load();
    expect(store.getState().templates).toEqual(TEMPLATES);
    expect(store.getState().history).toEqual([]);
    expect(store.getState().leaderboard).toEqual([]);
    expect(api.calls.map((c) => c.name).sort()).toEqual(['chat.promptTemplates', 'compare.leaderboard', 'compare.list']);
  });

  it('edits 2-4 variants, keeping the others’ choices when one is removed', async () => {
    const { store } = setup();
    await store.getState().load();
    store.getState().addVariant();
    store.getState().addVariant();
    store.getState().addVariant(); // a fifth is refused
    expect(store.getState().form.variants).toHaveLength(4);
    store.getState().setVariant(3, { promptTemplate: 'grounded-answer@2' });
    store.getState().removeVariant(0);
    expect(store.getState().form.variants).toEqual([
      { model: 'ollama:qwen2.5:7b', promptTemplate: 'grounded-answer@1' },
      { model: 'ollama:llama3.2:3b', promptTemplate: 'grounded-answer@1' },
      // the fourth kept the model it showed (the second installed one), not the first's default at its new place
      { model: 'ollama:qwen2.5:7b', promptTemplate: 'grounded-answer@2' },
    ]);
    store.getState().removeVariant(0);
    store.getState().removeVariant(0); // two is the minimum
    expect(store.getState().form.variants).toHaveLength(2);
  });

  it('refuses an empty question before sending anything', async () => {
    const { api, store } = setup();
    await store.getState().runComparison();
    expect(store.getState().formError).toEqual({ field: 'question', message: 'Type a question' });
    expect(api.streams).toHaveLength(0);
  });

  it('refuses when no model is installed', async () => {
    const { store } = setup({ installedModels: () => [] });
    store.getState().setQuestion('q');
    await store.getState().runComparison();
    expect(store.getState().formError?.field).toBe('variants');
  });

  it('streams a comparison: applies each column’s patches, then takes the final comparison and refreshes the lists', async () => {
    const { api, store } = setup();
    store.getState().setQuestion('  What is cloud computing? ');
    store.getState().setMode('parallel');
    const running = store.getState().runComparison();
    const stream = runStream(api);
    expect(stream.input).toEqual({
      collectionId: 'default',
      question: 'What is cloud computing?',
      variants: [
        { model: 'ollama:llama3.2:3b', promptTemplate: 'grounded-answer@1' },
        { model: 'ollama:qwen2.5:7b', promptTemplate: 'grounded-answer@1' },
      ],
      mode: 'parallel',
    });
    expect(store.getState().run).toEqual({ phase: 'retrieving', stopping: false });
    expect(store.getState().current).toBeNull();

    stream.emit({ comparison: comparison({ mode: 'parallel' }), columns: [] });
    expect(store.getState().run?.phase).toBe('generating');
    stream.emit({ columns: [{ index: 0, status: 'running', delta: 'Cloud ' }, { index: 1, status: 'running' }] });
    const qwenBefore = store.getState().current!.columns[1];
    stream.emit({ columns: [{ index: 0, delta: 'computing [1]' }] });
    expect(store.getState().current!.columns[0]).toMatchObject({ content: 'Cloud computing [1]', status: 'running' });
    // a token in one column leaves the other column's object alone (a memoised column skips it)
    expect(store.getState().current!.columns[1]).toBe(qwenBefore);
    stream.emit({ columns: [{ index: 1, delta: 'It is [1]' }, { index: 0, status: 'complete', metrics: metrics(), costUsd: 0.001 }] });
    expect(store.getState().current!.columns.map((c) => c.status)).toEqual(['complete', 'running']);
    expect(store.getState().current!.columns[1]!.content).toBe('It is [1]');

    const final = comparison({ mode: 'parallel', finished: true, columns: [column(LLAMA, { status: 'complete', content: 'Cloud computing [1]' }), column(QWEN, { status: 'complete', content: 'It is [1]' })] });
    const listsBefore = api.calls.filter((c) => c.name === 'compare.list').length;
    stream.end(final);
    await running;
    expect(store.getState().current).toEqual(final);
    expect(store.getState().run).toBeNull();
    expect(api.calls.filter((c) => c.name === 'compare.list').length).toBe(listsBefore + 1);
    expect(api.calls.some((c) => c.name === 'compare.leaderboard')).toBe(true);
  });

  it('Stop cancels the stream and shows what the host stored, with no error', async () => {
    const { api, store } = setup();
    store.getState().setQuestion('q');
    const running = store.getState().runComparison();
    const stream = runStream(api);
    stream.emit({ comparison: comparison(), columns: [{ index: 0, status: 'running', delta: 'Part' }] });
    store.getState().stop();
    expect(stream.cancelled).toBe(true);
    expect(store.getState().run?.stopping).toBe(true);
    const stopped = comparison({ columns: [column(LLAMA, { status: 'incomplete', content: 'Part', error: { code: 'CANCELLED', message: 'Cancelled' } }), column(QWEN, { status: 'incomplete' })] });
    api.handle({ 'compare.get': () => stopped });
    stream.fail(new AppError('CANCELLED', 'Cancelled'));
    await running;
    expect(store.getState().current).toEqual(stopped);
    expect(store.getState().runError).toBeNull();
    expect(store.getState().run).toBeNull();
  });

  it('keeps a run that failed before any comparison as the run error', async () => {
    const { api, store } = setup();
    store.getState().setQuestion('q');
    const running = store.getState().runComparison();
    runStream(api).fail(new AppError('NOT_FOUND', 'No such collection'));
    await running;
    expect(store.getState().current).toBeNull();
    expect(store.getState().runError?.code).toBe('NOT_FOUND');
  });

  it('toggles the winner and saves it, refreshing the leaderboard', async () => {
    const { api, store } = setup();
    await store.getState().open('cmp-1');
    await store.getState().toggleWinner(0);
    expect(store.getState().current?.winner).toBe(0);
    expect(api.calls.filter((c) => c.name === 'compare.setWinner').map((c) => c.input)).toEqual([{ id: 'cmp-1', column: 0 }]);
    const boards = api.calls.filter((c) => c.name === 'compare.leaderboard').length;
    await store.getState().toggleWinner(0);
    expect(store.getState().current?.winner).toBeNull();
    expect(api.calls.filter((c) => c.name === 'compare.setWinner').at(-1)?.input).toEqual({ id: 'cmp-1', column: null });
    expect(api.calls.filter((c) => c.name === 'compare.leaderboard').length).toBe(boards + 1);
  });

  it('puts the winner back and reports the error when saving fails', async () => {
    const { api, store } = setup();
    await store.getState().open('cmp-1');
    api.handle({ 'compare.setWinner': () => Promise.reject(new AppError('NOT_FOUND', 'That comparison no longer exists')) });
    await store.getState().toggleWinner(1);
    expect(store.getState().current?.winner).toBeNull();
    expect(store.getState().actionError?.code).toBe('NOT_FOUND');
  });

  it('rates a column 1-5 and clears it', async () => {
    const { api, store } = setup();
    await store.getState().open('cmp-1');
    await store.getState().rate(1, 4);
    expect(store.getState().current?.columns[1]?.rating).toBe(4);
    await store.getState().rate(1, null);
    expect(store.getState().current?.columns[1]?.rating).toBeNull();
    expect(api.calls.filter((c) => c.name === 'compare.rate').map((c) => c.input)).toEqual([
      { id: 'cmp-1', column: 1, rating: 4 },
      { id: 'cmp-1', column: 1, rating: null },
    ]);
  });

  it('ignores winner and ratings while the comparison is still running', async () => {
    const { api, store } = setup();
    store.getState().setQuestion('q');
    const running = store.getState().runComparison();
    runStream(api).emit({ comparison: comparison(), columns: [] });
    await store.getState().toggleWinner(0);
    await store.getState().rate(0, 5);
    expect(api.calls.some((c) => c.name === 'compare.setWinner' || c.name === 'compare.rate')).toBe(false);
    runStream(api).end(comparison({ finished: true }));
    await running;
  });

  it('deletes a comparison: gone from history, and closed when it was open', async () => {
    const { api, store } = setup();
    api.handle({ 'compare.list': () => ({ comparisons: [{ id: 'cmp-1', createdAt: 1, question: 'q', collectionName: 'c', mode: 'sequential', variants: [LLAMA, QWEN], winner: null }] }) });
    await store.getState().load();
    await store.getState().open('cmp-1');
    api.handle({ 'compare.list': () => ({ comparisons: [] }) });
    await store.getState().deleteComparison('cmp-1');
    expect(store.getState().current).toBeNull();
    expect(store.getState().history).toEqual([]);
    await flush(); // lets the store's last pending promise end inside the test
  });
});

describe('compare store: arena', () => {
  it('blind: sends blind, hides the names until a vote (a tie counts), and a second tie click clears it', async () => {
    const { api, store } = setup();
    await store.getState().load();
    store.getState().setQuestion('What is cloud computing?');
    store.getState().setBlind(true);
    const running = store.getState().runComparison();
    expect(runStream(api).input).toMatchObject({ blind: true });
    runStream(api).end(comparison({ blind: true, finished: true, columns: [column(QWEN, { status: 'complete' }), column(LLAMA, { status: 'complete' })] }));
    await running;
    expect(selectNamesHidden(store.getState())).toBe(true);
    await store.getState().toggleTie();
    expect(api.calls.filter((c) => c.name === 'compare.setWinner').at(-1)?.input).toEqual({ id: 'cmp-1', column: 'tie' });
    expect(store.getState().current).toMatchObject({ tie: true, winner: null });
    expect(selectNamesHidden(store.getState())).toBe(false);
    await store.getState().toggleTie();
    expect(api.calls.filter((c) => c.name === 'compare.setWinner').at(-1)?.input).toEqual({ id: 'cmp-1', column: null });
    expect(selectNamesHidden(store.getState())).toBe(true);
    await store.getState().toggleWinner(1);
    expect(store.getState().current).toMatchObject({ winner: 1, tie: false });
    expect(selectNamesHidden(store.getState())).toBe(false);
  });

  it('a follow-up runs the same variants in the same order after the current one, which moves into the thread', async () => {
    const { api, store } = setup();
    await store.getState().load();
    store.getState().setQuestion('What is cloud computing?');
    const first = store.getState().runComparison();
    runStream(api).end(comparison({ finished: true, columns: [column(QWEN, { status: 'complete', content: 'A' }), column(LLAMA, { status: 'complete', content: 'B' })] }));
    await first;
    store.getState().setFollowUp('  And its drawbacks?  ');
    const next = store.getState().askFollowUp();
    expect(runStream(api).input).toMatchObject({ question: 'And its drawbacks?', followUpOf: 'cmp-1', variants: [QWEN, LLAMA], collectionId: 'default' });
    expect(store.getState().followUp).toBe('');
    expect(store.getState().thread.map((c) => c.id)).toEqual(['cmp-1']);
    runStream(api).end(comparison({ id: 'cmp-2', parentId: 'cmp-1', question: 'And its drawbacks?', finished: true }));
    await next;
    expect(store.getState().current?.id).toBe('cmp-2');
    // a thread opened from history shows its earlier turns
    await store.getState().open('cmp-2');
    expect(api.calls.some((c) => c.name === 'compare.thread')).toBe(true);
  });

  it('a follow-up that fails before it starts puts the previous turn back on screen', async () => {
    const { api, store } = setup();
    await store.getState().load();
    store.getState().setQuestion('q');
    const first = store.getState().runComparison();
    runStream(api).end(comparison({ finished: true }));
    await first;
    store.getState().setFollowUp('next?');
    const next = store.getState().askFollowUp();
    runStream(api).fail(new AppError('INVALID_INPUT', 'A follow-up asks the same models as the comparison it continues'));
    await next;
    expect(store.getState().current?.id).toBe('cmp-1');
    expect(store.getState().thread).toEqual([]);
    expect(store.getState().runError?.code).toBe('INVALID_INPUT');
  });
});
