// The renderer's typed API over the contract: failures become AppError, whatever the transport underneath.
import type { AppContract } from '../../../shared/contract';
import { toAppError } from '../../../shared/contract/errors';
import type { RpcClient, StreamHandle } from '../../../shared/rpc/client';
import type { FileImporter } from './fileImport';

/** A stream the renderer opened: its result rejects with an AppError (CANCELLED after cancel()). */
export type LociStream<R> = StreamHandle<R>;

/** The contract's client (its calls and streams reject with AppError), plus the files the user dropped or picked. */
export type LociApi = RpcClient<AppContract> & {
  /** Dropped or picked files as import sources (paths on desktop, uploads in the browser). */
  readonly files: FileImporter;
};

export function createLociApi(client: RpcClient<AppContract>, files: FileImporter): LociApi {
  return {
    call: (name, input) => client.call(name, input).catch((error: unknown) => Promise.reject(toAppError(error))),
    stream: (name, input, onItem) => {
      const handle = client.stream(name, input, onItem);
      return { result: handle.result.catch((error: unknown) => Promise.reject(toAppError(error))), cancel: () => handle.cancel() };
    },
    on: (name, listener) => client.on(name, listener),
    onDisconnect: (listener) => client.onDisconnect(listener),
    files,
  };
}
