// The Models screen through serve mode in Chromium, against the Ollama stand-in: the installed models with their
// details; pulls with live progress, an unknown name, Cancel, and Ollama going away mid-pull; delete with a
// confirmation; the default chat model.
import type { Locator, Page } from '@playwright/test';
import { expect, test as base } from '../fixtures/lociTest';
import { startOllamaStandIn } from '../fixtures/ollama-standin/server';

// Pulls slow enough to watch: at the shared fixture's speed a 2 GB pull takes ~0.1 s, too quick to read its
// progress bar several times or to cancel "early". Everything else keeps the fixture's time scale.
const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the fixtures argument to be destructured
  standIn: async ({}, use) => {
    const standIn = await startOllamaStandIn({ timeScale: 0.05, pullBytesPerSecond: 4e7 });
    await use(standIn);
    await standIn.close();
  },
});

const row = (page: Page, name: string): Locator => page.locator(`[data-testid=model-row][data-name="${name}"]`);
const pullItem = (page: Page, name: string): Locator => page.locator(`[data-testid=pull-item][data-name="${name}"]`);

async function startPull(page: Page, name: string): Promise<Locator> {
  await page.getByTestId('pull-input').fill(name);
  await page.getByTestId('pull-button').click();
  await expect(page.getByTestId('pull-input')).toHaveValue('');
  return pullItem(page, name).last();
}

/** The bar's value, or -1 once the pull has left the running state (the bar is gone). */
const progressValue = (item: Locator): Promise<number> =>
  item
    .getByTestId('pull-progress')
    .evaluate((el) => (el as HTMLProgressElement).value, undefined, { timeout: 500 })
    .catch(() => -1);

/** Waits until the running pull's bar shows some bytes done. */
async function waitForBytes(item: Locator): Promise<void> {
  await expect.poll(() => progressValue(item), { timeout: 15_000, intervals: [50] }).toBeGreaterThan(0);
}

test('lists, pulls with progress, cancels, survives Ollama going away, deletes and sets the default', async ({ page, host, standIn }) => {
  test.setTimeout(90_000);
  await page.goto(`${host.url}#/models`);
  await expect(page.getByTestId('models-view')).toBeVisible();

  await test.step('lists the two installed models with their details', async () => {
    await expect(page.getByTestId('model-row')).toHaveCount(2);
    await expect(page.getByTestId('models-ollama-url')).toHaveText(standIn.url);
    const llama = row(page, 'llama3.2:3b');
    for (const text of ['2.0 GB', 'llama', '3.2B', 'Q4_K_M', '131,072', 'Sep 18, 2025']) await expect(llama).toContainText(text);
    const qwen = row(page, 'qwen2.5:7b');
    for (const text of ['4.7 GB', 'qwen2', '7.6B', 'Q4_K_M', '32,768']) await expect(qwen).toContainText(text);
    await expect(llama).toHaveAttribute('data-loaded', 'false');
    // no default set: Chat falls back to the first installed model, and says so
    await expect(llama.getByTestId('model-default-badge')).toContainText('first available');
    await expect(qwen.getByTestId('model-default-badge')).toHaveCount(0);
  });

  await test.step('refuses a malformed name inline, without starting a pull', async () => {
    await page.getByTestId('pull-input').fill('not a name!');
    await page.getByTestId('pull-button').click();
    await expect(page.getByRole('alert').filter({ hasText: 'Model names use letters' })).toBeVisible();
    await expect(page.getByTestId('pull-item')).toHaveCount(0);
    await page.getByTestId('pull-input').fill('');
  });

  await test.step('pulls phi3:mini with an advancing progress bar, then lists it', async () => {
    const item = await startPull(page, 'phi3:mini');
    await expect(item).toHaveAttribute('data-state', 'running');
    const seen: number[] = [];
    await expect
      .poll(
        async () => {
          const value = await progressValue(item);
          if (value > (seen.at(-1) ?? 0)) seen.push(value);
          return seen.length;
        },
        { timeout: 15_000, intervals: [80] },
      )
      .toBeGreaterThanOrEqual(4);
    const max = Number(await item.getByTestId('pull-progress').getAttribute('max'));
    expect(max).toBeGreaterThan(2_000_000_000);
    expect(seen.every((v) => v <= max)).toBe(true);
    await expect(item).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
    await expect(item).toContainText('Installed');
    await expect(row(page, 'phi3:mini')).toBeVisible();
    await expect(row(page, 'phi3:mini')).toContainText('2.2 GB');
  });

  await test.step('an unknown name fails on its pull, clearly', async () => {
    const item = await startPull(page, 'nope:1b');
    await expect(item).toHaveAttribute('data-state', 'failed');
    await expect(item.getByTestId('pull-error')).toHaveAttribute('data-code', 'MODEL_NOT_FOUND');
    await expect(item.getByTestId('pull-error')).toContainText('nope:1b');
    await expect(page.getByTestId('model-row')).toHaveCount(3);
  });

  await test.step('cancels a big pull early: cancelled, nothing installed', async () => {
    const item = await startPull(page, 'mistral:7b');
    await waitForBytes(item);
    await item.getByTestId('pull-cancel').click();
    await expect(item).toHaveAttribute('data-state', 'cancelled');
    await expect(item.getByTestId('pull-error')).toHaveCount(0);
    await expect(row(page, 'mistral:7b')).toHaveCount(0);
    expect(standIn.installed().map((m) => m.name)).not.toContain('mistral:7b');
    // finished pulls can be dismissed
    await item.getByTestId('pull-dismiss').click();
    await expect(pullItem(page, 'mistral:7b')).toHaveCount(0);
  });

  await test.step('Ollama going away mid-pull fails that pull with the reason; the list is right once it is back', async () => {
    const item = await startPull(page, 'mistral:7b');
    await waitForBytes(item);
    await standIn.stop();
    await expect(item).toHaveAttribute('data-state', 'failed', { timeout: 15_000 });
    const error = item.getByTestId('pull-error');
    await expect(error).toBeVisible();
    expect(['OLLAMA_UNREACHABLE', 'OLLAMA_STREAM_CUT']).toContain(await error.getAttribute('data-code'));
    await expect(error).toContainText(/Ollama/);
    await standIn.start();
    await expect(page.getByTestId('model-row')).toHaveCount(3, { timeout: 20_000 });
    await expect(row(page, 'mistral:7b')).toHaveCount(0);
    await expect(row(page, 'phi3:mini')).toBeVisible();
  });

  await test.step('deletes a model after a confirmation; it stays gone after a reload', async () => {
    await row(page, 'qwen2.5:7b').getByTestId('delete-model').click();
    await expect(page.getByTestId('delete')).toContainText('Delete ollama · qwen2.5:7b? It frees 4.7 GB.');
    await page.getByTestId('delete-confirm').click();
    await expect(row(page, 'qwen2.5:7b')).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('model-row')).toHaveCount(2);
    await expect(row(page, 'qwen2.5:7b')).toHaveCount(0);
  });

  await test.step('sets the default chat model; it stays after a reload', async () => {
    await row(page, 'phi3:mini').getByTestId('set-default-model').click();
    await expect(row(page, 'phi3:mini').getByTestId('model-default-badge')).toHaveText('Default');
    await expect(row(page, 'llama3.2:3b').getByTestId('model-default-badge')).toHaveCount(0);
    await expect(row(page, 'phi3:mini').getByTestId('set-default-model')).toHaveCount(0);
    await page.reload();
    await expect(row(page, 'phi3:mini').getByTestId('model-default-badge')).toHaveText('Default');
  });
});
