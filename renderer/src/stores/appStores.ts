// Creates every domain store once over the injected api and wires main's pushed events to them, once, at start-up.
// Components never subscribe to api events themselves. Renderer (and Node tests).
import { DEFAULT_SETTINGS } from '../../../shared/contract/settings';
import type { LociApi } from '../api/lociApi';
import { createModelsStore, type ModelsStore } from './modelsStore';
import { createLibraryStore, type LibraryStore } from './libraryStore';
import { createChatStore, type ChatStore } from './chatStore';
import { createCompareStore, createMetricsStore, type CompareStore, type MetricsStore } from './placeholderStores';
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
  const settings = createSettingsStore(api);
  const status = createStatusStore(api);
  const stores = {
    settings,
    status,
    library: createLibraryStore(api, {
      capabilities: () => status.getState().appInfo?.capabilities ?? null,
      maxFileBytes: () => (settings.getState().settings?.maxFileSizeMb ?? DEFAULT_SETTINGS.maxFileSizeMb) * 1_000_000,
    }),
    chat: createChatStore(api, { defaultCollectionId: (): string | null => stores.library.getState().selectedCollectionId }),
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
    api.on('library.changed', ({ collectionId }) => stores.library.getState().changed(collectionId)),
    api.on('library.embedderStatusChanged', (status) => stores.library.getState().embedderStatusReceived(status)),
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
  await Promise.all([stores.settings.getState().load(), stores.status.getState().load(), stores.library.getState().load(), stores.chat.getState().load()]);
}
