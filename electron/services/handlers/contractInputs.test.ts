// Every method and stream of the app contract, fed malformed input through the real server: typed errors, no crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appContract, type AppContract, type AppErrorData } from '../../../shared/contract';
import type { RpcClient } from '../../../shared/rpc/client';
import { connectTestClient, createTestCore, type TestCore } from '../../testing/testCore';

let test: TestCore;
let client: RpcClient<AppContract>;
type Untyped = { call(name: string, input: unknown): Promise<unknown>; stream(name: string, input: unknown, onItem: () => void): { result: Promise<unknown> } };

beforeAll(() => {
  test = createTestCore();
  client = connectTestClient(test.core);
});
afterAll(() => test.cleanup());

const MALFORMED: unknown[] = [null, 42, 'text', [], true, { unexpected: 1 }, { name: 7 }, { url: 'ftp://x' }, { refresh: 'yes' }, { ollamaUrl: '' }];

const outcome = async (p: Promise<unknown>): Promise<AppErrorData | 'ok'> => {
  try {
    await p;
    return 'ok';
  } catch (error) {
    return error as AppErrorData;
  }
};

describe('app contract input validation', () => {
  for (const name of Object.keys(appContract.methods)) {
    it(`${name} answers malformed input with INVALID_INPUT`, async () => {
      const schema = appContract.methods[name as keyof AppContract['methods']].input;
      for (const input of MALFORMED) {
        if (schema.safeParse(input).success) continue; // some inputs are valid for some methods
        const result = await outcome((client as unknown as Untyped).call(name, input));
        expect(result, `${name} with ${JSON.stringify(input)}`).not.toBe('ok');
        expect((result as AppErrorData).code).toBe('INVALID_INPUT');
      }
    });
  }

  for (const name of Object.keys(appContract.streams)) {
    it(`${name} answers malformed input with INVALID_INPUT`, async () => {
      const schema = appContract.streams[name as keyof AppContract['streams']].input;
      for (const input of MALFORMED) {
        if (schema.safeParse(input).success) continue;
        const result = await outcome((client as unknown as Untyped).stream(name, input, () => undefined).result);
        expect((result as AppErrorData).code).toBe('INVALID_INPUT');
      }
    });
  }

  it('rejects model names Ollama could never accept', async () => {
    for (const bad of ['', '   ', '../etc/passwd', 'name with spaces', 'x'.repeat(300)]) {
      const result = await outcome(client.call('models.delete', { engine: 'ollama', name: bad }));
      expect((result as AppErrorData).code).toBe('INVALID_INPUT');
    }
  });

  it('keeps serving after all that', async () => {
    await expect(client.call('settings.get', {})).resolves.toMatchObject({ ollamaUrl: 'http://127.0.0.1:9' });
  });
});
