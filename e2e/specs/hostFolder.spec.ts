// Serve mode started with --allow-dir, in Chromium: the user imports a folder on the host by its path, and a path
// outside the allowed folder (a `..` escape, a symlink pointing out) is refused under the field, importing nothing.
import fs from 'node:fs';
import path from 'node:path';
import { allowDirTest } from '../fixtures/allowDirTest';
import { expect } from '../fixtures/lociTest';

const documents = path.resolve(import.meta.dirname, '../../../shared/fixtures/documents');
const NIST = 'nist-sp800-145-cloud-definition.pdf';

const test = allowDirTest('loci-allow-dir-e2e-', (root) => {
  fs.mkdirSync(path.join(root, 'allowed', 'papers'), { recursive: true });
  fs.copyFileSync(path.join(documents, 'pdf', NIST), path.join(root, 'allowed', 'papers', NIST));
  fs.writeFileSync(path.join(root, 'private.md'), '# Private\n\nNot for the browser.');
  fs.symlinkSync(path.join(root, 'private.md'), path.join(root, 'allowed', 'link.md'));
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
