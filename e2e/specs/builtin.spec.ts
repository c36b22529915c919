// The built-in engine through serve mode in Chromium, with the real stories260K GGUF (real llama.cpp): added in
// Models by upload, chatted with (streamed, with its metrics), compared beside a stand-in Ollama model on the same
// prompt; and with Ollama gone, the status says the built-in engine answers and chat goes on.
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures/lociTest';

const SHARED = path.resolve(import.meta.dirname, '../../../shared');
const NIST = path.join(SHARED, 'fixtures/documents/pdf/nist-sp800-145-cloud-definition.pdf');
const STORIES = path.join(SHARED, 'models/gguf/stories260K.gguf');

const nav = (page: Page, name: string): Locator => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name });
const assistants = (page: Page): Locator => page.locator('[data-testid=message][data-role=assistant]');

async function ask(page: Page, question: string): Promise<Locator> {
  const before = await assistants(page).count();
  await page.getByTestId('chat-input').fill(question);
  await page.getByTestId('chat-input').press('Enter');
  const answer = assistants(page).nth(before);
  await expect(answer).toBeVisible({ timeout: 60_000 });
  return answer;
}

test('adds a GGUF file, chats with the built-in engine, compares it with Ollama, and answers without Ollama', async ({ page, host, standIn }) => {
  test.setTimeout(240_000);
  await page.goto(host.url);

  await test.step('import the NIST definition', async () => {
    await page.getByTestId('file-input').setInputFiles(NIST);
    await expect(page.locator('[data-testid=document-row][data-status=ready]')).toHaveCount(1, { timeout: 60_000 });
  });

  await test.step('add stories260K in Models: listed with what its metadata says', async () => {
    await nav(page, 'Models').click();
    await page.getByTestId('add-model-file-input').setInputFiles(STORIES);
    const row = page.locator('[data-testid=model-row][data-key="builtin:stories260K"]');
    await expect(row).toBeVisible({ timeout: 60_000 });
    await expect(row).toHaveAttribute('data-engine', 'builtin');
    await expect(row).toContainText('llama');
    await expect(row).toContainText('2,048');
    await expect(row).toContainText('built-in');
    await expect(page.getByTestId('add-model-error')).toHaveCount(0);
    // Ollama's models are listed beside it, each saying its engine
    await expect(page.locator('[data-testid=model-row][data-key="ollama:llama3.2:3b"]')).toContainText('ollama');
  });

  await test.step('chat with it: a streamed answer with its passages and metrics', async () => {
    await nav(page, 'Chat').click();
    await page.getByTestId('new-conversation').click();
    const select = page.getByTestId('model-select');
    await expect(select.locator('option[value="builtin:stories260K"]')).toHaveText('built-in · stories260K');
    await select.selectOption('builtin:stories260K');
    const answer = await ask(page, 'What are the essential characteristics of cloud computing?');
    await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 60_000 });
    await expect(answer.getByTestId('message-metrics')).toContainText('built-in · stories260K');
    await expect(answer.getByTestId('message-metrics')).toContainText('tok/s');
    await expect(answer.getByTestId('show-sources')).toBeVisible();
  });

  await test.step('compare it with an Ollama model on the same prompt', async () => {
    await nav(page, 'Compare').click();
    await page.getByTestId('compare-question').fill('What is broad network access?');
    const rows = page.getByTestId('variant');
    await rows.nth(0).getByTestId('variant-model').selectOption('builtin:stories260K');
    await rows.nth(1).getByTestId('variant-model').selectOption('ollama:llama3.2:3b');
    await page.getByTestId('compare-run').click();
    await expect(page.getByTestId('compare-results')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('compare-stop')).toHaveCount(0, { timeout: 90_000 });
    const columns = page.getByTestId('compare-column');
    await expect(columns.nth(0)).toHaveAttribute('data-model', 'builtin:stories260K');
    await expect(columns.nth(1)).toHaveAttribute('data-model', 'ollama:llama3.2:3b');
    for (const i of [0, 1]) {
      await expect(columns.nth(i)).toHaveAttribute('data-status', 'complete');
      for (const key of ['ttft', 'tps', 'promptTokens']) {
        await expect(columns.nth(i).locator(`[data-testid=column-metric][data-metric="${key}"]`)).toHaveAttribute('data-value', /\d/);
      }
    }
  });

  await test.step('with Ollama gone, the status says the built-in engine answers, and chat goes on', async () => {
    await standIn.stop();
    await expect(page.getByTestId('ollama-status')).toHaveText('Ollama not running · built-in engine answering', { timeout: 30_000 });
    await expect(page.getByTestId('ollama-unreachable-compact')).toBeVisible();
    await expect(page.getByTestId('ollama-unreachable')).toHaveCount(0);
    await nav(page, 'Chat').click();
    const answer = await ask(page, 'What is rapid elasticity?');
    await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 60_000 });
    await standIn.start();
  });
});
