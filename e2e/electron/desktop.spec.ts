// The desktop app through Playwright's Electron driver: runs where Electron's binary is installed, otherwise skips
// and prints why. Checks the window opens on app://, the bridge is the only thing exposed, and Ollama turns ready.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { startOllamaStandIn } from '../fixtures/ollama-standin/server';

const root = path.resolve(import.meta.dirname, '../..');

function electronBinaryMissing(): string | null {
  const pathFile = path.join(root, 'node_modules/electron/path.txt');
  if (!fs.existsSync(pathFile)) return "Electron's binary is not installed (node_modules/electron/path.txt is absent; run `npm run setup:electron`)";
  const binary = path.join(root, 'node_modules/electron/dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? null : `Electron's binary is missing at ${binary}`;
}

const missing = electronBinaryMissing();
if (missing) console.warn(`[electron e2e] skipped: ${missing}`);

test.skip(missing !== null, missing ?? '');

test('the desktop window opens on app://loci with an isolated bridge and reaches Ollama', async () => {
  const standIn = await startOllamaStandIn({ timeScale: 0.05 });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loci-electron-'));
  const app = await electron.launch({
    args: [root, '--data-dir', dataDir, '--ollama-url', standIn.url, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
  });
  try {
    const page = await app.firstWindow();
    expect(page.url()).toMatch(/^app:\/\/loci\//);
    await expect(page.getByTestId('ollama-status')).toHaveAttribute('data-state', 'ready');
    const exposed = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      loci: Object.keys((window as unknown as { loci: object }).loci).sort(),
    }));
    expect(exposed).toEqual({ require: 'undefined', process: 'undefined', loci: ['call', 'grantDroppedFiles', 'on', 'onDisconnect', 'stream'] });
    // window.open and navigation away are blocked
    await page.evaluate(() => window.open('about:blank'));
    expect(app.windows()).toHaveLength(1);
    await page.evaluate(() => (window.location.href = 'https://example.com'));
    // a fixed pause on purpose: the navigation must not happen, an absence no poll can wait for
    await page.waitForTimeout(300);
    expect(page.url()).toMatch(/^app:\/\/loci\//);
  } finally {
    await app.close();
    await standIn.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
