// The renderer's typed API over the contract: failures become AppError, whatever the transport underneath.
import type {
  AppContract,
  EventName,
  EventPayload,
  MethodInput,
  MethodName,
  MethodOutput,
  StreamInput,
  StreamItem,
  StreamName,
  StreamResult,
} from '../../../shared/contract';
import { AppError, toAppErrorData } from '../../../shared/contract/errors';
import type { RpcClient } from '../../../shared/rpc/client';
import type { FileImporter } from './fileImport';

export interface LociStream<R> {
  readonly result: Promise<R>;
  cancel(): void;
}

export interface LociApi {
  call<N extends MethodName<AppContract>>(name: N, input: MethodInput<AppContract, N>): Promise<MethodOutput<AppContract, N>>;
  stream<N extends StreamName<AppContract>>(
    name: N,
    input: StreamInput<AppContract, N>,
    onItem: (item: StreamItem<AppContract, N>) => void,
  ): LociStream<StreamResult<AppContract, N>>;
  on<N extends EventName<AppContract>>(name: N, listener: (payload: EventPayload<AppContract, N>) => void): () => void;
  onDisconnect(listener: (reason: string) => void): () => void;
  /** Dropped or picked files as import sources (paths on desktop, uploads in the browser). */
  readonly files: FileImporter;
}

const asAppError = (error: unknown): AppError => (error instanceof AppError ? error : AppError.from(toAppErrorData(error)));

export function createLociApi(client: RpcClient<AppContract>, files: FileImporter): LociApi {
  return {
    call: (name, input) => client.call(name, input).catch((error: unknown) => Promise.reject(asAppError(error))),
    stream: (name, input, onItem) => {
      const handle = client.stream(name, input, onItem);
      return { result: handle.result.catch((error: unknown) => Promise.reject(asAppError(error))), cancel: () => handle.cancel() };
    },
    on: (name, listener) => client.on(name, listener),
    onDisconnect: (listener) => client.onDisconnect(listener),
    files,
  };
}
