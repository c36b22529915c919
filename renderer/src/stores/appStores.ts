// Creates every domain store once over the injected api and wires main's pushed events to them, once, at start-up.
// Components never subscribe to api events themselves. Renderer (and Node tests).
import { DEFAULT_SETTINGS } from '../../../shared/contract/settings';
import type { ChatMessage } from '../../../shared/contract/chat';
import type { ModelInfo } from '../../../shared/contract/models';
import type { LociApi } from '../api/lociApi';
import { createCalibrationStore, type CalibrationStore } from './calibrationStore';
import { createModelsStore, type ModelPull, type ModelsStore } from './modelsStore';
import { createLayoutStore, type LayoutStorage, type LayoutStore } from './layoutStore';
import { createLibraryStore, type LibraryStore } from './libraryStore';
import { createImportJobsStore, type ImportJobsStore } from './importJobsStore';
import { createLibrarySearchStore, wireLibrarySearch, type LibrarySearchStore } from './librarySearchStore';
import { createSourcesStore, type SourcesStore } from './sourcesStore';
import { createChatStore, selectMessage, type ChatStore } from './chatStore';
import { createChatDraftStore, type ChatDraftStore } from './chatDraftStore';
import { createChatViewStore, type ChatViewStore } from './chatViewStore';
import { createCitationsStore, type CitationsStore } from './citationsStore';
import { createAnswerViewStore, type AnswerViewStore } from './answerViewStore';
import { createCompareStore, type CompareStore } from './compareStore';
import { createFeedbackStore, type FeedbackStore } from './feedbackStore';
import { createMetricsStore, metricsSettingsKey, type MetricsStore } from './metricsStore';
import { createQualityStore, type QualityStore } from './qualityStore';
import { createSettingsStore, type SettingsStore } from './settingsStore';
import { createSettingsDraftStore, type SettingsDraftStore } from './settingsDraftStore';
import { createStatusStore, type StatusStore } from './statusStore';
import { createPromptsStore, type PromptsStore } from './promptsStore';
import { createWorkspaceStore, type WorkspaceStore } from './workspaceStore';
import { createResilienceStore, type ResilienceStore } from './resilienceStore';

export interface AppStores {
  readonly settings: SettingsStore;
  /** The Settings screen's unsaved edits and its one save bar. */
  readonly settingsDraft: SettingsDraftStore;
  readonly status: StatusStore;
  readonly library: LibraryStore;
  /** The import panel's job (imports, re-indexes, host resumes) and the imports queued behind it. */
  readonly importJobs: ImportJobsStore;
  /** The Library screen's search over the selected collection. */
  readonly librarySearch: LibrarySearchStore;
  /** Folder sources of the selected collection. */
  readonly sources: SourcesStore;
  readonly chat: ChatStore;
  /** The question box's draft per conversation. */
  readonly chatDraft: ChatDraftStore;
  /** The conversation list's search and ticked conversations. */
  readonly chatView: ChatViewStore;
  /** Chat's sources panel (which answer, which passage highlighted) and the passage viewer. */
  readonly citations: CitationsStore;
  /** Each answer's prompt panel and the version of it on screen. */
  readonly answerView: AnswerViewStore;
  readonly compare: CompareStore;
  readonly models: ModelsStore;
  readonly metrics: MetricsStore;
  /** Answer feedback and conversation/comparison exports. */
  readonly feedback: FeedbackStore;
  /** The Metrics quality panel. */
  readonly quality: QualityStore;
  readonly calibration: CalibrationStore;
  /** Which side panels are open (no api: the window and local storage). */
  readonly layout: LayoutStore;
  /** The prompt library. */
  readonly prompts: PromptsStore;
  /** The selected collection's workspace settings. */
  readonly workspace: WorkspaceStore;
  /** Circuit breakers and budget use. */
  readonly resilience: ResilienceStore;
  /** Removes the event wiring (tests; a page unload drops it anyway). */
  dispose(): void;
}

export function createAppStores(api: LociApi, view: { storage: LayoutStorage | null; widthPx: number } = { storage: null, widthPx: 1920 }): AppStores {
  const settings = createSettingsStore(api);
  const status = createStatusStore(api);
  const chatDraft = createChatDraftStore();
  const chatView = createChatViewStore(api);
  // the chat view's stores look answers up in the open conversation
  const findMessage = (messageId: string): ChatMessage | null => selectMessage(stores.chat.getState(), messageId);
  const citations = createCitationsStore(api, { findMessage });
  const answerView = createAnswerViewStore({ findMessage });
  // the embedder's Retry re-runs an import that failed for want of it
  const library = createLibraryStore(api, { retryFailedImport: () => stores.importJobs.getState().retryAfterEmbedder() });
  const stores = {
    settings,
    settingsDraft: createSettingsDraftStore(settings),
    status,
    library,
    importJobs: createImportJobsStore(api, {
      library,
      capabilities: () => status.getState().appInfo?.capabilities ?? null,
      maxFileBytes: () => (settings.getState().settings?.maxFileSizeMb ?? DEFAULT_SETTINGS.maxFileSizeMb) * 1_000_000,
    }),
    librarySearch: createLibrarySearchStore(api, { selectedCollectionId: (): string | null => stores.library.getState().selectedCollectionId }),
    chat: createChatStore(api, {
      defaultCollectionId: (): string | null => stores.library.getState().selectedCollectionId,
      drafts: chatDraft,
      view: chatView,
      citations,
      answerView,
      // every pull is the models store's, so one started from Chat shows in Models and the reverse
      pullModel: (name): Promise<ModelPull> => stores.models.getState().pullUntilFinished(name),
    }),
    chatDraft,
    chatView,
    citations,
    answerView,
    compare: createCompareStore(api, {
      installedModels: (): readonly ModelInfo[] | null => stores.models.getState().installed,
      defaultCollectionId: (): string | null => stores.library.getState().selectedCollectionId ?? stores.library.getState().collections?.[0]?.id ?? null,
      defaultPromptTemplate: () => settings.getState().settings?.promptTemplate ?? DEFAULT_SETTINGS.promptTemplate,
    }),
    models: createModelsStore(api),
    metrics: createMetricsStore(api),
    sources: createSourcesStore(api),
    feedback: createFeedbackStore(api),
    quality: createQualityStore(api),
    calibration: createCalibrationStore(api),
    layout: createLayoutStore(view),
    // a new template version is choosable in Compare and Settings at once
    prompts: createPromptsStore(api, { onChanged: () => void stores.compare.getState().load() }),
    workspace: createWorkspaceStore(api),
    resilience: createResilienceStore(api),
  };
  void stores.resilience.getState().refresh();
  const unwire = wireEvents(api, stores);
  return { ...stores, dispose: unwire };
}

/** Every pushed event and the disconnect signal, routed to its store. Returns a function that unwires them. */
export function wireEvents(api: LociApi, stores: Omit<AppStores, 'dispose'>): () => void {
  const offs = [
    api.on('settings.changed', (settings) => stores.settings.getState().received(settings)),
    api.on('ollama.statusChanged', (status) => stores.status.getState().ollamaStatusReceived(status)),
    // a pull or delete changes Ollama's model count: ask now rather than at the next probe, so every count agrees
    api.on('models.changed', () => {
      void stores.models.getState().refresh();
      if (stores.status.getState().ollama.state === 'ready') void stores.status.getState().refreshOllama();
    }),
    api.on('library.changed', ({ collectionId }) => stores.library.getState().changed(collectionId)),
    api.on('library.embedderStatusChanged', (status) => stores.library.getState().embedderStatusReceived(status)),
    api.onDisconnect((reason) => stores.status.getState().disconnected(reason)),
    api.on('metrics.changed', ({ alerts }) => stores.metrics.getState().changed(alerts)),
    api.on('sources.changed', ({ id, collectionId, source }) => stores.sources.getState().received(id, collectionId, source)),
    api.on('library.backgroundJob', (job) => stores.importJobs.getState().backgroundJobReceived(job)),
    wireLibrarySearch(stores.library, stores.librarySearch),
    // the Sources panel lists the selected collection's folders
    stores.library.subscribe((next, previous) => {
      if (next.selectedCollectionId !== previous.selectedCollectionId) void stores.sources.getState().load(next.selectedCollectionId);
    }),
    // the workspace panel shows the selected collection's settings
    stores.library.subscribe((next, previous) => {
      if (next.selectedCollectionId !== previous.selectedCollectionId) void stores.workspace.getState().load(next.selectedCollectionId);
    }),
    api.on('metrics.changed', () => void stores.quality.getState().changed()),
    // a clicked citation (or "6 sources") shows the passages even while the sources panel is folded
    stores.citations.subscribe((next, previous) => {
      const asked = (next.highlighted !== null && next.highlighted !== previous.highlighted) || (next.sourcesMessageId !== null && next.sourcesMessageId !== previous.sourcesMessageId);
      if (asked) stores.layout.getState().peek('sources');
    }),
    api.on('metrics.changed', () => void stores.resilience.getState().refresh()),
    api.on('resilience.breakersChanged', ({ breakers }) => stores.resilience.getState().breakersReceived(breakers)),
    // costs and alerts are computed with the prices, energy and thresholds in the settings
    stores.settings.subscribe((next, previous) => {
      if (previous.settings !== null && metricsSettingsKey(next.settings) !== metricsSettingsKey(previous.settings)) stores.metrics.getState().settingsChanged();
    }),
    // Ollama coming up (or its model count changing, or it going away) means the list may differ.
    stores.status.subscribe((next, previous) => {
      const ready = next.ollama.state === 'ready';
      const becameReady = ready && previous.ollama.state !== 'ready';
      const countChanged = ready && next.ollama.modelCount !== previous.ollama.modelCount;
      // and going away drops its models from the list (the built-in engine's stay)
      const wentDown = !ready && next.ollama.state !== 'checking' && previous.ollama.state === 'ready';
      if (becameReady || countChanged || wentDown) void stores.models.getState().refresh();
    }),
    // A list that found Ollama gone while the last probe said ready (it went away mid-pull): probe now, so every
    // screen agrees and the faster down-interval probing notices when it is back.
    stores.models.subscribe((next, previous) => {
      const down = next.error?.code === 'OLLAMA_UNREACHABLE' && previous.error?.code !== 'OLLAMA_UNREACHABLE';
      if (down && stores.status.getState().ollama.state === 'ready') void stores.status.getState().refreshOllama();
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}

/** The first loads after connecting; each store keeps its own error, so this never rejects. */
export async function startAppStores(stores: AppStores): Promise<void> {
  await Promise.all([stores.settings.getState().load(), stores.status.getState().load(), stores.library.getState().load(), stores.chat.getState().load(), stores.metrics.getState().load(), stores.models.getState().refresh()]);
}
