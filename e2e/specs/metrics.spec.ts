// Metrics through serve mode in Chromium, from real answers: two models' figures side by side (the stand-in's
// llama3.2:3b writes faster than qwen2.5:7b), cards, charts, CSV and JSON export, an alert after lowering the p95
// threshold in Settings (with an inline validation error on the way), and Clear back to the empty state.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures/lociTest';

const NIST = path.resolve(import.meta.dirname, '../../../shared/fixtures/documents/pdf/nist-sp800-145-cloud-definition.pdf');
const FAST = 'ollama:llama3.2:3b';
const SLOW = 'ollama:qwen2.5:7b';
const CHARTS = ['chart-latency', 'chart-ttft-tps', 'chart-volume', 'chart-retrieval-generation', 'chart-stages', 'chart-cost'];

const completeAnswers = (page: Page): Locator => page.locator('[data-testid=message][data-role=assistant][data-status=complete]');
const modelRow = (page: Page, model: string): Locator => page.locator(`[data-testid=metrics-model-row][data-model="${model}"]`);
const card = (page: Page, name: string): Locator => page.locator(`[data-testid=metrics-card][data-name="${name}"]`).getByTestId('metrics-card-value');
/** "2,400 tok/s" → 2400; "$0.0123" → 0.0123. */
const numberIn = (text: string | null): number => Number((text ?? '').replace(/[^0-9.]/g, ''));

async function startConversation(page: Page, model: string): Promise<void> {
  await page.getByTestId('nav-chat').click();
  await page.getByTestId('new-conversation').click();
  await page.getByTestId('model-select').selectOption(model);
  await expect(page.getByTestId('model-select')).toHaveValue(model);
}

async function ask(page: Page, question: string): Promise<void> {
  const before = await completeAnswers(page).count();
  await page.getByTestId('chat-input').fill(question);
  await page.getByTestId('chat-send').click();
  await expect(completeAnswers(page)).toHaveCount(before + 1, { timeout: 20_000 });
}

async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const filePath = await file.path();
  return { name: file.suggestedFilename(), text: await fs.readFile(filePath, 'utf8') };
}

test('measures real answers per model, charts and exports them, alerts on slow answers, and clears', async ({ page, host, standIn }) => {
  test.setTimeout(90_000);
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to apply/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(host.url);

  await test.step('two answers from each model, about an imported document', async () => {
    await page.getByTestId('file-input').setInputFiles(NIST);
    await expect(page.locator('[data-testid=document-row][data-status=ready]')).toHaveCount(1, { timeout: 60_000 });
    await startConversation(page, FAST);
    await ask(page, 'What are the essential characteristics of the cloud model?');
    await ask(page, 'What is rapid elasticity?');
    await startConversation(page, SLOW);
    await ask(page, 'What is measured service?');
    await ask(page, 'What is resource pooling?');
  });

  await test.step('Metrics shows both models, the faster one faster, four answers and their cloud cost', async () => {
    await page.getByTestId('nav-metrics').click();
    await expect(page.getByTestId('metrics-view')).toBeVisible();
    await expect(page.getByTestId('metrics-range').locator('input:checked')).toHaveValue('day');
    await expect(modelRow(page, FAST).locator('[data-col=count]')).toHaveText('2');
    await expect(modelRow(page, SLOW).locator('[data-col=count]')).toHaveText('2');
    const fast = numberIn(await modelRow(page, FAST).locator('[data-col=tps-median]').textContent());
    const slow = numberIn(await modelRow(page, SLOW).locator('[data-col=tps-median]').textContent());
    expect(fast).toBeGreaterThan(0);
    expect(slow).toBeGreaterThan(0);
    expect(fast).toBeGreaterThan(slow);

    await expect(card(page, 'answers')).toHaveText('4');
    expect(numberIn(await card(page, 'cloud-cost').textContent())).toBeGreaterThan(0);
    await expect(page.getByTestId('metrics-cost-reference')).toHaveText('OpenAI GPT-4o');
    for (const chart of CHARTS) await expect(page.getByTestId(chart).locator('.recharts-wrapper > svg.recharts-surface')).toBeVisible();
    await expect(page.locator('[data-testid=metrics-event-row][data-kind=chat]')).toHaveCount(4);
  });

  await test.step('exports the range as CSV and as JSON', async () => {
    const csv = await download(page, 'metrics-export-csv');
    expect(csv.name).toMatch(/^loci-metrics-day-.+\.csv$/);
    const [header, ...rows] = csv.text.trim().split('\n');
    expect(header?.split(',').slice(0, 4)).toEqual(['id', 'time', 'kind', 'model']);
    const chatRows = rows.filter((row) => row.split(',')[2] === 'chat');
    expect(chatRows).toHaveLength(4);
    expect(chatRows.filter((row) => row.split(',')[3] === FAST)).toHaveLength(2);
    expect(chatRows.filter((row) => row.split(',')[3] === SLOW)).toHaveLength(2);

    const json = await download(page, 'metrics-export-json');
    expect(json.name).toMatch(/^loci-metrics-day-.+\.json$/);
    const parsed = JSON.parse(json.text) as { range: string; events: Array<{ kind: string; model: string | null }> };
    expect(parsed.range).toBe('day');
    expect(parsed.events.filter((e) => e.kind === 'chat').map((e) => e.model).sort()).toEqual([FAST, FAST, SLOW, SLOW]);
  });

  await test.step('lowering the p95 threshold in Settings raises an alert for the model over it', async () => {
    // three more slow answers make five, the smallest sample an alert judges; each waits at least 300 ms
    standIn.setFaults([{ kind: 'stall', ms: 300, model: SLOW }]);
    await startConversation(page, SLOW);
    await ask(page, 'What is broad network access?');
    await ask(page, 'What is on-demand self-service?');
    await ask(page, 'What are the service models of cloud computing?');
    standIn.clearFaults();
    await expect(page.getByTestId('metrics-alert')).toHaveCount(0);

    await page.getByTestId('nav-settings').click();
    const section = page.getByTestId('settings-costs');
    await expect(page.getByTestId('settings-prices').getByTestId('settings-price-row')).toHaveCount(5);
    // the host checks the range and says it in plain words by the field
    await page.getByTestId('settings-alert-window').fill('2');
    await page.getByTestId('settings-alert-p95').fill('0.1');
    await page.getByTestId('settings-cost-reference').selectOption({ label: 'OpenAI GPT-4o mini' });
    await page.getByTestId('settings-save').click();
    await expect(section.getByRole('alert').filter({ hasText: 'Use 5 or more' })).toBeVisible();
    await page.getByTestId('settings-alert-window').fill('5');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-saved')).toBeVisible();

    const alert = page.locator(`[data-testid=metrics-alert][data-model="${SLOW}"]`);
    await expect(alert).toHaveAttribute('data-kind', 'p95Latency');
    await expect(alert).toContainText('qwen2.5:7b: p95');
    await expect(alert).toContainText('over the last 5 answers, above your 100 ms threshold');
    await expect(page.locator(`[data-testid=metrics-alert][data-model="${FAST}"]`)).toHaveCount(0);

    await alert.getByTestId('metrics-alert-link').click();
    await expect(page.getByTestId('metrics-view')).toBeVisible();
    await expect(page.getByTestId('metrics-cost-reference')).toHaveText('OpenAI GPT-4o mini');
    await expect(modelRow(page, SLOW).locator('[data-col=count]')).toHaveText('5');
    await alert.getByTestId('metrics-alert-dismiss').click();
    await expect(page.getByTestId('metrics-alert')).toHaveCount(0);
  });

  await test.step('Clear, after confirming, leaves the empty state', async () => {
    await page.getByTestId('metrics-clear').click();
    await page.getByTestId('metrics-clear-confirmation-confirm').click();
    await expect(page.getByTestId('metrics-empty')).toContainText('Ask a question in Chat and its costs appear here');
    await expect(page.getByTestId('metrics-model-row')).toHaveCount(0);
  });

  expect(cspViolations).toEqual([]);
});
