// Tests only, either side of the contract: the typed error a call or stream failed with, or a test failure if it
// succeeded.
import type { AppErrorData } from '../contract/errors';

export async function failureOf(promise: Promise<unknown>): Promise<AppErrorData> {
  try {
    await promise;
  } catch (error) {
    return error as AppErrorData;
  }
  throw new Error('expected a failure');
}
