// Chat through serve mode in Chromium, against the Ollama stand-in: a cited answer streamed from real documents,
// its sources, passage and prompt; Stop; every stand-in fault and its way out; persistence across a reload; drafts.
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures/lociTest';

const DOCUMENTS = path.resolve(import.meta.dirname, '../../../shared/fixtures/documents');
const NIST = 'nist-sp800-145-cloud-definition.pdf';

const assistants = (page: Page): Locator => page.locator('[data-testid=message][data-role=assistant]');

/** Clicks a button that writes an answer again (Retry, Pull, …); returns the new answer once it has replaced the old. */
async function rewrite(page: Page, answer: Locator, button: Locator): Promise<Locator> {
  const count = await assistants(page).count();
  const id = await answer.getAttribute('data-id');
  await button.click();
  // the old answer leaves as the new one starts streaming, and the new one takes its place when the stream ends
  await expect(page.locator(`[data-testid=message][data-id="${id}"]`)).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByTestId('streaming-message')).toHaveCount(0, { timeout: 20_000 });
  await expect(assistants(page)).toHaveCount(count);
  return assistants(page).last();
}

async function ask(page: Page, question: string): Promise<Locator> {
  const before = await assistants(page).count();
  await page.getByTestId('chat-input').fill(question);
  await page.getByTestId('chat-input').press('Enter');
  const answer = assistants(page).nth(before);
  await expect(answer).toBeVisible({ timeout: 20_000 });
  return answer;
}

test('asks cited questions, stops, recovers from Ollama faults, and keeps conversations and drafts', async ({ page, host, standIn }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);

  await test.step('import two documents through the Library', async () => {
    await page.getByTestId('file-input').setInputFiles([path.join(DOCUMENTS, 'pdf', NIST), path.join(DOCUMENTS, 'html/wikipedia-duck.html')]);
    await expect(page.locator('[data-testid=document-row][data-status=ready]')).toHaveCount(2, { timeout: 60_000 });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Chat' }).click();
    await expect(page.getByTestId('chat-view')).toBeVisible();
    await expect(page.getByTestId('chat-empty')).toContainText('2 documents');
    await page.getByTestId('model-select').selectOption('ollama:llama3.2:3b');
  });

  await test.step('streams a cited answer, shows its source, passage and prompt', async () => {
    // a slow first token, so the answer is seen while it is being written
    standIn.setFaults([{ kind: 'stall', ms: 1_000, times: 1 }]);
    await page.getByTestId('chat-input').fill('What are the essential characteristics of the cloud model?');
    await page.getByTestId('chat-send').click();
    const streaming = page.getByTestId('streaming-message');
    await expect(streaming).toBeVisible();
    await expect(page.getByTestId('chat-stop')).toBeVisible();
    await expect(page.getByTestId('chat-send')).toBeDisabled();
    // the question is stored, so the draft is gone
    await expect(page.getByTestId('chat-input')).toHaveValue('');
    await expect(streaming).toBeHidden({ timeout: 20_000 });
    const answer = assistants(page).last();
    await expect(answer).toHaveAttribute('data-status', 'complete');
    await expect(answer.getByTestId('message-metrics')).toContainText('llama3.2:3b');
    // the answer's time by stage, folded under its metrics line
    const stages = answer.getByTestId('answer-stages');
    await stages.locator('summary').click();
    await expect(stages.locator('tr[data-stage=fullTextSearchMs]')).toBeVisible();
    await expect(stages.locator('tr[data-stage=decodeMs] td').first()).toHaveText(/\d/);
    await expect(page.locator('[data-testid=conversation-item][data-active=true]')).toHaveAttribute('data-title', /essential characteristics/);

    await answer.getByTestId('citation').first().click();
    const source = page.getByTestId('sources-panel').locator('[data-testid=source][data-highlighted=true]');
    await expect(source).toHaveAttribute('data-document', NIST);
    await source.click();
    const viewer = page.getByTestId('passage-viewer');
    await expect(viewer.locator('mark')).toBeVisible();
    await expect(viewer.locator('mark')).toContainText('cloud');
    await page.keyboard.press('Escape');
    await expect(viewer).toBeHidden();

    await answer.getByTestId('show-prompt').click();
    const prompt = answer.getByTestId('prompt-panel');
    await expect(prompt).toContainText('[1] (');
    await expect(prompt).toContainText('Question: What are the essential characteristics of the cloud model?');
  });

  await test.step('answers without documents when nothing relevant is found', async () => {
    const answer = await ask(page, 'Zxqv flurbish quonk?');
    await expect(answer).toHaveAttribute('data-status', 'no-context');
    const ungrounded = await rewrite(page, answer, answer.getByTestId('answer-without-documents'));
    await expect(ungrounded).toHaveAttribute('data-status', 'complete');
    await expect(ungrounded).toContainText('Not from your documents');
  });

  await test.step('Stop keeps the question and the partial answer, and frees the box', async () => {
    standIn.setFaults([{ kind: 'stall', ms: 3_000 }]);
    await page.getByTestId('chat-input').fill('What is rapid elasticity?');
    await page.getByTestId('chat-send').click();
    await expect(page.getByTestId('streaming-message')).toBeVisible();
    await page.getByTestId('chat-stop').click();
    await expect(page.getByTestId('streaming-message')).toBeHidden();
    await expect(assistants(page).last()).toHaveAttribute('data-status', 'incomplete');
    await expect(page.locator('[data-testid=message][data-role=user]').last().getByTestId('message-content')).toHaveText('What is rapid elasticity?');
    standIn.clearFaults();
    await page.getByTestId('chat-input').fill('typing again works');
    await expect(page.getByTestId('chat-send')).toBeEnabled();
    await page.getByTestId('chat-input').fill('');
  });

  await test.step('an Ollama error offers Retry, which works once the fault is gone', async () => {
    standIn.setFaults([{ kind: 'http500', path: '/api/chat', message: 'out of memory' }]);
    const answer = await ask(page, 'What is measured service?');
    await expect(answer.locator('[data-testid=message-error][data-code=OLLAMA_ERROR]')).toContainText('out of memory');
    standIn.clearFaults();
    const retried = await rewrite(page, answer, answer.getByTestId('retry'));
    await expect(retried).toHaveAttribute('data-status', 'complete');
    await expect(retried.getByTestId('citation').first()).toBeVisible();
  });

  await test.step('a cut stream keeps the partial answer, marked incomplete', async () => {
    standIn.setFaults([{ kind: 'cutStream', afterTokens: 3 }]);
    const answer = await ask(page, 'What is resource pooling?');
    standIn.clearFaults();
    await expect(answer).toHaveAttribute('data-status', 'incomplete');
    await expect(answer).toContainText('Incomplete');
    await expect(answer.getByTestId('message-content')).not.toBeEmpty();
    await expect(answer.locator('[data-testid=message-error][data-code=OLLAMA_STREAM_CUT]')).toBeVisible();
  });

  await test.step('Ollama down: says so, and Retry works once it is back', async () => {
    await standIn.stop();
    const answer = await ask(page, 'What is on-demand self-service?');
    await expect(answer.locator('[data-testid=message-error][data-code=OLLAMA_UNREACHABLE]')).toBeVisible();
    await standIn.start();
    await expect(await rewrite(page, answer, answer.getByTestId('retry'))).toHaveAttribute('data-status', 'complete');
  });

  await test.step('a missing model offers Pull, then answers', async () => {
    standIn.setFaults([{ kind: 'unknownModel', model: 'llama3.2:3b' }]);
    const answer = await ask(page, 'What is broad network access?');
    const error = answer.locator('[data-testid=message-error][data-code=MODEL_NOT_FOUND]');
    await expect(error).toBeVisible();
    await expect(error.getByTestId('pull-model')).toHaveText('Pull llama3.2:3b');
    standIn.clearFaults();
    await expect(await rewrite(page, answer, error.getByTestId('pull-model'))).toHaveAttribute('data-status', 'complete');
    await expect(page.locator('[data-testid=message-error][data-code=MODEL_NOT_FOUND]')).toHaveCount(0);
  });

  await test.step('a reload keeps the conversation, its messages and settings, and the draft', async () => {
    const messages = await page.getByTestId('message').count();
    await page.getByTestId('chat-input').fill('A question I have not sent yet');
    await page.reload();
    await expect(page.getByTestId('chat-view')).toBeVisible();
    await expect(page.getByTestId('message')).toHaveCount(messages);
    await expect(page.locator('[data-testid=conversation-item][data-active=true]')).toHaveAttribute('data-title', /essential characteristics/);
    await expect(page.getByTestId('model-select')).toHaveValue('ollama:llama3.2:3b');
    await expect(page.getByTestId('chat-input')).toHaveValue('A question I have not sent yet');
    await expect(page.locator('[data-testid=message][data-role=assistant][data-status=incomplete]')).toHaveCount(2);
  });
});

test('manages conversations: new, a draft each, rename in place, delete after confirming', async ({ page, host }) => {
  await page.goto(`${host.url}#/chat`);
  const items = page.getByTestId('conversation-item');
  await expect(items).toHaveCount(1);
  await expect(page.getByTestId('chat-empty')).toContainText('Ask a question about your documents');
  await expect(page.getByTestId('chat-empty-import')).toBeVisible();

  // the library is empty: the answer says nothing relevant was found, and the question names the conversation
  await ask(page, 'Is anything here?');
  await expect(items.first()).toHaveAttribute('data-title', 'Is anything here?');
  await page.getByTestId('new-conversation').click();
  await expect(items).toHaveCount(2);
  await page.getByTestId('new-conversation').click();
  await expect(items).toHaveCount(2); // the new one is still empty: New keeps it

  const first = items.filter({ has: page.getByText('Is anything here?') });
  const second = items.filter({ has: page.getByText('New conversation') });
  await page.getByTestId('chat-input').fill('Draft in the new conversation');
  await first.getByTestId('conversation-open').click();
  await expect(page.getByTestId('chat-input')).toHaveValue('');
  await page.getByTestId('chat-input').fill('Draft in the first conversation');
  await second.getByTestId('conversation-open').click();
  await expect(page.getByTestId('chat-input')).toHaveValue('Draft in the new conversation');
  await first.getByTestId('conversation-open').click();
  await expect(page.getByTestId('chat-input')).toHaveValue('Draft in the first conversation');

  await first.getByTestId('conversation-rename').click();
  await page.getByTestId('conversation-title-input').fill('Empty library');
  await page.getByTestId('conversation-title-input').press('Enter');
  const renamed = page.locator('[data-testid=conversation-item][data-title="Empty library"]');
  await expect(renamed).toHaveAttribute('data-active', 'true');

  await second.getByTestId('conversation-delete').click();
  await page.getByTestId('conversation-delete-confirmation-confirm').click();
  await expect(items).toHaveCount(1);
  await expect(renamed).toBeVisible();
});
