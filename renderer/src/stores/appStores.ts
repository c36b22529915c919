// Creates every domain store once over the injected api and wires main's pushed events to them, once, at start-up.
// Components never subscribe to api events themselves. Renderer (and Node tests).
import type { LociApi } from '../api/lociApi';
import { createModelsStore, type ModelsStore } from './modelsStore';
import {
  createChatStore,
  createCompareStore,
  createLibraryStore,
  createMetricsStore,
  type ChatStore,
  type CompareStore,
  type LibraryStore,
  type MetricsStore,
} from './placeholderStores';
import { createSettingsStore, type SettingsStore } from './settingsStore';
import { createStatusStore, type StatusStore } from './statusStore';

export interface AppStores {
  readonly settings: SettingsStore;
  readonly status: StatusStore;
  readonly library: LibraryStore;
  readonly chat: ChatStore;
  readonly compare: CompareStore;
  readonly models: ModelsStore;
  readonly metrics: MetricsStore;
  /** Removes the event wiring (tests; a page unload drops it anyway). */
  dispose(): void;
}

export function createAppStores(api: LociApi): AppStores {
  const stores = {
    settings: createSettingsStore(api),
    status: createStatusStore(api),
    library: createLibraryStore(),
    chat: createChatStore(),
    compare: createCompareStore(),
    models: createModelsStore(api),
    metrics: createMetricsStore(),
  };
  const unwire = wireEvents(api, stores);
  return { ...stores, dispose: unwire };
}

/** Every pushed event and the disconnect signal, routed to its store. Returns a function that unwires them. */
export function wireEvents(api: LociApi, stores: Omit<AppStores, 'dispose'>): () => void {
  const offs = [
    api.on('settings.changed', (settings) => stores.settings.getState().received(settings)),
    api.on('ollama.statusChanged', (status) => stores.status.getState().ollamaStatusReceived(status)),
    api.on('models.changed', () => void stores.models.getState().refresh()),
    api.onDisconnect((reason) => stores.status.getState().disconnected(reason)),
    // Ollama coming up (or its model count changing) means the installed list may differ.
    stores.status.subscribe((next, previous) => {
      const ready = next.ollama.state === 'ready';
      const becameReady = ready && previous.ollama.state !== 'ready';
      const countChanged = ready && next.ollama.modelCount !== previous.ollama.modelCount;
      if (becameReady || countChanged) void stores.models.getState().refresh();
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}

/** The first loads after connecting; each store keeps its own error, so this never rejects. */
export async function startAppStores(stores: AppStores): Promise<void> {
  await Promise.all([stores.settings.getState().load(), stores.status.getState().load()]);
}
