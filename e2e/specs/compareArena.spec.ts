// Compare, arena-style, through serve mode in Chromium against the Ollama stand-in: a blind run hides the models
// until a vote (a tie reveals them too), the leaderboard shows Elo beside wins, and a follow-up continues every column.
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures/lociTest';

const NIST = path.resolve(import.meta.dirname, '../../../shared/fixtures/documents/pdf/nist-sp800-145-cloud-definition.pdf');

const results = (page: Page): Locator => page.getByTestId('compare-results');
const column = (page: Page, index: number): Locator => results(page).locator(`[data-testid=compare-column][data-index="${index}"]`);
const eloOf = (page: Page, model: string): Locator => page.locator(`[data-testid=leaderboard-row][data-model="${model}"] [data-col=elo]`);

test('blind comparison: names hidden until the vote, Elo on the leaderboard, a follow-up for every column', async ({ page, host }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  await page.getByTestId('file-input').setInputFiles(NIST);
  await expect(page.locator('[data-testid=document-row][data-status=ready]')).toHaveCount(1, { timeout: 60_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Compare' }).click();

  await test.step('a blind run hides which model wrote which column', async () => {
    await page.getByTestId('compare-question').fill('What are the essential characteristics of the cloud model?');
    const rows = page.getByTestId('variant');
    await rows.nth(0).getByTestId('variant-model').selectOption('ollama:llama3.2:3b');
    await rows.nth(1).getByTestId('variant-model').selectOption('ollama:qwen2.5:7b');
    await page.getByTestId('compare-blind').check();
    await page.getByTestId('compare-run').click();
    await expect(results(page)).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('compare-stop')).toHaveCount(0, { timeout: 30_000 });
    for (const i of [0, 1]) {
      await expect(column(page, i)).toHaveAttribute('data-status', 'complete');
      await expect(column(page, i)).toHaveAttribute('data-hidden', 'true');
      await expect(column(page, i)).not.toHaveAttribute('data-model', /./);
      await expect(column(page, i).getByTestId('column-model')).toHaveText(/^Model [AB]$/);
    }
    await expect(results(page)).not.toContainText('llama3.2');
    await expect(results(page)).not.toContainText('qwen2.5');
    await expect(page.getByTestId('blind-note')).toContainText('hidden until you pick');
  });

  await test.step('a tie reveals the names and leaves equal ratings; a win moves them', async () => {
    await page.getByTestId('mark-tie').click();
    await expect(page.getByTestId('mark-tie')).toHaveAttribute('aria-pressed', 'true');
    await expect(column(page, 0)).toHaveAttribute('data-model', /ollama:(llama3\.2:3b|qwen2\.5:7b)/);
    await expect(eloOf(page, 'ollama:llama3.2:3b')).toHaveAttribute('data-value', '1000');
    await expect(eloOf(page, 'ollama:qwen2.5:7b')).toHaveAttribute('data-value', '1000');
    const winner = await column(page, 0).getAttribute('data-model');
    const loser = winner === 'ollama:llama3.2:3b' ? 'ollama:qwen2.5:7b' : 'ollama:llama3.2:3b';
    await column(page, 0).getByTestId('mark-winner').click();
    await expect(page.getByTestId('mark-tie')).toHaveAttribute('aria-pressed', 'false');
    await expect(eloOf(page, winner!)).toHaveAttribute('data-value', '1016');
    await expect(eloOf(page, loser)).toHaveAttribute('data-value', '984');
  });

  await test.step('a follow-up continues every column, with the first turn above', async () => {
    const order = [await column(page, 0).getAttribute('data-model'), await column(page, 1).getAttribute('data-model')];
    await page.getByTestId('compare-followup-input').fill('Which of them is about elasticity?');
    await page.getByTestId('compare-followup-send').click();
    await expect(page.getByTestId('compare-thread-turn')).toHaveCount(1, { timeout: 20_000 });
    await expect(results(page)).toContainText('Which of them is about elasticity?', { timeout: 20_000 });
    await expect(page.getByTestId('compare-stop')).toHaveCount(0, { timeout: 30_000 });
    // same models, same columns; the thread was voted on, so the names stay revealed
    expect([await column(page, 0).getAttribute('data-model'), await column(page, 1).getAttribute('data-model')]).toEqual(order);
    for (const i of [0, 1]) await expect(column(page, i)).toHaveAttribute('data-status', 'complete');
    await expect(page.getByTestId('comparison-item')).toHaveCount(2);
  });
});
