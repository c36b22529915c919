// The Compare screen through serve mode in Chromium, against the Ollama stand-in and a real PDF: two models on one
// question streaming side by side with their metrics, the faster one's speed highlighted; a winner that survives
// a reload and reaches the leaderboard; a failing column next to a good one; a prompt-version A/B; Stop.
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test as base } from '../fixtures/lociTest';
import { startOllamaStandIn } from '../fixtures/ollama-standin/server';

const NIST = path.resolve(import.meta.dirname, '../../../shared/fixtures/documents/pdf/nist-sp800-145-cloud-definition.pdf');
const QUESTION = 'What are the essential characteristics of the cloud model?';

// Answers slow enough to be seen while they are written: at the shared fixture's speed a whole answer streams in
// a frame or two. Still well under a second per column.
const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the fixtures argument to be destructured
  standIn: async ({}, use) => {
    const standIn = await startOllamaStandIn({ timeScale: 0.25 });
    await use(standIn);
    await standIn.close();
  },
});

const column = (page: Page, index: number): Locator => page.locator(`[data-testid=compare-column][data-index="${index}"]`);
const metric = (col: Locator, key: string): Locator => col.locator(`[data-testid=column-metric][data-metric="${key}"]`);

async function metricValue(col: Locator, key: string): Promise<number> {
  const raw = await metric(col, key).getAttribute('data-value');
  expect(raw, `${key} has a value`).toBeTruthy();
  return Number(raw);
}

async function setVariants(page: Page, variants: Array<{ model: string; prompt: string }>): Promise<void> {
  const rows = page.getByTestId('variant');
  for (let i = 0; i < variants.length; i++) {
    await rows.nth(i).getByTestId('variant-model').selectOption(variants[i]!.model);
    await rows.nth(i).getByTestId('variant-prompt').selectOption(variants[i]!.prompt);
  }
}

async function openCompare(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByTestId('compare-view')).toBeVisible();
}

/** Runs the form and waits until the comparison has ended (every column settled, Stop gone). */
async function run(page: Page): Promise<void> {
  await page.getByTestId('compare-run').click();
  await expect(page.getByTestId('compare-results')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('compare-stop')).toHaveCount(0, { timeout: 30_000 });
}

test('compares two models side by side, keeps the winner, ranks it, and shows a failing column', async ({ page, host, standIn }) => {
  test.setTimeout(90_000);
  await page.goto(host.url);

  await test.step('import the NIST definition through the Library', async () => {
    await page.getByTestId('file-input').setInputFiles(NIST);
    await expect(page.locator('[data-testid=document-row][data-status=ready]')).toHaveCount(1, { timeout: 60_000 });
  });

  await test.step('llama3.2:3b vs qwen2.5:7b: both stream, llama is faster and highlighted', async () => {
    await openCompare(page);
    await expect(page.getByTestId('compare-mode')).toHaveValue('sequential');
    await expect(page.getByTestId('remove-variant').first()).toBeDisabled();
    await page.getByTestId('compare-question').fill(QUESTION);
    await setVariants(page, [
      { model: 'ollama:llama3.2:3b', prompt: 'grounded-answer@1' },
      { model: 'ollama:qwen2.5:7b', prompt: 'grounded-answer@1' },
    ]);
    // note every render where a column shows text while it is still being written
    await page.evaluate(() => {
      const w = window as unknown as { partialSeen: string[] };
      w.partialSeen = [];
      new MutationObserver(() => {
        for (const col of document.querySelectorAll('[data-testid=compare-column][data-status=running]')) {
          const text = col.querySelector('[data-testid=column-content]')?.textContent ?? '';
          if (text) w.partialSeen.push(`${col.getAttribute('data-model')}: ${text}`);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.getByTestId('compare-run').click();
    await expect(page.getByTestId('compare-stop')).toBeVisible();
    await expect(page.getByTestId('compare-results')).toBeVisible({ timeout: 20_000 });
    await expect(column(page, 0)).toHaveAttribute('data-model', 'ollama:llama3.2:3b');
    await expect(column(page, 1)).toHaveAttribute('data-model', 'ollama:qwen2.5:7b');
    await expect(column(page, 0)).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
    await expect(column(page, 1)).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
    await expect(page.getByTestId('compare-stop')).toHaveCount(0);

    const partial = await page.evaluate(() => (window as unknown as { partialSeen: string[] }).partialSeen);
    expect(partial.length, 'a column showed text before it was complete').toBeGreaterThan(0);
    for (const index of [0, 1]) {
      await expect(column(page, index).getByTestId('column-content')).toContainText(/\S/);
      await expect(column(page, index).getByTestId('citation').first()).toBeVisible();
    }

    const llama = column(page, 0);
    const qwen = column(page, 1);
    const llamaTps = await metricValue(llama, 'tps');
    const qwenTps = await metricValue(qwen, 'tps');
    expect(llamaTps).toBeGreaterThan(qwenTps);
    await expect(metric(llama, 'tps')).toHaveAttribute('data-best', 'true');
    await expect(metric(qwen, 'tps')).toHaveAttribute('data-best', 'false');
    for (const key of ['ttft', 'latency', 'promptTokens', 'completionTokens', 'load', 'cost', 'length']) expect(await metricValue(llama, key)).toBeGreaterThanOrEqual(0);
    await expect(metric(llama, 'cost')).toContainText('on OpenAI GPT-4o');
    await expect(metric(llama, 'load')).toContainText(/cold|warm/);
    await expect(page.getByTestId('compare-mode-note')).toHaveAttribute('data-mode', 'sequential');
    // each column's time by stage: retrieval and packing ran once, marked shared, the column's own generation after
    for (const index of [0, 1]) {
      const stages = column(page, index).getByTestId('answer-stages');
      await stages.locator('summary').click();
      await expect(stages.locator('tr[data-stage=searchMs][data-shared=true]')).toBeVisible();
      await expect(stages.locator('tr[data-stage=decodeMs]:not([data-shared])')).toBeVisible();
      await expect(stages.getByTestId('answer-stages-shared')).toContainText('ran once for all the columns');
    }

    const passages = page.getByTestId('compare-passages');
    expect(Number(await passages.getAttribute('data-count'))).toBeGreaterThan(0);
    await passages.locator('summary').click();
    await expect(passages.getByTestId('compare-passage').first()).toContainText('nist-sp800-145-cloud-definition.pdf');

    await qwen.getByTestId('show-prompt').click();
    await expect(qwen.getByTestId('prompt-panel')).toContainText(`Question: ${QUESTION}`);
  });

  await test.step('mark llama the winner and rate it; the leaderboard counts the win', async () => {
    const llama = column(page, 0);
    await llama.getByTestId('mark-winner').click();
    await expect(llama.getByTestId('mark-winner')).toHaveAttribute('aria-pressed', 'true');
    await expect(column(page, 1).getByTestId('mark-winner')).toHaveAttribute('aria-pressed', 'false');
    await llama.getByTestId('rating').getByRole('radio', { name: '4 stars' }).check({ force: true });
    await expect(llama.getByTestId('rating')).toHaveAttribute('data-value', '4');
    const row = page.locator('[data-testid=leaderboard-row][data-model="ollama:llama3.2:3b"][data-prompt="grounded-answer@1"]');
    await expect(row.locator('[data-col=wins]')).toHaveText('1');
    await expect(row.locator('[data-col=count]')).toHaveText('1');
  });

  await test.step('after a reload the winner is still there (history → open) and on the leaderboard', async () => {
    await page.reload();
    await openCompare(page);
    const item = page.getByTestId('comparison-item');
    await expect(item).toHaveCount(1);
    await expect(item).toContainText(QUESTION);
    await expect(item.getByTestId('comparison-winner')).toContainText('llama3.2:3b');
    await item.getByTestId('comparison-open').click();
    await expect(column(page, 0)).toHaveAttribute('data-status', 'complete');
    await expect(column(page, 0).getByTestId('mark-winner')).toHaveAttribute('aria-pressed', 'true');
    await expect(column(page, 0).getByTestId('rating')).toHaveAttribute('data-value', '4');
    await expect(metric(column(page, 0), 'tps')).toHaveAttribute('data-best', 'true');
    const llama = page.locator('[data-testid=leaderboard-row][data-model="ollama:llama3.2:3b"][data-prompt="grounded-answer@1"]');
    await expect(llama.locator('[data-col=wins]')).toHaveText('1');
    await expect(llama.locator('[data-col=winRate]')).toHaveText('100%');
    await expect(page.locator('[data-testid=leaderboard-row][data-model="ollama:qwen2.5:7b"] [data-col=wins]')).toHaveText('0');
  });

  await test.step('a failing column says why while the other completes', async () => {
    standIn.setFaults([{ kind: 'unknownModel', model: 'qwen2.5:7b' }]);
    await page.getByTestId('compare-question').fill(QUESTION);
    await setVariants(page, [
      { model: 'ollama:llama3.2:3b', prompt: 'grounded-answer@1' },
      { model: 'ollama:qwen2.5:7b', prompt: 'grounded-answer@1' },
    ]);
    await run(page);
    standIn.clearFaults();
    await expect(column(page, 0)).toHaveAttribute('data-status', 'complete');
    await expect(column(page, 1)).toHaveAttribute('data-status', 'failed');
    await expect(column(page, 1).getByTestId('column-error')).toHaveAttribute('data-code', 'MODEL_NOT_FOUND');
    await expect(column(page, 1).getByTestId('column-error')).toContainText('qwen2.5:7b');
    // a failed column takes no part in the best values
    await expect(column(page, 0).locator('[data-testid=column-metric][data-best=true]')).toHaveCount(0);
    await expect(page.getByTestId('comparison-item')).toHaveCount(2);
  });
});

test('compares two prompt versions on one model, and stops a run', async ({ page, host, standIn }) => {
  test.setTimeout(90_000);
  await page.goto(host.url);
  await page.getByTestId('file-input').setInputFiles(NIST);
  await expect(page.locator('[data-testid=document-row][data-status=ready]')).toHaveCount(1, { timeout: 60_000 });
  await openCompare(page);

  await test.step('grounded-answer v1 vs v2 on llama3.2:3b, in parallel', async () => {
    await page.getByTestId('compare-question').fill(QUESTION);
    await setVariants(page, [
      { model: 'ollama:llama3.2:3b', prompt: 'grounded-answer@1' },
      { model: 'ollama:llama3.2:3b', prompt: 'grounded-answer@2' },
    ]);
    await page.getByTestId('compare-mode').selectOption('parallel');
    await run(page);
    for (const index of [0, 1]) await expect(column(page, index)).toHaveAttribute('data-status', 'complete');
    await expect(column(page, 0)).toHaveAttribute('data-prompt', 'grounded-answer@1');
    await expect(column(page, 1)).toHaveAttribute('data-prompt', 'grounded-answer@2');
    await expect(column(page, 1)).toContainText('Grounded answer (concise) v2');
    await expect(page.getByTestId('compare-mode-note')).toHaveAttribute('data-mode', 'parallel');
    // same passages and question, different instructions
    for (const index of [0, 1]) await column(page, index).getByTestId('show-prompt').click();
    const systems = await page.locator('[data-testid=prompt-panel] .prompt-panel__message[data-role=system]').allTextContents();
    expect(systems).toHaveLength(2);
    expect(systems[0]).not.toBe(systems[1]);
    await expect(page.locator('[data-testid=leaderboard-row][data-model="ollama:llama3.2:3b"]')).toHaveCount(2);
  });

  await test.step('adds a third variant, then removes it', async () => {
    await page.getByTestId('add-variant').click();
    await expect(page.getByTestId('variant')).toHaveCount(3);
    await page.getByTestId('variant').nth(2).getByTestId('remove-variant').click();
    await expect(page.getByTestId('variant')).toHaveCount(2);
    await expect(page.getByTestId('variant').nth(1).getByTestId('variant-prompt')).toHaveValue('grounded-answer@2');
  });

  await test.step('Stop keeps what arrived, marked as stopped', async () => {
    // the first column waits long for its first token, so Stop lands while it runs and the second never starts
    standIn.setFaults([{ kind: 'stall', ms: 10_000, times: 1 }]);
    await page.getByTestId('compare-mode').selectOption('sequential');
    await page.getByTestId('compare-run').click();
    await expect(column(page, 0)).toHaveAttribute('data-status', 'running', { timeout: 20_000 });
    await page.getByTestId('compare-stop').click();
    await expect(page.getByTestId('compare-stop')).toHaveCount(0, { timeout: 10_000 });
    await expect(column(page, 0)).toHaveAttribute('data-status', 'incomplete');
    await expect(column(page, 0)).toContainText('Stopped');
    await expect(column(page, 1)).toHaveAttribute('data-status', 'incomplete');
    await expect(page.getByTestId('compare-results')).toContainText('Stopped early');
    standIn.clearFaults();
  });
});
