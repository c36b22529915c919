// The one place services are constructed, from one deps object. Plain Node: no `electron` import here or below.
import type { AppCapabilities } from '../../shared/contract/app';
import type { DesktopBridge } from './desktopBridge';
import type { Logger } from './logging/logger';
import { createOllamaGateway, type OllamaGateway } from './ollama/ollamaGateway';
import { createOllamaMonitor, type OllamaMonitor } from './ollama/ollamaMonitor';
import { createSettingsService, type SettingsService, type SettingsStorage } from './settings/settingsService';

export interface ServiceDeps {
  dataDir: string;
  settingsStorage: SettingsStorage;
  logger: Logger;
  appVersion: string;
  /** Present only in the desktop app. */
  desktop?: DesktopBridge;
  /** Probe intervals, shortened by tests. */
  ollamaProbe?: { readyIntervalMs?: number; downIntervalMs?: number };
}

export interface Services {
  readonly deps: ServiceDeps;
  readonly capabilities: AppCapabilities;
  readonly settings: SettingsService;
  readonly ollama: OllamaGateway;
  readonly ollamaMonitor: OllamaMonitor;
  dispose(): Promise<void>;
}

export function createServices(deps: ServiceDeps): Services {
  const settings = createSettingsService(deps.settingsStorage);
  const getUrl = (): string => settings.get().ollamaUrl;
  const ollama = createOllamaGateway({ getUrl });
  const ollamaMonitor = createOllamaMonitor({ gateway: ollama, getUrl, ...deps.ollamaProbe });

  // a new URL is probed at once rather than at the next tick
  settings.onChange((next, previous) => {
    if (next.ollamaUrl !== previous.ollamaUrl) void ollamaMonitor.refresh();
  });

  return {
    deps,
    capabilities: { revealInFileManager: deps.desktop !== undefined, nativeFileDialog: deps.desktop !== undefined },
    settings,
    ollama,
    ollamaMonitor,
    async dispose() {
      ollamaMonitor.stop();
    },
  };
}
