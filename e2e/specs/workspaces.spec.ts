// Workspaces and the prompt library in Chromium through serve mode: write a template and a second version, set it
// (with a system prompt and temperature) as the collection's workspace settings, ask, and see the version recorded
// in the answer and in Metrics; roll back and see the next answer use version 1.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/lociTest';

const DOCUMENTS = path.resolve(import.meta.dirname, '../../../shared/fixtures/documents');
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();

test('a collection answers with its own template version, system prompt and temperature', async ({ page, host, standIn }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  await page.getByTestId('file-input').setInputFiles([path.join(DOCUMENTS, 'pdf', 'nist-sp800-145-cloud-definition.pdf')]);
  await expect(page.locator('[data-testid=document-row][data-status=ready]')).toHaveCount(1, { timeout: 60_000 });

  await test.step('write a template and save a second version', async () => {
    await nav(page, 'Prompts');
    await page.getByTestId('prompt-new-name').fill('Terse answers');
    await page.getByTestId('prompt-new-base').selectOption('grounded-answer@3');
    await page.getByTestId('prompt-create').click();
    const editor = page.getByTestId('prompt-editor');
    await expect(editor).toHaveAttribute('data-id', 'terse-answers');
    const system = page.getByTestId('prompt-part-system');
    // a template missing a required placeholder is refused with the reason
    await page.getByTestId('prompt-part-user').fill('Question only: {{question}}');
    await page.getByTestId('prompt-save-version').click();
    await expect(page.getByTestId('prompts-error')).toContainText('{{passages}}');
    await page.getByTestId('prompt-part-user').fill('Passages:\n\n{{passages}}\n\nQuestion: {{question}}');
    await system.fill(`${await system.inputValue()}\nTERSE-V2: answer in two sentences at most.`);
    await page.getByTestId('prompt-note').fill('two sentences');
    await page.getByTestId('prompt-save-version').click();
    await expect(page.locator('[data-testid=prompt-version][data-active=true]')).toHaveAttribute('data-version', '2');
    await page.locator('[data-testid=prompt-version][data-version="2"]').getByTestId('prompt-diff').click();
    await expect(page.getByTestId('prompt-diff-view')).toContainText('+TERSE-V2: answer in two sentences at most.');
    await expect(page.getByTestId('prompt-diff-view')).toContainText('v2 against v1');
  });

  await test.step("set the collection's workspace settings", async () => {
    await nav(page, 'Library');
    await page.getByTestId('workspace-toggle').click();
    await page.getByTestId('workspace-system-prompt').fill('Always name the document you quote.');
    await page.getByTestId('workspace-temperature').fill('0.9');
    await page.getByTestId('workspace-model').selectOption('ollama:llama3.2:3b');
    await page.getByTestId('workspace-template').selectOption('terse-answers');
    await page.getByTestId('workspace-save').click();
    await expect(page.getByTestId('workspace-saved')).toBeVisible();
    await expect(page.getByTestId('workspace-effective')).toContainText('template terse-answers@2 (this collection)');
    await expect(page.getByTestId('workspace-effective')).toContainText('temperature 0.9 (this collection)');
  });

  await test.step('ask: the answer records the version, and the model got the settings', async () => {
    await nav(page, 'Chat');
    await page.getByTestId('chat-input').fill('What are the essential characteristics of the cloud model?');
    await page.getByTestId('chat-input').press('Enter');
    const answer = page.locator('[data-testid=message][data-role=assistant]').last();
    await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
    await answer.getByTestId('show-prompt').click();
    await expect(answer.getByTestId('prompt-panel')).toContainText('template terse-answers@2');
    await expect(answer.getByTestId('prompt-panel')).toContainText('Instructions for this collection:');
    const sent = standIn.requests.filter((r) => r.path === '/api/chat').at(-1)!.body as { messages: { content: string }[]; options: { temperature: number } };
    expect(sent.options.temperature).toBe(0.9);
    expect(sent.messages[0]!.content).toContain('TERSE-V2');
    expect(sent.messages[0]!.content).toContain('Always name the document you quote.');
  });

  await test.step('roll back to version 1: the next answer uses it', async () => {
    await nav(page, 'Prompts');
    await page.getByTestId('prompt-item').first().click();
    await page.locator('[data-testid=prompt-version][data-version="1"]').getByTestId('prompt-activate').click();
    await expect(page.locator('[data-testid=prompt-version][data-active=true]')).toHaveAttribute('data-version', '1');
    await nav(page, 'Chat');
    await page.getByTestId('chat-input').fill('What is a hybrid cloud?');
    await page.getByTestId('chat-input').press('Enter');
    const answers = page.locator('[data-testid=message][data-role=assistant]');
    await expect(answers).toHaveCount(2, { timeout: 30_000 });
    await expect(answers.last()).toHaveAttribute('data-status', /complete|no-context/, { timeout: 30_000 });
    await answers.last().getByTestId('show-prompt').click();
    await expect(answers.last().getByTestId('prompt-panel')).toContainText('template terse-answers@1');
  });

  await test.step('Metrics groups answer quality by template version', async () => {
    await nav(page, 'Metrics');
    await page.getByTestId('quality-group').locator('input[value=prompt]').check();
    await expect(page.locator('[data-testid=quality-group-row][data-key="terse-answers@2"] [data-col=answers]')).toHaveText('1', { timeout: 20_000 });
    await expect(page.locator('[data-testid=quality-group-row][data-key="terse-answers@1"] [data-col=answers]')).toHaveText('1');
  });
});
