// The Library through serve mode in Chromium, with the real small embedder: importing real documents through the
// file input (a corrupt one is skipped with its reason), search, drag and drop onto the window, removing a
// document, and cancelling a large import.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures/lociTest';

const documents = path.resolve(import.meta.dirname, '../../../shared/fixtures/documents');
const NIST = 'nist-sp800-145-cloud-definition.pdf';
const MARKDOWN = 'art-of-command-line-en.md';
const DUCK = 'wikipedia-duck.html';

const importFile = (page: Page, name: string): Locator => page.locator(`[data-testid="import-file"][data-name="${name}"]`);
const documentRow = (page: Page, name: string): Locator => page.locator(`[data-testid="document-row"][data-name="${name}"]`);

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'loci-library-e2e-'));
}

/** Readable English-like text with varied words, so every file makes real, distinct chunks. */
function prose(seed: number, words: number): string {
  const vocabulary = ['river', 'garden', 'lantern', 'harbor', 'engine', 'meadow', 'archive', 'signal', 'orchard', 'compass', 'granite', 'falcon', 'harvest', 'library', 'circuit', 'voyage', 'thunder', 'pebble', 'canyon', 'melody'];
  const out: string[] = [];
  let x = seed * 7919 + 17;
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(vocabulary[x % vocabulary.length]!);
    if (i % 14 === 13) out.push(`document ${seed} sentence ${i}.\n`);
  }
  return out.join(' ');
}

test.beforeEach(async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('library-view')).toBeVisible();
  await expect(page.getByTestId('collection-select')).toBeVisible();
});

test('imports real documents with per-file progress, skips a corrupt one, lists them and finds a passage', async ({ page }) => {
  const dir = tempDir();
  const broken = path.join(dir, 'broken.txt');
  fs.writeFileSync(broken, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
  try {
    await expect(page.getByTestId('documents-empty')).toContainText('PDF');
    await page.getByTestId('file-input').setInputFiles([path.join(documents, 'pdf', NIST), path.join(documents, 'md', MARKDOWN), path.join(documents, 'html', DUCK), broken]);

    const panel = page.getByTestId('import-panel');
    await expect(panel).toBeVisible();
    await expect(panel).toHaveAttribute('data-phase', 'finished', { timeout: 30_000 });
    const progress = page.getByTestId('import-progress');
    await expect(progress).toHaveAttribute('data-total', '4');
    await expect(progress).toHaveAttribute('data-done', '4');
    for (const name of [NIST, MARKDOWN, DUCK]) await expect(importFile(page, name)).toHaveAttribute('data-state', 'done');
    await expect(importFile(page, 'broken.txt')).toHaveAttribute('data-state', 'skipped');
    await expect(importFile(page, 'broken.txt').getByTestId('import-file-reason')).not.toBeEmpty();
    // problems come first
    await expect(page.getByTestId('import-file').first()).toHaveAttribute('data-name', 'broken.txt');

    const table = page.getByTestId('documents-table');
    await expect(table.getByTestId('document-row')).toHaveCount(3);
    const nist = documentRow(page, NIST);
    await expect(nist).toHaveAttribute('data-status', 'ready');
    await expect(nist.locator('td').nth(3)).toHaveText('7'); // pages
    await expect(nist.locator('td').nth(4)).toHaveText(/^[1-9]\d*$/); // chunks
    await expect(page.getByTestId('collection-counts')).toContainText('3 documents');

    await page.getByTestId('documents-filter').fill('duck');
    await expect(table.getByTestId('document-row')).toHaveCount(1);
    await page.getByTestId('documents-filter').fill('');

    await page.getByTestId('library-search-input').fill('essential characteristics of cloud computing');
    await page.getByTestId('library-search-input').press('Enter');
    const results = page.getByTestId('search-result');
    await expect(results.first()).toBeVisible();
    const top3 = await results.evaluateAll((items) => items.slice(0, 3).map((item) => item.getAttribute('data-document')));
    expect(top3).toContain(NIST);
    await expect(page.getByTestId('library-search-meta')).toContainText(/ms/);

    await page.getByTestId('library-search-mode').selectOption('fts');
    await expect(page.getByTestId('library-search-meta')).toBeVisible();
    await expect(results.first()).toBeVisible();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a file dropped on the window shows the overlay, then lands in the library from any screen', async ({ page }) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Chat' }).click();
  await expect(page.getByTestId('library-view')).toBeHidden();

  const transfer = await page.evaluateHandle(() => {
    const data = new DataTransfer();
    const text = '# Dropped notes\n\nPenguins are flightless birds that live almost exclusively in the Southern Hemisphere.\n\n## Diet\n\nThey eat krill, fish and squid caught while swimming underwater.\n';
    data.items.add(new File([text], 'dropped-notes.md', { type: 'text/markdown' }));
    return data;
  });
  const fire = (type: string): Promise<void> =>
    page.evaluate(([eventType, dataTransfer]) => {
      document.body.dispatchEvent(new DragEvent(eventType, { dataTransfer, bubbles: true, cancelable: true }));
    }, [type, transfer] as const);

  await fire('dragenter');
  await fire('dragover');
  const overlay = page.getByTestId('drop-overlay');
  await expect(overlay).toBeVisible();
  await expect(overlay).toContainText('Drop to add to My Library');

  await fire('drop');
  await expect(overlay).toBeHidden();
  await expect(page.getByTestId('library-view')).toBeVisible();
  await expect(importFile(page, 'dropped-notes.md')).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(documentRow(page, 'dropped-notes.md')).toHaveAttribute('data-status', 'ready');
});

test('removes a document after confirming', async ({ page }) => {
  const dir = tempDir();
  try {
    const keep = path.join(dir, 'keep-me.md');
    const remove = path.join(dir, 'remove-me.md');
    fs.writeFileSync(keep, `# Keep\n\n${prose(1, 300)}`);
    fs.writeFileSync(remove, `# Remove\n\n${prose(2, 300)}`);
    await page.getByTestId('file-input').setInputFiles([keep, remove]);
    await expect(documentRow(page, 'remove-me.md')).toBeVisible({ timeout: 20_000 });
    await expect(documentRow(page, 'keep-me.md')).toBeVisible();

    await documentRow(page, 'remove-me.md').getByRole('checkbox').check();
    await page.getByTestId('documents-remove').click();
    await page.getByTestId('documents-remove-confirmation-confirm').click();
    await expect(documentRow(page, 'remove-me.md')).toHaveCount(0);
    await expect(documentRow(page, 'keep-me.md')).toBeVisible();
    await expect(page.getByTestId('collection-counts')).toContainText('1 document');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('cancelling a large import keeps the finished files and marks the rest cancelled', async ({ page }) => {
  const dir = tempDir();
  try {
    // enough files that a fast embedder cannot have finished them all by the first commit's report
    const files = Array.from({ length: 60 }, (_, i) => {
      const file = path.join(dir, `bulk-${String(i).padStart(2, '0')}.txt`);
      fs.writeFileSync(file, prose(i + 10, 14_000));
      return file;
    });
    await page.getByTestId('file-input').setInputFiles(files);
    const panel = page.getByTestId('import-panel');
    await expect(page.locator('[data-testid="import-file"][data-state="done"]').first()).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('import-cancel').click();
    await expect(panel).toHaveAttribute('data-phase', 'cancelled', { timeout: 20_000 });

    const done = await page.locator('[data-testid="import-file"][data-state="done"]').count();
    const cancelled = await page.locator('[data-testid="import-file"][data-state="cancelled"]').count();
    expect(done).toBeGreaterThan(0);
    expect(cancelled).toBeGreaterThan(0);
    await expect(page.getByTestId('import-cancel')).toBeHidden();
    // whatever finished is in the library; the table is virtualised, so count from the collection's totals, not rendered rows
    const counts = page.getByTestId('collection-counts');
    const documentCount = async (): Promise<number> => Number((/^([\d,]+) document/.exec((await counts.textContent()) ?? '')?.[1] ?? '-1').replace(/,/g, ''));
    await expect.poll(documentCount).toBeGreaterThanOrEqual(done);
    await expect.poll(documentCount).toBeLessThan(60);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
