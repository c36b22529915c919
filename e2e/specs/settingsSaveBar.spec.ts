// Settings' one save bar through serve mode in Chromium: edits in two sections saved by one Save and kept after a
// reload, Undo, a plain-words refusal next to its field, the question before leaving with unsaved edits (in the app
// and on reload), and an alert that states its threshold, links to the panel explaining it, and stays dismissed
// after a reload.
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures/lociTest';

const NIST = path.resolve(import.meta.dirname, '../../../shared/fixtures/documents/pdf/nist-sp800-145-cloud-definition.pdf');
const SLOW = 'ollama:qwen2.5:7b';

const completeAnswers = (page: Page): Locator => page.locator('[data-testid=message][data-role=assistant][data-status=complete]');

async function openSettings(page: Page): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-embedding')).toBeVisible();
}

async function ask(page: Page, question: string): Promise<void> {
  const before = await completeAnswers(page).count();
  await page.getByTestId('chat-input').fill(question);
  await page.getByTestId('chat-send').click();
  await expect(completeAnswers(page)).toHaveCount(before + 1, { timeout: 20_000 });
}

test('one Save for edits in two sections, kept after a reload; Undo; plain words; asks before leaving', async ({ page, host }) => {
  await page.goto(host.url);
  await openSettings(page);
  await expect(page.getByTestId('settings-save-bar')).toHaveCount(0);

  await test.step('edits in two sections, one Save, kept after a reload', async () => {
    await page.getByTestId('settings-chunk-size').fill('256');
    await page.getByTestId('settings-stall-timeout').fill('45');
    await expect(page.getByTestId('settings-save-bar-count')).toHaveText('2 unsaved changes');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-saved')).toHaveText('Saved 2 changes.');
    await page.reload();
    await expect(page.getByTestId('settings-chunk-size')).toHaveValue('256');
    await expect(page.getByTestId('settings-stall-timeout')).toHaveValue('45');
  });

  await test.step('Undo puts the previous values back', async () => {
    await page.getByTestId('settings-chunk-size').fill('300');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-saved')).toHaveText('Saved 1 change.');
    await page.getByTestId('settings-undo').click();
    await expect(page.getByTestId('settings-saved')).toHaveCount(0);
    await expect(page.getByTestId('settings-chunk-size')).toHaveValue('256');
    await page.reload();
    await expect(page.getByTestId('settings-chunk-size')).toHaveValue('256');
  });

  await test.step('a value out of range is refused in plain words, by its field, before anything is sent', async () => {
    const window = page.getByTestId('settings-alert-window');
    await window.fill('2');
    await expect(window).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('settings-costs').getByRole('alert')).toHaveText('Use 5 or more');
    await expect(page.getByTestId('settings-save-bar-count')).toContainText('fix the marked fields to save');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-save-error')).toHaveText('Some values need fixing: see the fields marked below.');
    await expect(page.getByText(/expected|>=/)).toHaveCount(0);
    await page.getByTestId('settings-discard').click();
    await expect(window).toHaveValue('20');
  });

  await test.step('leaving with unsaved edits asks first: Stay keeps them, Discard leaves without them', async () => {
    await page.getByTestId('settings-chunk-size').fill('512');
    await page.getByTestId('nav-chat').click();
    const dialog = page.getByTestId('settings-leave-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('heading')).toHaveText('Leave without saving?');
    await expect(dialog).toContainText('One setting has unsaved changes that will be lost if you go to Chat now.');
    await dialog.getByTestId('settings-leave-stay').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('view-settings')).toBeVisible();
    await expect(page.getByTestId('settings-chunk-size')).toHaveValue('512');

    // a link (an address typed, Back) is held the same way
    await page.evaluate(() => {
      window.location.hash = '#/models';
    });
    await expect(dialog).toBeVisible();
    await expect(page).toHaveURL(/#\/settings$/);
    await dialog.getByTestId('settings-leave-discard').click();
    await expect(page.getByTestId('view-settings')).toHaveCount(0);
    await expect(page).toHaveURL(/#\/models$/);
    await openSettings(page);
    await expect(page.getByTestId('settings-chunk-size')).toHaveValue('256');
  });

  await test.step('Save and leave saves, then goes', async () => {
    await page.getByTestId('settings-chunk-size').fill('384');
    await page.getByTestId('nav-library').click();
    await page.getByTestId('settings-leave-save').click();
    await expect(page.getByTestId('view-settings')).toHaveCount(0);
    await openSettings(page);
    await expect(page.getByTestId('settings-chunk-size')).toHaveValue('384');
  });

  await test.step('closing or reloading the window with unsaved edits asks the browser’s question', async () => {
    await page.getByTestId('settings-chunk-size').fill('128');
    const asked = new Promise<string>((resolve) => {
      page.once('dialog', (dialog) => {
        resolve(dialog.type());
        void dialog.accept();
      });
    });
    await page.reload();
    expect(await asked).toBe('beforeunload');
    await expect(page.getByTestId('settings-chunk-size')).toHaveValue('384');
  });
});

test('an alert says its threshold, links to what explains it, and stays dismissed after a reload', async ({ page, host, standIn }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  await openSettings(page);
  await page.getByTestId('settings-alert-window').fill('5');
  await page.getByTestId('settings-alert-p95').fill('0.1');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();

  await page.getByTestId('nav-library').click();
  await page.getByTestId('file-input').setInputFiles(NIST);
  await expect(page.locator('[data-testid=document-row][data-status=ready]')).toHaveCount(1, { timeout: 60_000 });
  // each answer stalls: five of them put the p95 over 100 ms
  standIn.setFaults([{ kind: 'stall', ms: 300, model: SLOW }]);
  await page.getByTestId('nav-chat').click();
  await page.getByTestId('new-conversation').click();
  await page.getByTestId('model-select').selectOption(SLOW);
  for (const question of ['What is measured service?', 'What is resource pooling?', 'What is rapid elasticity?', 'What is broad network access?', 'What is on-demand self-service?']) {
    await ask(page, question);
  }
  standIn.clearFaults();

  const alert = page.locator(`[data-testid=metrics-alert][data-model="${SLOW}"][data-kind=p95Latency]`);
  await expect(alert).toContainText(/p95 answer time [\d.]+ m?s over the last 5 answers, above your 100 ms threshold/);
  await alert.getByTestId('metrics-alert-link').click();
  await expect(page).toHaveURL(/#\/metrics\/models$/);
  await expect(page.locator('[data-section=models]')).toBeFocused();
  await alert.getByTestId('metrics-alert-threshold-link').click();
  await expect(page.locator('[data-section=alerts]')).toBeFocused();

  await alert.getByTestId('metrics-alert-dismiss').click();
  await expect(alert).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('view-settings')).toBeVisible();
  await page.getByTestId('nav-metrics').click();
  await expect(page.locator('[data-testid=metrics-model-row]')).not.toHaveCount(0);
  await expect(alert).toHaveCount(0);
});
