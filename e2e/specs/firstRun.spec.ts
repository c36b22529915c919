// First run and model states through serve mode: Ollama up with nothing installed (status warns, Chat offers a
// small model and the count follows the pull at once); a model's details and Unload; the folding panels at 1280.
import { expect, test as base } from '../fixtures/lociTest';
import { DEFAULT_PULLABLE_MODELS, DEFAULT_STANDIN_MODELS } from '../fixtures/ollama-standin/models';
import { startOllamaStandIn } from '../fixtures/ollama-standin/server';

const empty = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the fixtures argument to be destructured
  standIn: async ({}, use) => {
    const standIn = await startOllamaStandIn({ timeScale: 0.05, models: [], pullable: [...DEFAULT_STANDIN_MODELS, ...DEFAULT_PULLABLE_MODELS] });
    await use(standIn);
    await standIn.close();
  },
});

empty('with no model installed, the status warns and Chat offers to pull a small one; the count follows at once', async ({ page, host }) => {
  await page.goto(host.url);
  const status = page.getByTestId('ollama-status');
  await expect(status).toHaveAttribute('data-models', 'none');
  await expect(status).toContainText('no models installed');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Chat' }).click();
  const notice = page.getByTestId('no-model');
  await expect(notice).toContainText('No model is installed');
  await expect(page.getByTestId('model-select').locator('option').first()).toHaveText('Default (no model installed)');
  await notice.getByTestId('no-model-pull').click();
  await expect(notice).toBeHidden({ timeout: 30_000 });
  await expect(status).toContainText('1 model');
  await expect(status).not.toHaveAttribute('data-models', 'none');
  await expect(page.getByTestId('model-select').locator('option').first()).toHaveText('Default (ollama · llama3.2:3b)');
});

base('a model shows its details and unloads on request', async ({ page, host, standIn }) => {
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Models' }).click();
  const row = page.locator('[data-testid=model-row][data-key="ollama:qwen2.5:7b"]');
  await row.getByTestId('model-details-toggle').click();
  const details = page.getByTestId('model-details');
  await expect(details).toHaveAttribute('data-state', 'loaded');
  await expect(details).toContainText('32,768 tokens');
  await details.getByTestId('model-details-template').locator('summary').click();
  await expect(details.getByTestId('model-details-template')).toContainText('{{ .Prompt }}');
  await expect(details.getByTestId('model-details-license')).toBeVisible();
  await row.getByTestId('model-details-toggle').click();
  await expect(details).toHaveCount(0);

  // load it with a request, as an answer would
  await fetch(`${standIn.url}/api/generate`, { method: 'POST', body: JSON.stringify({ model: 'qwen2.5:7b', prompt: '' }) });
  await page.getByTestId('models-refresh').click();
  await expect(row).toHaveAttribute('data-loaded', 'true');
  await row.getByTestId('unload-model').click();
  await expect(row).toHaveAttribute('data-loaded', 'false');
  expect(standIn.loaded()).not.toContain('qwen2.5:7b');
});

base('at 1280 px the sidebar and sources fold, and the choice is remembered', async ({ page, host }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(host.url);
  const sidebar = page.getByTestId('sidebar');
  await expect(sidebar).toHaveAttribute('data-open', 'false');
  // the folded links keep their names
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Chat' }).click();
  await expect(page.getByTestId('chat-view')).toHaveAttribute('data-sources', 'folded');
  await page.getByTestId('sources-toggle').click();
  await expect(page.getByTestId('chat-view')).toHaveAttribute('data-sources', 'open');
  await page.getByTestId('sidebar-toggle').click();
  await expect(sidebar).toHaveAttribute('data-open', 'true');
  await page.reload();
  await expect(page.getByTestId('sidebar')).toHaveAttribute('data-open', 'true');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Chat' }).click();
  await expect(page.getByTestId('chat-view')).toHaveAttribute('data-sources', 'open');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByTestId('sources-toggle').click();
  await expect(page.getByTestId('chat-view')).toHaveAttribute('data-sources', 'folded');
});
