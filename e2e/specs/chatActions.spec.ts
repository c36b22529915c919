// Message actions through serve mode in Chromium, against the Ollama stand-in: copy an answer (Markdown and plain
// text) and a question, regenerate into versions paged ‹ 1/2 ›, edit a question and resend it (the later turns go,
// after confirming), Esc stops an answer; the shortcuts sheet and the skip link; search, pin and delete several.
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures/lociTest';

const NIST = path.resolve(import.meta.dirname, '../../../shared/fixtures/documents/pdf/nist-sp800-145-cloud-definition.pdf');

const assistants = (page: Page): Locator => page.locator('[data-testid=message][data-role=assistant]');
const questions = (page: Page): Locator => page.locator('[data-testid=message][data-role=user]');

async function ask(page: Page, question: string): Promise<Locator> {
  const before = await assistants(page).count();
  await page.getByTestId('chat-input').fill(question);
  await page.getByTestId('chat-input').press('Enter');
  const answer = assistants(page).nth(before);
  await expect(answer).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('streaming-message')).toHaveCount(0, { timeout: 20_000 });
  return answer;
}

const clipboard = (page: Page): Promise<string> => page.evaluate(() => navigator.clipboard.readText());

test('copies, regenerates into versions, edits and resends, stops with Esc, and manages conversations', async ({ page, host, standIn }) => {
  test.setTimeout(120_000);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(host.url).origin });
  await page.goto(host.url);

  await test.step('import a document and open Chat with the keyboard', async () => {
    await page.getByTestId('file-input').setInputFiles(NIST);
    await expect(page.locator('[data-testid=document-row][data-status=ready]')).toHaveCount(1, { timeout: 60_000 });
    await page.locator('body').press('Alt+2');
    await expect(page.getByTestId('chat-view')).toBeVisible();
    await page.getByTestId('model-select').selectOption('ollama:llama3.2:3b');
  });

  await test.step('copies an answer as Markdown and as text, and a question', async () => {
    const answer = await ask(page, 'What are the essential characteristics of the cloud model?');
    await expect(answer).toHaveAttribute('data-status', 'complete');
    await answer.getByTestId('copy-markdown').click();
    await expect(answer.getByTestId('copy-markdown')).toHaveAttribute('data-state', 'copied');
    const markdown = await clipboard(page);
    expect(markdown).toMatch(/\[\d\]/);
    expect(markdown.length).toBeGreaterThan(20);
    await answer.getByTestId('copy-text').click();
    await expect(answer.getByTestId('copy-text')).toHaveAttribute('data-state', 'copied');
    const text = await clipboard(page);
    expect(text).toMatch(/\[\d\]/);
    expect(text).not.toMatch(/\*\*|^#+ /m);
    const question = questions(page).first();
    await question.hover();
    await question.getByTestId('copy-question').click();
    expect(await clipboard(page)).toBe('What are the essential characteristics of the cloud model?');
  });

  await test.step('regenerate keeps the earlier answer as a version, each with its metrics', async () => {
    const first = assistants(page).first();
    const firstId = await first.getAttribute('data-id');
    await first.getByTestId('regenerate').click();
    await expect(page.locator(`[data-testid=message][data-id="${firstId}"]`)).toHaveCount(0, { timeout: 20_000 });
    await expect(page.getByTestId('streaming-message')).toHaveCount(0, { timeout: 20_000 });
    const latest = assistants(page).first();
    await expect(latest.getByTestId('version-label')).toHaveText('2/2');
    await expect(latest.getByTestId('version-next')).toBeDisabled();
    await latest.getByTestId('version-previous').click();
    await expect(latest.getByTestId('version-label')).toHaveText('1/2');
    await expect(latest).toHaveAttribute('data-version-id', firstId!);
    await expect(latest.getByTestId('message-metrics')).toContainText('llama3.2:3b');
    // versions persist: after a reload the pager is still there
    await page.reload();
    await expect(assistants(page).first().getByTestId('version-label')).toHaveText('2/2', { timeout: 20_000 });
  });

  await test.step('edit and resend replaces the later turns, after confirming', async () => {
    await ask(page, 'What is resource pooling?');
    await expect(questions(page)).toHaveCount(2);
    const first = questions(page).first();
    await first.hover();
    await first.getByTestId('edit-question').click();
    await first.getByTestId('edit-question-input').fill('What is rapid elasticity?');
    await first.getByTestId('edit-question-send').click();
    await expect(first.getByTestId('edit-confirmation')).toContainText('3 later messages');
    await first.getByTestId('edit-confirmation-confirm').click();
    await expect(page.getByTestId('streaming-message')).toHaveCount(0, { timeout: 20_000 });
    await expect(questions(page)).toHaveCount(1);
    await expect(questions(page).first().getByTestId('message-content')).toHaveText('What is rapid elasticity?');
    await expect(assistants(page)).toHaveCount(1);
    await expect(assistants(page).first().getByTestId('answer-versions')).toHaveCount(0);
  });

  await test.step('Esc stops an answer; the partial answer is kept', async () => {
    standIn.setFaults([{ kind: 'stall', ms: 4_000, times: 1 }]);
    await page.getByTestId('chat-input').fill('What is measured service?');
    await page.getByTestId('chat-input').press('Enter');
    await expect(page.getByTestId('streaming-message')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('streaming-message')).toHaveCount(0, { timeout: 20_000 });
    await expect(assistants(page).last()).toHaveAttribute('data-status', 'incomplete');
    await expect(assistants(page).last()).toContainText('You stopped this answer');
    standIn.clearFaults();
  });

  await test.step('the shortcuts sheet, the skip link, new chat and library search from the keyboard', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts-sheet')).toBeVisible();
    await expect(page.getByTestId('shortcuts-sheet')).toContainText('New chat');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcuts-sheet')).toHaveCount(0);
    await page.keyboard.press('Control+Shift+O');
    await expect(page.getByTestId('chat-input')).toBeFocused();
    await expect(page.locator('[data-testid=conversation-item][data-active=true]')).toHaveAttribute('data-title', 'New conversation');
    await page.keyboard.press('Control+k');
    await expect(page.getByTestId('library-search-input')).toBeFocused();
    await page.keyboard.press('Alt+2');
    await expect(page.getByTestId('chat-view')).toBeVisible();
    // a fresh page: the first Tab reaches the skip link
    await page.reload();
    await expect(page.getByTestId('chat-view')).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('skip-link')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('#main-content')).toBeFocused();
  });

  await test.step('search by content, pin, and delete several at once', async () => {
    await ask(page, 'What does the duck eat?');
    // the answer's text, not its title: the stand-in's answer quotes the passage on measured service
    await page.getByTestId('conversation-search').fill('measured service');
    await expect(page.getByTestId('conversation-item')).toHaveCount(1);
    await expect(page.getByTestId('conversation-item').first()).toHaveAttribute('data-title', 'What is rapid elasticity?');
    await expect(page.getByTestId('conversation-snippet')).toContainText(/measured service/i);
    await page.getByTestId('conversation-search').fill('');
    await expect(page.getByTestId('conversation-item')).toHaveCount(2);
    const older = page.getByTestId('conversation-item').nth(1);
    await older.getByTestId('conversation-pin').click();
    await expect(page.getByTestId('conversation-item').first()).toHaveAttribute('data-pinned', 'true');
    for (const item of await page.getByTestId('conversation-item').all()) await item.getByTestId('conversation-select').check();
    await page.getByTestId('conversations-delete-selected').click();
    await page.getByTestId('conversations-delete-confirmation-confirm').click();
    await expect(page.locator('[data-testid=conversation-item]')).toHaveCount(1);
    await expect(page.getByTestId('conversation-item').first()).toHaveAttribute('data-title', 'New conversation');
  });
});
