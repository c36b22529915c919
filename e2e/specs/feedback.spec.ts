// Answer feedback and export through serve mode in Chromium, against the Ollama stand-in: a thumbs down with a
// reason shows in the Metrics quality panel, and a conversation exported as Markdown downloads with its numbered
// sources, pages and grounding marks.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/lociTest';

const DOCUMENTS = path.resolve(import.meta.dirname, '../../../shared/fixtures/documents');

async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), text: await fs.promises.readFile(await file.path(), 'utf8') };
}

test('a thumbs down shows in Metrics, and a conversation exports as Markdown and JSON', async ({ page, host, standIn }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  await page.getByTestId('file-input').setInputFiles([
    { name: 'nist-sp800-145-cloud-definition.pdf', mimeType: 'application/pdf', buffer: fs.readFileSync(path.join(DOCUMENTS, 'pdf/nist-sp800-145-cloud-definition.pdf')) },
  ]);
  await expect(page.locator('[data-testid=document-row][data-status=ready]')).toHaveCount(1, { timeout: 60_000 });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Chat' }).click();
  await page.getByTestId('model-select').selectOption('ollama:llama3.2:3b');
  const answer = page.locator('[data-testid=message][data-role=assistant]').first();

  await test.step('thumbs down with a reason on a hallucinated answer', async () => {
    standIn.setBehaviour('hallucinate');
    await page.getByTestId('chat-input').fill('What is on-demand self-service?');
    await page.getByTestId('chat-input').press('Enter');
    await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
    await answer.getByTestId('feedback-down').click();
    await answer.getByTestId('feedback-reason').selectOption('not-in-documents');
    await answer.getByTestId('feedback-note').fill('Two sentences are made up');
    await answer.getByTestId('feedback-send').click();
    await expect(answer.getByTestId('answer-feedback')).toHaveAttribute('data-rating', 'down');
    await expect(answer.getByTestId('feedback-down')).toHaveAttribute('aria-pressed', 'true');
  });

  await test.step('the Metrics quality panel counts it', async () => {
    await nav.getByRole('button', { name: 'Metrics' }).click();
    const row = page.locator('[data-testid=quality-group-row][data-key="ollama:llama3.2:3b"]');
    await expect(row.locator('[data-col=answers]')).toHaveText('1', { timeout: 10_000 });
    await expect(row.locator('[data-col=down]')).toHaveText('100%');
    await expect(row.locator('[data-col=unsupported]')).toHaveText('67%');
    await expect(page.getByTestId('quality-bucket-row')).toHaveCount(1);
  });

  await test.step('the conversation downloads as Markdown with sources, pages and marks, and as JSON', async () => {
    await nav.getByRole('button', { name: 'Chat' }).click();
    const item = page.getByTestId('conversation-item').first();
    await item.getByTestId('conversation-export').locator('summary').click();
    const md = await download(page, 'conversation-export-md');
    expect(md.name).toMatch(/^loci-conversation-what-is-on-demand-self-service\.md$/);
    expect(md.text).toMatch(/^# What is on-demand self-service\?\n/);
    expect(md.text).toMatch(/\n1\. \*\*nist-sp800-145-cloud-definition\.pdf, p\. \d+/);
    expect(md.text).toMatch(/ ⚠\[\^a2-1\]/);
    expect(md.text).toMatch(/\n\[\^a2-1\]: ⚠ not found in \[\d+\]/);
    expect(md.text).toContain('*Feedback: 👎 not helpful · not in my documents · “Two sentences are made up”*');

    await item.getByTestId('conversation-export').locator('summary').click();
    const json = await download(page, 'conversation-export-json');
    const parsed = JSON.parse(json.text) as { format: string; messages: { role: string; feedback?: { rating: string; reason: string } }[] };
    expect(parsed.format).toBe('loci.conversation');
    expect(parsed.messages.find((m) => m.role === 'assistant')?.feedback).toMatchObject({ rating: 'down', reason: 'not-in-documents' });
  });
});
