// The Sources panel in Chromium through serve mode (--allow-dir): a folder imported by its host path becomes a watched
// source, syncs, and follows the folder: a file added on disk appears in the documents table, an edited one is found
// by its new words, and a rescan of the unchanged folder says it is up to date.
import fs from 'node:fs';
import path from 'node:path';
import { allowDirTest } from '../fixtures/allowDirTest';
import { expect } from '../fixtures/lociTest';

const test = allowDirTest('loci-sources-e2e-', (root) => {
  const notes = path.join(root, 'allowed', 'notes');
  fs.mkdirSync(notes, { recursive: true });
  fs.writeFileSync(path.join(notes, 'glaciers.md'), '# Glaciers\n\nGlaciers move slowly and carve valleys over thousands of years.\n');
  fs.writeFileSync(path.join(notes, 'tides.txt'), 'Tides follow the moon; coastal erosion follows the tides.\n');
});

test('a folder imported by host path is watched: added and edited files appear, a rescan is up to date', async ({ page, allowedHost, folder }) => {
  const notes = path.join(folder, 'allowed', 'notes');
  await page.goto(allowedHost.url);
  await expect(page.getByTestId('library-view')).toBeVisible();

  await page.getByTestId('add-host-path').click();
  await page.getByTestId('host-path-input').fill(notes);
  await page.getByTestId('host-path-import').click();
  await expect(page.getByTestId('import-panel')).toHaveAttribute('data-phase', 'finished', { timeout: 30_000 });

  // the folder is a source now, and it settles to watching once its first sync has run
  const row = page.getByTestId('sources-panel').getByTestId('source-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('notes');
  await expect(row).toHaveAttribute('data-state', 'watching', { timeout: 30_000 });
  await expect(row).toContainText('Synced');
  const table = page.getByTestId('documents-table');
  await expect(table.getByTestId('document-row')).toHaveCount(2);

  // a file added on disk appears by itself
  fs.writeFileSync(path.join(notes, 'volcanoes.txt'), 'Volcanoes vent magma from deep chambers during an eruption.\n');
  await expect(table.locator('[data-testid="document-row"][data-name="volcanoes.txt"]')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  await expect(table.getByTestId('document-row')).toHaveCount(3);
  await expect(row).toHaveAttribute('data-state', 'watching', { timeout: 30_000 });

  // an edited file is re-indexed: its new words find it
  fs.appendFileSync(path.join(notes, 'tides.txt'), 'Spring tides bring the highest bioluminescence sightings.\n');
  await page.getByTestId('library-search-mode').selectOption('fts');
  await page.getByTestId('library-search-input').fill('bioluminescence');
  await expect(async () => {
    await page.getByTestId('library-search-input').press('Enter');
    await expect(page.getByTestId('search-result').first()).toHaveAttribute('data-document', 'tides.txt', { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(row).toHaveAttribute('data-state', 'watching', { timeout: 30_000 });
  await expect(table.getByTestId('document-row')).toHaveCount(3);

  // a rescan of the unchanged folder has nothing to do
  await row.getByRole('button', { name: 'Rescan' }).click();
  await expect(row).toContainText('Up to date', { timeout: 30_000 });
  await expect(table.getByTestId('document-row')).toHaveCount(3);
});
