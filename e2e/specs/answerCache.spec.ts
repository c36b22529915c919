// The answer cache in Chromium through serve mode, against the Ollama stand-in: a first question asked again in a
// new conversation is answered from the cache, labelled "Cached" with when the original was written and its
// citations; "Answer fresh" asks the model again.
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures/lociTest';

const NIST = path.resolve(import.meta.dirname, '../../../shared/fixtures/documents/pdf/nist-sp800-145-cloud-definition.pdf');
const MODEL = 'ollama:llama3.2:3b';
const QUESTION = 'What are the essential characteristics of the cloud model?';

const assistants = (page: Page): Locator => page.locator('[data-testid=message][data-role=assistant]');

async function askInNewConversation(page: Page, question: string): Promise<Locator> {
  await page.getByTestId('new-conversation').click();
  await page.getByTestId('model-select').selectOption(MODEL);
  await expect(page.getByTestId('model-select')).toHaveValue(MODEL);
  await page.getByTestId('chat-input').fill(question);
  await page.getByTestId('chat-send').click();
  const answer = assistants(page).first();
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
  return answer;
}

test('serves a repeated question from the cache, labelled, and answers fresh on request', async ({ page, host, standIn }) => {
  test.setTimeout(120_000);
  const chatRequests = (): number => standIn.requests.filter((r) => r.path === '/api/chat').length;
  await page.goto(host.url);
  await page.getByTestId('file-input').setInputFiles(NIST);
  await expect(page.locator('[data-testid=document-row][data-status=ready]')).toHaveCount(1, { timeout: 60_000 });
  await page.getByTestId('nav-chat').click();

  const original = await askInNewConversation(page, QUESTION);
  await expect(original.getByTestId('cached-badge')).toHaveCount(0);
  const originalText = await original.getByTestId('message-content').textContent();
  const sources = await original.getByTestId('show-sources').textContent();
  const generated = chatRequests();

  await test.step('the same question, in other words of case and punctuation, is answered from the cache', async () => {
    const cached = await askInNewConversation(page, 'what are the essential characteristics of the cloud model');
    await expect(cached.getByTestId('cached-badge')).toHaveText('Cached');
    await expect(cached.getByTestId('cached-label')).toContainText('Cached answer from just now (same question)');
    await expect(cached.getByTestId('show-sources')).toHaveText(sources ?? '');
    await expect(cached.getByTestId('message-content')).toHaveText(originalText ?? '');
    expect(chatRequests()).toBe(generated);
    // its citations still open the original passages
    await cached.getByTestId('show-sources').click();
    await expect(page.getByTestId('sources-panel')).toContainText('nist-sp800-145-cloud-definition.pdf');
  });

  await test.step('"Answer fresh" asks the model again and the new answer is not cached', async () => {
    const cached = assistants(page).first();
    const id = await cached.getAttribute('data-id');
    await cached.getByTestId('answer-fresh').click();
    await expect(page.locator(`[data-testid=message][data-id="${id}"]`)).toHaveCount(0, { timeout: 20_000 });
    const fresh = assistants(page).first();
    await expect(fresh).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
    await expect(fresh.getByTestId('cached-badge')).toHaveCount(0);
    expect(chatRequests()).toBe(generated + 1);
  });

  await test.step('Metrics shows the hit rate and what was saved', async () => {
    await page.getByTestId('nav-metrics').click();
    const cache = page.getByTestId('metrics-cache');
    await expect(cache).toBeVisible();
    await expect(cache.getByTestId('metrics-cache-card').first()).toContainText('Cache hit rate');
  });
});
