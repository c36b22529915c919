// Binds the contract to the services: one handler per method and stream, checked against the contract by type.
import os from 'node:os';
import type { AppContract } from '../../../shared/contract';
import type { Handlers } from '../../../shared/rpc/server';
import type { Services } from '../createServices';

export function createHandlers(services: Services): Handlers<AppContract> {
  const { settings, ollama, ollamaMonitor, deps } = services;
  return {
    methods: {
      'app.info': () => ({ name: 'Loci', version: deps.appVersion, dataDir: deps.dataDir, platform: os.platform(), capabilities: services.capabilities }),
      'settings.get': () => settings.get(),
      'settings.update': (patch) => settings.update(patch),
      'settings.reset': () => settings.reset(),
      'ollama.status': ({ refresh }) => (refresh || ollamaMonitor.current().state === 'checking' ? ollamaMonitor.refresh() : ollamaMonitor.current()),
      'ollama.testUrl': ({ url }) => ollama.probe(url),
      'models.list': async (_input, { signal }) => ({ models: await ollama.listModels(signal) }),
      'models.running': async () => ({ models: await ollama.runningModels() }),
      'models.delete': async ({ name }) => {
        await ollama.deleteModel(name);
        return { name };
      },
    },
    streams: {
      'models.pull': async ({ name }, { signal, emit }) => {
        await ollama.pullModel(name, signal, emit);
        return { name };
      },
    },
  };
}
