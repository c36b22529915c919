// Serve mode started with --allow-dir, in Chromium: the user imports a folder on the host by its path, and a path
// outside the allowed folder (a `..` escape, a symlink pointing out) is refused under the field, importing nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test as base } from '../fixtures/lociTest';
import { startServeHost, type ServeHost } from '../fixtures/serveHost';

const documents = path.resolve(import.meta.dirname, '../../../shared/fixtures/documents');
const NIST = 'nist-sp800-145-cloud-definition.pdf';

const test = base.extend<{ folder: string; allowedHost: ServeHost }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the fixtures argument to be destructured
  folder: async ({}, use) => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'loci-allow-dir-e2e-')));
    fs.mkdirSync(path.join(root, 'allowed', 'papers'), { recursive: true });
    fs.copyFileSync(path.join(documents, 'pdf', NIST), path.join(root, 'allowed', 'papers', NIST));
    fs.writeFileSync(path.join(root, 'private.md'), '# Private\n\nNot for the browser.');
    fs.symlinkSync(path.join(root, 'private.md'), path.join(root, 'allowed', 'link.md'));
    await use(root);
    fs.rmSync(root, { recursive: true, force: true });
  },
  allowedHost: async ({ standIn, folder }, use) => {
    const host = await startServeHost({ ollamaUrl: standIn.url, args: ['--allow-dir', path.join(folder, 'allowed')] });
    await use(host);
    await host.stop();
  },
});

test('imports a folder inside --allow-dir by path and refuses paths that lead out of it', async ({ page, allowedHost, folder }) => {
  await page.goto(allowedHost.url);
  await expect(page.getByTestId('library-view')).toBeVisible();

  await page.getByTestId('add-host-path').click();
  for (const outside of [path.join(folder, 'allowed', '..', 'private.md'), path.join(folder, 'allowed', 'link.md')]) {
    await page.getByTestId('host-path-input').fill(outside);
    await page.getByTestId('host-path-import').click();
    await expect(page.locator('.field__error')).toContainText('not inside a folder this host allows');
  }
  await expect(page.getByTestId('import-panel')).toBeHidden();

  await page.getByTestId('host-path-input').fill(path.join(folder, 'allowed', 'papers'));
  await page.getByTestId('host-path-import').click();
  const panel = page.getByTestId('import-panel');
  await expect(panel).toHaveAttribute('data-phase', 'finished', { timeout: 30_000 });
  await expect(page.locator(`[data-testid="import-file"][data-name="${NIST}"]`)).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('documents-table').getByTestId('document-row')).toHaveCount(1);
});

test('a host started without --allow-dir offers no host paths', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('add-files')).toBeVisible();
  await expect(page.getByTestId('add-host-path')).toHaveCount(0);
});
