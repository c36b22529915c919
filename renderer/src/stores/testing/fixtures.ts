// Sample contract values for the stores' Node tests.
import type { AppInfo } from '../../../../shared/contract/app';
import type { OllamaStatus } from '../../../../shared/contract/ollama';
import { DEFAULT_SETTINGS, type Settings } from '../../../../shared/contract/settings';

export const sampleSettings = (patch: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

export const readyStatus = (patch: Partial<OllamaStatus> = {}): OllamaStatus => ({
  state: 'ready',
  url: 'http://127.0.0.1:11434',
  version: '0.12.6',
  modelCount: 2,
  checkedAt: 1_000,
  latencyMs: 4,
  error: null,
  ...patch,
});

export const unreachableStatus = (patch: Partial<OllamaStatus> = {}): OllamaStatus => ({
  state: 'unreachable',
  url: 'http://127.0.0.1:9',
  version: null,
  modelCount: null,
  checkedAt: 1_000,
  latencyMs: null,
  error: { code: 'OLLAMA_UNREACHABLE', message: 'Could not connect to Ollama at http://127.0.0.1:9' },
  ...patch,
});

export const sampleAppInfo: AppInfo = {
  name: 'Loci',
  version: '0.1.0',
  dataDir: '/tmp/loci-data',
  platform: 'linux',
  capabilities: { revealInFileManager: false, nativeFileDialog: false },
};
