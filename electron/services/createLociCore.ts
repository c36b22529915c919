// Services plus the contract server and its event wiring: what the desktop shell, serve mode and tests each start.
import { appContract, type AppContract } from '../../shared/contract';
import { createRpcServer, type RpcServer } from '../../shared/rpc/server';
import { createServices, type ServiceDeps, type Services } from './createServices';
import { createHandlers } from './handlers/createHandlers';

export interface LociCore {
  readonly services: Services;
  readonly rpc: RpcServer<AppContract>;
  dispose(): Promise<void>;
}

export interface LociCoreOptions {
  /** From a launch flag or environment variable: saved into the settings before anything reads them. */
  ollamaUrlOverride?: string | null;
}

export function createLociCore(deps: ServiceDeps, options: LociCoreOptions = {}): LociCore {
  const services = createServices(deps);
  if (options.ollamaUrlOverride) services.settings.update({ ollamaUrl: options.ollamaUrlOverride });
  const log = deps.logger.child('rpc');
  const rpc = createRpcServer(appContract, createHandlers(services), {
    onUnexpectedError: (error, name) => log.error(`handler ${name} failed`, { error }),
  });

  const unsubscribe = [
    services.settings.onChange((next) => rpc.emit('settings.changed', next)),
    services.ollamaMonitor.onChange((status) => {
      rpc.emit('ollama.statusChanged', status);
      log.info(`ollama ${status.state}`, { url: status.url, version: status.version });
    }),
  ];
  services.ollamaMonitor.start();

  return {
    services,
    rpc,
    async dispose() {
      for (const off of unsubscribe) off();
      await services.dispose();
    },
  };
}
