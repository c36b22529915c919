// Layout at the two window sizes we design for (1280×800, 1920×1080), in both themes: after some real use (a
// document, a cited answer, a four-column comparison), no screen has anything that spills, scrolls sideways or is
// cut short without its full text on hover. Screenshots of every screen go to the test's output folder.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { findOverflows } from '../fixtures/overflow';
import { expect, test as base } from '../fixtures/lociTest';
import { DEFAULT_STANDIN_MODELS, type StandInModel } from '../fixtures/ollama-standin/models';
import { startOllamaStandIn } from '../fixtures/ollama-standin/server';
import { ROUTES } from '../../renderer/src/lib/routes';

const MARKDOWN = path.resolve(import.meta.dirname, '../../../shared/fixtures/documents/md/art-of-command-line-en.md');
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;
const THEMES = ['light', 'dark'] as const;

const big = (name: string, family: string, parameterSize: string): StandInModel => ({
  ...DEFAULT_STANDIN_MODELS[0]!,
  name,
  family,
  parameterSize,
  speed: { loadMs: 50, firstTokenMs: 20, tokensPerSecond: 400 },
});

// four models whose names share a long prefix, as the issue saw them cut to `llama3.…`
const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the fixtures argument to be destructured
  standIn: async ({}, use) => {
    const standIn = await startOllamaStandIn({
      timeScale: 0.05,
      models: [...DEFAULT_STANDIN_MODELS, big('llama3.1:70b', 'llama', '70.6B'), big('llama3.1:8b-instruct-q8_0', 'llama', '8.0B')],
    });
    await use(standIn);
    await standIn.close();
  },
});

const nav = (page: Page, label: string): Promise<void> => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: label }).click();

async function seed(page: Page): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(MARKDOWN);
  await expect(page.locator('[data-testid=document-row][data-status=ready]')).toHaveCount(1, { timeout: 60_000 });
  await nav(page, 'Chat');
  await page.getByTestId('model-select').selectOption('ollama:llama3.2:3b');
  await page.getByTestId('chat-input').fill('How do I search my shell history?');
  await page.getByTestId('chat-input').press('Enter');
  await expect(page.locator('[data-testid=message][data-role=assistant][data-status=complete]')).toHaveCount(1, { timeout: 30_000 });
  await nav(page, 'Compare');
  await page.getByTestId('compare-question').fill('How do I search my shell history?');
  const models = ['ollama:llama3.2:3b', 'ollama:llama3.1:70b', 'ollama:llama3.1:8b-instruct-q8_0', 'ollama:qwen2.5:7b'];
  while ((await page.getByTestId('variant').count()) < models.length) await page.getByTestId('add-variant').click();
  for (const [i, model] of models.entries()) await page.getByTestId('variant').nth(i).getByTestId('variant-model').selectOption(model);
  await page.getByTestId('compare-run').click();
  await expect(page.getByTestId('compare-results')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('compare-stop')).toHaveCount(0, { timeout: 30_000 });
}

/** Waits until the page's boxes measure the same on two looks in a row, so what is checked is the settled layout. */
async function layoutSettled(page: Page): Promise<void> {
  const measure = (): Promise<string> =>
    page.evaluate(() => {
      const boxes = Array.from(document.body.querySelectorAll('*'), (el) => el.getBoundingClientRect());
      const extent = boxes.reduce((sum, r) => sum + r.left + r.width + r.top + r.height, 0);
      return `${boxes.length}:${Math.round(extent)}:${document.documentElement.scrollWidth}`;
    });
  let last = ''; // so the first look only records: two looks 100 ms apart must agree
  await expect
    .poll(
      async () => {
        const now = await measure();
        const same = now === last;
        last = now;
        return same;
      },
      { message: 'the layout to stop changing', intervals: [100], timeout: 15_000 },
    )
    .toBe(true);
}

test('no screen overflows sideways at 1280×800 or 1920×1080, in either theme', async ({ page, host }, testInfo) => {
  test.setTimeout(180_000);
  await page.goto(host.url);
  await expect(page.getByTestId('ollama-status')).toHaveAttribute('data-state', 'ready');
  await seed(page);

  const problems: string[] = [];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const theme of THEMES) {
      await page.emulateMedia({ colorScheme: theme });
      for (const route of ROUTES) {
        await nav(page, route.label);
        await expect(page.getByRole('heading', { level: 1 })).toContainText(route.label);
        // charts and tables settle after their data arrives
        await page.waitForLoadState('networkidle').catch(() => undefined);
        await layoutSettled(page);
        await page.screenshot({ path: testInfo.outputPath(`${route.id}-${size.width}-${theme}.png`), fullPage: false });
        for (const o of await findOverflows(page)) problems.push(`${size.width}×${size.height} ${theme} ${route.id}: ${o.kind} by ${o.by}px at ${o.path}`);
      }
    }
  }
  expect(problems, problems.join('\n')).toEqual([]);
});
