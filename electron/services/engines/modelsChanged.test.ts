// models.changed through the contract: raised by the engines (not the handlers) after a pull, a delete; nothing on a
// failed pull. Each pull is one metric event, ok or failed. Real services against the Ollama stand-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOllamaStandIn, type OllamaStandIn } from '../../../e2e/fixtures/ollama-standin/server';
import type { AppContract } from '../../../shared/contract';
import type { RpcClient } from '../../../shared/rpc/client';
import { connectTestClient, createTestCore, type TestCore } from '../../testing/testCore';

let standIn: OllamaStandIn;
let test: TestCore;
let client: RpcClient<AppContract>;
const reasons: string[] = [];

beforeAll(async () => {
  standIn = await startOllamaStandIn({ timeScale: 0.02 });
  test = createTestCore({ ollamaUrl: standIn.url });
  client = connectTestClient(test.core);
  client.on('models.changed', ({ reason }) => reasons.push(reason));
});
afterAll(async () => {
  await test.cleanup();
  await standIn.close();
});

const pulls = () => test.core.services.metrics.allEvents().filter((e) => e.kind === 'pull');

describe('models.changed', () => {
  it('follows a finished pull and a delete, with one ok metric per pull', async () => {
    await client.stream('models.pull', { name: 'mistral:7b' }, () => undefined).result;
    expect(reasons).toEqual(['pulled']);
    expect(pulls()).toEqual([expect.objectContaining({ model: 'ollama:mistral:7b', outcome: 'ok', errorType: null })]);

    await client.call('models.delete', { engine: 'ollama', name: 'mistral:7b' });
    expect(reasons).toEqual(['pulled', 'deleted']);
  });

  it('is not raised by a failed pull, which is recorded with its error', async () => {
    await expect(client.stream('models.pull', { name: 'nope:1b' }, () => undefined).result).rejects.toMatchObject({ code: expect.any(String) });
    expect(reasons).toEqual(['pulled', 'deleted']);
    expect(pulls().at(-1)).toMatchObject({ model: 'ollama:nope:1b', outcome: 'error', errorType: expect.any(String) });
  });
});
