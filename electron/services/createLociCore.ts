// Services plus the contract server and its event wiring: what the desktop shell, serve mode and tests each start.
import { appContract, type AppContract } from '../../shared/contract';
import { SettingsPatchSchema, type SettingsPatch } from '../../shared/contract/settings';
import { createRpcServer, type RpcServer } from '../../shared/rpc/server';
import { createServices, type ServiceDeps, type Services } from './createServices';
import { createHandlers } from './handlers/createHandlers';

export interface LociCore {
  readonly services: Services;
  readonly rpc: RpcServer<AppContract>;
  dispose(): Promise<void>;
}

export interface LociCoreOptions {
  /** From launch flags or environment variables: validated, then saved into the settings before anything reads them. */
  settingsOverrides?: SettingsPatch;
}

export function createLociCore(deps: ServiceDeps, options: LociCoreOptions = {}): LociCore {
  const overrides = SettingsPatchSchema.safeParse(options.settingsOverrides ?? {});
  if (!overrides.success) throw new Error(`Invalid launch settings: ${overrides.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const services = createServices(deps);
  if (Object.keys(overrides.data).length > 0) services.settings.update(overrides.data);
  const log = deps.logger.child('rpc');
  const rpc: RpcServer<AppContract> = createRpcServer(
    appContract,
    createHandlers(services),
    { onUnexpectedError: (error, name) => log.error(`handler ${name} failed`, { error }) },
  );

  const unsubscribe = [
    services.settings.onChange((next) => rpc.emit('settings.changed', next)),
    services.engines.onChanged((reason) => rpc.emit('models.changed', { reason })),
    services.library.onChanged((collectionId) => rpc.emit('library.changed', { collectionId })),
    services.library.onEmbedderStatus((status) => rpc.emit('library.embedderStatusChanged', status)),
    services.sources.onChanged((id, collectionId, source) => rpc.emit('sources.changed', { id, collectionId, source })),
    services.sources.onBackgroundJob((job) => rpc.emit('library.backgroundJob', job)),
    services.metrics.onChanged((alerts) => rpc.emit('metrics.changed', { alerts })),
    services.resilience.breakers.onChanged((breakers) => rpc.emit('resilience.breakersChanged', { breakers })),
    services.ollamaMonitor.onChange((status) => {
      rpc.emit('ollama.statusChanged', status);
      log.info(`ollama ${status.state}`, { url: status.url, version: status.version });
    }),
  ];
  services.ollamaMonitor.start();
  // resumes interrupted imports, rescans folder sources and starts watching them
  void services.sources.start().catch((error: unknown) => log.error('folder sources did not start', { error }));

  return {
    services,
    rpc,
    async dispose() {
      for (const off of unsubscribe) off();
      await services.dispose();
    },
  };
}
