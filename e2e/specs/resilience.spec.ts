// Resilience through serve mode in Chromium, against the Ollama stand-in: the chosen model is down, the fallback
// from Settings answers and the answer says so; the breaker shows in Models and the fallback rate in Metrics.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '../fixtures/lociTest';
import { startServeHost, type ServeHost } from '../fixtures/serveHost';

const DOCUMENTS = path.resolve(import.meta.dirname, '../../../shared/fixtures/documents');

// the fallback list and breaker numbers come from settings on disk, as a user's saved settings would
const resilientHost = test.extend<{ host: ServeHost }>({
  host: async ({ standIn }, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loci-e2e-'));
    fs.writeFileSync(
      path.join(dataDir, 'settings.json'),
      JSON.stringify({ settings: { fallbackModels: ['ollama:llama3.2:3b'], retry: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 200, totalCapSec: 5 }, breaker: { failureThreshold: 2, windowSec: 300, cooldownSec: 600 } } }),
    );
    const host = await startServeHost({ ollamaUrl: standIn.url, dataDir });
    await use(host);
    await host.stop();
  },
});

resilientHost('a model that is down is answered for by the fallback, labelled with who answered and why', async ({ page, host, standIn }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  await page.getByTestId('file-input').setInputFiles([path.join(DOCUMENTS, 'html/wikipedia-duck.html')]);
  await expect(page.locator('[data-testid=document-row][data-status=ready]')).toHaveCount(1, { timeout: 60_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Chat' }).click();
  await page.getByTestId('model-select').selectOption('ollama:qwen2.5:7b');

  standIn.setFaults([{ kind: 'outage', model: 'qwen2.5:7b' }]);
  await page.getByTestId('chat-input').fill('What do ducks eat?');
  await page.getByTestId('chat-input').press('Enter');
  const answer = page.locator('[data-testid=message][data-role=assistant]').last();
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  await expect(answer.getByTestId('answer-fallback')).toHaveText('llama3.2:3b answered: qwen2.5:7b was unreachable');
  await expect(answer.getByTestId('message-metrics')).toContainText('llama3.2:3b');

  // two attempts at 503 opened the model's breaker: the sidebar and Models show it
  await expect(page.getByTestId('resilience-status')).toContainText('ollama · qwen2.5:7b: breaker open');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Models' }).click();
  const breaker = page.locator('[data-testid=breaker][data-key="ollama:qwen2.5:7b"]');
  await expect(breaker).toHaveAttribute('data-state', 'open');
  await breaker.getByTestId('breaker-reset').click();
  await expect(page.getByTestId('breakers-empty')).toBeVisible();
  await expect(page.getByTestId('resilience-status')).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Metrics' }).click();
  await expect(page.getByTestId('fallback-rates')).toContainText('ollama · qwen2.5:7b: 1 answer by a fallback (100%), unreachable');
  standIn.clearFaults();
});
