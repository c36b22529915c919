// Hands the app's stores to React, and the small selector hooks components read them through. Renderer.
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppInfo } from '../../../shared/contract/app';
import type { OllamaStatus } from '../../../shared/contract/ollama';
import type { AppStores } from './appStores';
import type { CalibrationState } from './calibrationStore';
import type { LayoutState } from './layoutStore';
import type { ResilienceState } from './resilienceStore';
import type { ModelsState } from './modelsStore';
import type { LibraryState } from './libraryStore';
import type { ImportJobsState } from './importJobsStore';
import type { LibrarySearchState } from './librarySearchStore';
import type { ChatState } from './chatStore';
import type { ChatDraftState } from './chatDraftStore';
import type { ChatViewState } from './chatViewStore';
import type { CitationsState } from './citationsStore';
import type { AnswerViewState } from './answerViewStore';
import type { CompareState } from './compareStore';
import type { FeedbackState } from './feedbackStore';
import type { MetricsState } from './metricsStore';
import type { QualityState } from './qualityStore';
import type { SettingsState } from './settingsStore';
import type { SettingsDraftState } from './settingsDraftStore';
import type { StatusState } from './statusStore';
import type { SourcesState } from './sourcesStore';
import type { PromptsState } from './promptsStore';
import type { WorkspaceState } from './workspaceStore';

const StoresContext = createContext<AppStores | null>(null);

export function StoresProvider({ stores, children }: { stores: AppStores; children: ReactNode }): ReactNode {
  return <StoresContext value={stores}>{children}</StoresContext>;
}

export function useAppStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useAppStores needs a <StoresProvider> above it');
  return stores;
}

// Selectors must return stable values: wrap one that builds an object or array in `useShallow`.
export const useSettings = <T,>(selector: (state: SettingsState) => T): T => useStore(useAppStores().settings, selector);
export const useSettingsDraft = <T,>(selector: (state: SettingsDraftState) => T): T => useStore(useAppStores().settingsDraft, selector);
export const useStatus = <T,>(selector: (state: StatusState) => T): T => useStore(useAppStores().status, selector);
export const useLibrary = <T,>(selector: (state: LibraryState) => T): T => useStore(useAppStores().library, selector);
export const useImportJobs = <T,>(selector: (state: ImportJobsState) => T): T => useStore(useAppStores().importJobs, selector);
export const useLibrarySearch = <T,>(selector: (state: LibrarySearchState) => T): T => useStore(useAppStores().librarySearch, selector);
export const useChat = <T,>(selector: (state: ChatState) => T): T => useStore(useAppStores().chat, selector);
export const useChatDraft = <T,>(selector: (state: ChatDraftState) => T): T => useStore(useAppStores().chatDraft, selector);
export const useChatView = <T,>(selector: (state: ChatViewState) => T): T => useStore(useAppStores().chatView, selector);
export const useCitations = <T,>(selector: (state: CitationsState) => T): T => useStore(useAppStores().citations, selector);
export const useAnswerView = <T,>(selector: (state: AnswerViewState) => T): T => useStore(useAppStores().answerView, selector);
export const useCompare = <T,>(selector: (state: CompareState) => T): T => useStore(useAppStores().compare, selector);
export const useModels = <T,>(selector: (state: ModelsState) => T): T => useStore(useAppStores().models, selector);
export const useSources = <T,>(selector: (state: SourcesState) => T): T => useStore(useAppStores().sources, selector);
export const useMetrics = <T,>(selector: (state: MetricsState) => T): T => useStore(useAppStores().metrics, selector);
export const useQuality = <T,>(selector: (state: QualityState) => T): T => useStore(useAppStores().quality, selector);
export const useFeedback = <T,>(selector: (state: FeedbackState) => T): T => useStore(useAppStores().feedback, selector);
export const usePrompts = <T,>(selector: (state: PromptsState) => T): T => useStore(useAppStores().prompts, selector);
export const useWorkspace = <T,>(selector: (state: WorkspaceState) => T): T => useStore(useAppStores().workspace, selector);
export const useCalibration = <T,>(selector: (state: CalibrationState) => T): T => useStore(useAppStores().calibration, selector);
export const useResilience = <T,>(selector: (state: ResilienceState) => T): T => useStore(useAppStores().resilience, selector);

export const useLayout = <T,>(selector: (state: LayoutState) => T): T => useStore(useAppStores().layout, selector);

const selectAppInfo = (state: StatusState): AppInfo | null => state.appInfo;
const selectConnectionLost = (state: StatusState): string | null => state.connectionLost;

/** The latest Ollama status, or a slice of it (the object changes only when a new status arrives). */
export function useOllamaStatus(): OllamaStatus;
export function useOllamaStatus<T>(selector: (status: OllamaStatus) => T): T;
export function useOllamaStatus<T>(selector?: (status: OllamaStatus) => T): T | OllamaStatus {
  return useStatus((state) => (selector ? selector(state.ollama) : state.ollama));
}
export const useAppInfo = (): AppInfo | null => useStatus(selectAppInfo);
/** The reason the host connection was lost, or null while connected. */
export const useConnectionLost = (): string | null => useStatus(selectConnectionLost);
