// First screen through serve mode in Chromium: the app opens, Ollama's status turns ready against the stand-in,
// shows the unreachable state when it stops, and recovers; navigation, themes and the token check.
import { expect, test } from '../fixtures/lociTest';

test('opens and shows Ollama ready with its version and model count', async ({ page, host, standIn }) => {
  await page.goto(host.url);
  const status = page.getByTestId('ollama-status');
  await expect(status).toHaveAttribute('data-state', 'ready');
  await expect(status).toContainText(/0\.\d+\.\d+/);
  await expect(status).toContainText(`${standIn.installed().length} models`);
  // the token leaves the address bar once the page has it
  expect(page.url()).not.toContain('token=');
});

test('shows the unreachable state with the URL when Ollama stops, and recovers on retry', async ({ page, host, standIn }) => {
  await page.goto(host.url);
  const status = page.getByTestId('ollama-status');
  await expect(status).toHaveAttribute('data-state', 'ready');

  await standIn.stop();
  const panel = page.getByTestId('ollama-unreachable');
  await expect(status).toHaveAttribute('data-state', 'unreachable', { timeout: 20_000 });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText(standIn.url);
  await expect(panel).toContainText(/connection refused/i);
  await expect(panel).toContainText(/ollama serve/);

  await standIn.start();
  await panel.getByTestId('ollama-retry').click();
  await expect(status).toHaveAttribute('data-state', 'ready');
  await expect(panel).toBeHidden();
});

test('lets the user fix a wrong Ollama URL from the unreachable panel', async ({ page, host, standIn }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('ollama-status')).toHaveAttribute('data-state', 'ready');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Ollama URL').first().fill('http://127.0.0.1:9');
  await page.getByRole('button', { name: 'Save' }).first().click();
  const panel = page.getByTestId('ollama-unreachable');
  await expect(panel).toBeVisible({ timeout: 20_000 });
  await expect(panel).toContainText('http://127.0.0.1:9');

  const input = panel.getByTestId('ollama-url-input');
  await input.fill('not a url');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel).toContainText(/URL/);
  await input.fill(standIn.url);
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('ollama-status')).toHaveAttribute('data-state', 'ready');
});

test('navigates between the six areas', async ({ page, host }) => {
  await page.goto(host.url);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const area of ['Library', 'Chat', 'Compare', 'Models', 'Metrics', 'Settings']) {
    await nav.getByRole('button', { name: area }).click();
    await expect(nav.getByRole('button', { name: area })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 1 })).toContainText(area);
  }
});

test('follows the OS colour scheme and honours a chosen theme across reloads', async ({ page, host }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(host.url);
  await expect(page.getByTestId('ollama-status')).toHaveAttribute('data-state', 'ready');
  const background = (): Promise<string> => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const dark = await background();
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(background).not.toBe(dark);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Theme').selectOption('dark');
  // shown at once as a preview, kept once saved
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(background).toBe(dark);
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('refuses a page without the launch token', async ({ page, host }) => {
  await page.goto(`${host.origin}/`);
  await expect(page.getByRole('alert')).toContainText(/token/i);
  await page.goto(`${host.origin}/?token=wrong-token`);
  await expect(page.getByRole('alert')).toContainText(/refused|token/i);
});

test('tells the user when the host goes away', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('ollama-status')).toHaveAttribute('data-state', 'ready');
  await host.stop();
  await expect(page.getByTestId('connection-lost')).toBeVisible();
});
