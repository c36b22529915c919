// The one place services are constructed, from one deps object. Plain Node: no `electron` import here or below.
import path from 'node:path';
import type { AppCapabilities } from '../../shared/contract/app';
import type { Settings } from '../../shared/contract/settings';
import { openAnswerCache } from './answerCache/answerCache';
import { collectionVersion } from './answerCache/answerCacheKey';
import { createAnswerCacheService, type AnswerCacheService } from './answerCache/answerCacheService';
import { createChatService, type ChatService } from './chat/chatService';
import { openConversationStore, type ConversationStore } from './chat/conversationStore';
import { loadPromptTemplates } from './answers/promptTemplates';
import { createPromptCatalog, type PromptCatalog } from './prompts/promptCatalog';
import { openPromptLibrary, type PromptLibrary } from './prompts/promptLibrary';
import { createWorkspaceService, type WorkspaceService } from './workspaces/workspaceService';
import { createCompareService, type CompareService } from './compare/compareService';
import type { DesktopBridge } from './desktopBridge';
import { createBuiltinEngine, type BuiltinEngine } from './engines/builtin/builtinEngine';
import { openBuiltinModelRegistry } from './engines/builtin/builtinModelRegistry';
import { createModelEngines, type ModelEngines } from './engines/modelEngines';
import { createOllamaEngine } from './engines/ollamaEngine';
import { createExportService, type ExportService } from './export/exportService';
import { createFeedbackService, type FeedbackService } from './feedback/feedbackService';
import { createEmbeddingService, type EmbeddingService } from './embedding/embeddingService';
import { createPathGrants, type PathGrants } from './grants/pathGrants';
import { createIngestWorkerClient } from './ingest/ingestWorkerClient';
import { createLibraryService, type LibraryService } from './library/libraryService';
import { openMetricsLog } from './metrics/metricsLog';
import { createMetricsService, type MetricsService } from './metrics/metricsService';
import type { Logger } from './logging/logger';
import { createOllamaGateway, type OllamaGateway } from './ollama/ollamaGateway';
import { createOllamaMonitor, type OllamaMonitor } from './ollama/ollamaMonitor';
import { createResilienceService, type ResilienceService } from './resilience/resilienceService';
import { createSettingsService, type SettingsService, type SettingsStorage } from './settings/settingsService';
import type { WorkerEntries } from './workers/workerEntries';
import { openImportPlanStore } from './sources/importPlans';
import { createSourcesService, type SourcesService, type SourcesServiceOptions } from './sources/sourcesService';

export interface ServiceDeps {
  dataDir: string;
  settingsStorage: SettingsStorage;
  logger: Logger;
  appVersion: string;
  /** Present only in the desktop app. */
  desktop?: DesktopBridge;
  /** Defaults that differ for this run (a packaged build with a bundled embedder starts with downloads off). */
  settingsDefaults?: Partial<Settings>;
  /** Folders the serve host may import from by path (`--allow-dir`); none elsewhere. */
  allowedImportDirs?: readonly string[];
  /** Where the worker threads' code lives (built or source). */
  workers: WorkerEntries;
  /** resources/prompts: the versioned prompt templates. */
  promptsDir: string;
  /** Model folders shipped with the app, searched after the user's own. */
  bundledModelDirs?: readonly string[];
  /** Probe intervals, shortened by tests. */
  ollamaProbe?: { readyIntervalMs?: number; downIntervalMs?: number };
  /** Database tuning for tests and benchmarks. */
  databaseOptions?: { annThreshold?: number; maintenanceDelayMs?: number };
  /** Folder sources may be any folder (desktop, CLI, tests); otherwise only folders inside allowedImportDirs. */
  watchAnyFolder?: boolean;
  /** Watcher timings, shortened by tests. */
  sourcesOptions?: SourcesServiceOptions;
}

export interface Services {
  readonly deps: ServiceDeps;
  readonly capabilities: AppCapabilities;
  readonly settings: SettingsService;
  readonly ollama: OllamaGateway;
  readonly ollamaMonitor: OllamaMonitor;
  readonly builtin: BuiltinEngine;
  readonly engines: ModelEngines;
  readonly embedding: EmbeddingService;
  readonly library: LibraryService;
  /** Paths main handed the renderer as opaque ids ([Note: path grants]). */
  readonly grants: PathGrants;
  readonly metrics: MetricsService;
  readonly conversations: ConversationStore;
  /** Built-in and user templates, by reference ("id" or "id@version"). */
  readonly templates: PromptCatalog;
  /** The user's own templates and their versions. */
  readonly promptLibrary: PromptLibrary;
  /** Each collection's answer settings. */
  readonly workspaces: WorkspaceService;
  readonly chat: ChatService;
  readonly answerCache: AnswerCacheService;
  readonly compare: CompareService;
  /** Retries, circuit breakers, the generation cap and budgets around every answer. */
  readonly resilience: ResilienceService;
  /** Watched folder sources and the resume of interrupted imports. */
  readonly sources: SourcesService;
  readonly feedback: FeedbackService;
  readonly exports: ExportService;
  dispose(): Promise<void>;
}

export function createServices(deps: ServiceDeps): Services {
  const settings = createSettingsService(deps.settingsStorage, deps.settingsDefaults);
  const getUrl = (): string => settings.get().ollamaUrl;
  const ollama = createOllamaGateway({ getUrl });
  const ollamaMonitor = createOllamaMonitor({ gateway: ollama, getUrl, ...deps.ollamaProbe });
  const builtin = createBuiltinEngine({
    registry: openBuiltinModelRegistry({ dir: path.join(deps.dataDir, 'builtin-models'), getFolder: () => settings.get().builtinModelsDir }),
    entry: deps.workers.llama,
    logger: deps.logger,
    idleMinutes: () => settings.get().builtinIdleUnloadMinutes,
    threads: () => settings.get().builtinThreads,
  });
  const engines = createModelEngines({ ollama: createOllamaEngine(ollama, ollamaMonitor), builtin });

  const embedding = createEmbeddingService({
    worker: deps.workers.embedding,
    dataDir: deps.dataDir,
    getSettings: settings.get,
    bundledModelDirs: deps.bundledModelDirs ?? [],
    logger: deps.logger,
  });
  const metrics = createMetricsService({ log: openMetricsLog(path.join(deps.dataDir, 'metrics')), getSettings: settings.get });
  const grants = createPathGrants({ allowedRoots: deps.allowedImportDirs ?? [], protectedDirs: [deps.dataDir] });
  const importPlans = openImportPlanStore(deps.dataDir, deps.logger);
  const library = createLibraryService({
    importPlans,
    grants,
    metrics,
    dataDir: deps.dataDir,
    embedding,
    ingest: createIngestWorkerClient(deps.workers.ingest, deps.logger),
    getSettings: settings.get,
    logger: deps.logger,
    ...(deps.desktop ? { desktop: deps.desktop } : {}),
    ...(deps.databaseOptions ? { databaseOptions: deps.databaseOptions } : {}),
  });

  const sources = createSourcesService({
    dataDir: deps.dataDir,
    library,
    grants,
    plans: importPlans,
    watcherWorker: deps.workers.folderWatcher,
    logger: deps.logger,
    watchAnyFolder: deps.watchAnyFolder ?? deps.desktop !== undefined,
    ...(deps.sourcesOptions ? { options: deps.sourcesOptions } : {}),
  });
  const conversations = openConversationStore(path.join(deps.dataDir, 'conversations'));
  const builtInTemplates = loadPromptTemplates(deps.promptsDir);
  const builtInIds = new Set(builtInTemplates.list().map((t) => t.id));
  const promptLibrary = openPromptLibrary({ dir: path.join(deps.dataDir, 'prompt-library'), reservedIds: () => builtInIds });
  const templates = createPromptCatalog(builtInTemplates, promptLibrary);
  const workspaces = createWorkspaceService({ dir: path.join(deps.dataDir, 'workspaces'), templates, getSettings: settings.get, hasCollection: async (id) => (await library.database()).hasCollection(id) });
  const answerCache = createAnswerCacheService({
    cache: openAnswerCache({ file: path.join(deps.dataDir, 'answer-cache', 'answers.json'), logger: deps.logger }),
    getSettings: settings.get,
    embedQuestion: async (text, signal) => (await embedding.embedEach([text], signal, { lane: 'query' }))[0] ?? null,
    collectionVersion: async (id) => {
      const database = await library.database();
      return database.hasCollection(id) ? collectionVersion(database.listDocuments(id), database.indexMeta()) : null;
    },
    logger: deps.logger,
  });
  // any import, re-index, removal or embedder change of a collection drops its cached answers
  library.onChanged((collectionId) => void answerCache.collectionChanged(collectionId).catch(() => undefined));
  const resilience = createResilienceService({ getSettings: settings.get, events: () => metrics.allEvents(), logger: deps.logger });
  const chat = createChatService({ conversations, library, engines, resilience, workspaces, metrics, getSettings: settings.get, logger: deps.logger, answerCache });
  const compare = createCompareService({ dir: path.join(deps.dataDir, 'comparisons'), library, engines, resilience, templates, workspaces, metrics, getSettings: settings.get, logger: deps.logger });
  const feedback = createFeedbackService({ conversations, metrics });
  const exports = createExportService({ conversations, compare, library });

  settings.onChange((next, previous) => {
    // a new URL is probed at once rather than at the next tick
    if (next.ollamaUrl !== previous.ollamaUrl) void ollamaMonitor.refresh();
    if (next.embedderModelId !== previous.embedderModelId || next.embedderDtype !== previous.embedderDtype || next.embedderModelDir !== previous.embedderModelDir) {
      void embedding.reset();
    }
  });

  return {
    deps,
    capabilities: {
      revealInFileManager: deps.desktop !== undefined,
      openFiles: deps.desktop !== undefined,
      nativeFileDialog: deps.desktop !== undefined,
      hostFolders: grants.allowedRoots.length > 0,
    },
    settings,
    ollama,
    ollamaMonitor,
    builtin,
    engines,
    embedding,
    library,
    grants,
    metrics,
    conversations,
    templates,
    promptLibrary,
    workspaces,
    chat,
    answerCache,
    compare,
    resilience,
    sources,
    feedback,
    exports,
    async dispose() {
      ollamaMonitor.stop();
      // imports cancelled by the shutdown keep their plans and resume at the next start
      importPlans.freeze();
      await sources.dispose();
      await engines.dispose();
      await library.dispose();
      await answerCache.dispose();
      await metrics.dispose();
    },
  };
}
