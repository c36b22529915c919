// Settings' embedding, library and search sections through serve mode in Chromium, with the real small embedder:
// values saved and kept across a reload, the host's refusal shown by its field, the embedder's live state, and the
// re-index a change of embedding model calls for.
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures/lociTest';

const documents = path.resolve(import.meta.dirname, '../../../shared/fixtures/documents');
const NIST = 'nist-sp800-145-cloud-definition.pdf';

const documentRow = (page: Page, name: string): Locator => page.locator(`[data-testid="document-row"][data-name="${name}"]`);

async function openSettings(page: Page): Promise<void> {
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-embedding')).toBeVisible();
}

test('saves the library and search settings, refuses an invalid chunk size, and keeps them after a reload', async ({ page, host }) => {
  await page.goto(host.url);
  await openSettings(page);

  const chunkSize = page.getByTestId('settings-chunk-size');
  await expect(chunkSize).toHaveValue('200');
  // nothing edited: no save bar
  await expect(page.getByTestId('settings-save')).toHaveCount(0);

  // out of range: the contract's own check says so next to the field, and Save sends nothing
  await chunkSize.fill('5');
  await expect(chunkSize).toHaveAttribute('aria-invalid', 'true');
  await expect(chunkSize).toHaveAccessibleDescription(/from 32 to 2,048/);
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-save-error')).toHaveText('Some values need fixing: see the fields marked below.');
  await expect(page.getByTestId('settings-saved')).toHaveCount(0);
  await page.getByTestId('settings-discard').click();
  await page.reload();
  await expect(page.getByTestId('settings-chunk-size')).toHaveValue('200');

  await page.getByTestId('settings-chunk-size').fill('320');
  await expect(page.getByTestId('settings-ocr')).not.toBeChecked();
  await page.getByTestId('settings-ocr').check();
  await page.getByTestId('settings-originals-max').fill('500');

  const template = page.getByTestId('settings-prompt-template');
  await expect(template.locator('option')).toHaveText(['Grounded answer v1', 'Grounded answer (concise) v2', 'Grounded answer (fenced passages) v3']);
  await template.selectOption({ label: 'Grounded answer (concise) v2' });
  // the balance is measured per collection by default; setting it by hand shows the slider
  await expect(page.getByTestId('settings-fusion-auto')).toBeChecked();
  await expect(page.getByTestId('settings-fusion-weight')).toHaveCount(0);
  await page.getByTestId('settings-fusion-auto').uncheck();
  await page.getByTestId('settings-fusion-weight').fill('40');
  await expect(page.getByTestId('settings-fusion-weight-value')).toHaveText('40% meaning · 60% keywords');
  await page.getByTestId('settings-top-k').fill('8');
  // one Save for both sections
  await expect(page.getByTestId('settings-save-bar-count')).toHaveText('7 unsaved changes');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toHaveText('Saved 7 changes.');

  await page.reload();
  await expect(page.getByTestId('settings-chunk-size')).toHaveValue('320');
  await expect(page.getByTestId('settings-ocr')).toBeChecked();
  await expect(page.getByTestId('settings-originals-max')).toHaveValue('500');
  await expect(page.getByTestId('settings-prompt-template')).toHaveValue('grounded-answer@2');
  await expect(page.getByTestId('settings-fusion-auto')).not.toBeChecked();
  await expect(page.getByTestId('settings-fusion-weight')).toHaveValue('40');
  await expect(page.getByTestId('settings-top-k')).toHaveValue('8');
});

test('shows the embedder’s live state and, after a change of model, re-indexes the library from Settings', async ({ page, host }) => {
  test.setTimeout(90_000);
  await page.goto(host.url);
  await expect(page.getByTestId('collection-select')).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(path.join(documents, 'pdf', NIST));
  await expect(documentRow(page, NIST)).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });

  await openSettings(page);
  const status = page.getByTestId('settings-embedder-status');
  await expect(status).toHaveAttribute('data-state', 'ready');
  await expect(status.getByTestId('settings-embedder-live-model')).toHaveText('loci/glove-wordpiece-100d');
  await expect(status.getByTestId('settings-embedder-dimension')).toHaveText('100');
  await expect(status.getByTestId('settings-embedder-location')).toContainText('glove-wordpiece-100d');
  await expect(page.getByTestId('settings-reindex')).toHaveCount(0);

  // warned before saving, then asked by the host once saved
  await page.getByTestId('settings-embedder-model').fill('loci/minilm-shaped-random');
  await expect(page.getByTestId('settings-embedder-change-notice')).toContainText('will require re-indexing your library (1 document)');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  const callout = page.getByTestId('settings-reindex');
  await expect(callout).toHaveAttribute('data-state', 'needed');
  await expect(callout).toContainText('Changing the embedding model requires re-indexing your library (1 document). Search by meaning is off until then.');
  await expect(status.getByTestId('settings-embedder-live-model')).toHaveText('loci/minilm-shaped-random');

  await callout.getByTestId('settings-reindex-button').click();
  await expect(callout).toHaveCount(0, { timeout: 60_000 });
  await expect(status).toHaveAttribute('data-state', 'ready');
  await expect(status.getByTestId('settings-embedder-dimension')).toHaveText('384');

  await page.getByTestId('nav-library').click();
  await expect(documentRow(page, NIST)).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('embedder-callout')).toHaveCount(0);
});

test('lists the sections beside them in a wide window and goes to the one chosen; a narrow window has no list', async ({ page, host }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(host.url);
  await openSettings(page);
  const contents = page.getByTestId('settings-contents');
  await expect(contents).toBeVisible();
  await expect(contents.getByRole('link')).toContainText(['Ollama', 'Embedding model', 'Reset', 'About']);
  const reset = page.getByRole('heading', { level: 2, name: 'Reset' });
  await expect(reset).not.toBeInViewport();
  await contents.getByRole('link', { name: 'Reset' }).click();
  await expect(reset).toBeInViewport();
  await expect(contents.getByRole('link', { name: 'Reset' })).toHaveAttribute('aria-current', 'location');
  // the app's screen is still Settings: the link scrolled, it did not navigate
  await expect(page.getByTestId('settings-embedding')).toBeAttached();

  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(contents).toBeHidden();
});
