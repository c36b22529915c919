// The app frame: sidebar navigation, notices (connection lost, Ollama unreachable), the current screen, and the
// window-wide file drop into the library. Renderer.
import { useEffect, type ReactNode } from 'react';
import { ChatView } from './features/chat/ChatView';
import { CompareView } from './features/compare/CompareView';
import { DropOverlay } from './features/library/DropOverlay';
import { LibraryView } from './features/library/LibraryView';
import { useWindowFileDrop } from './features/library/useWindowFileDrop';
import { MetricsAlerts } from './features/metrics/MetricsAlerts';
import { MetricsView } from './features/metrics/MetricsView';
import { ModelsView } from './features/models/ModelsView';
import { OllamaUnreachablePanel } from './features/ollama/OllamaUnreachablePanel';
import { PromptsView } from './features/prompts/PromptsView';
import { SettingsView } from './features/settings/SettingsView';
import { ConnectionLostBanner } from './shell/ConnectionLostBanner';
import { routeLabel, type RouteId } from './lib/routes';
import { Sidebar } from './shell/Sidebar';
import { useHashRoute } from './lib/useHashRoute';
import { MAIN_CONTENT_ID, ShortcutsLayer, SkipLink } from './features/shortcuts/ShortcutsLayer';

const VIEWS: Record<RouteId, () => ReactNode> = {
  library: LibraryView,
  chat: ChatView,
  compare: CompareView,
  prompts: PromptsView,
  models: ModelsView,
  metrics: MetricsView,
  settings: SettingsView,
};

const reload = (): void => window.location.reload();

export function App(): ReactNode {
  const route = useHashRoute();
  const View = VIEWS[route];
  const dragging = useWindowFileDrop();

  useEffect(() => {
    document.title = `${routeLabel(route)} · Loci`;
  }, [route]);

  return (
    <div className="app">
      <SkipLink />
      <Sidebar current={route} />
      <main className="app__main" id={MAIN_CONTENT_ID} tabIndex={-1}>
        <div className="app__notices">
          <ConnectionLostBanner onReload={reload} />
          <OllamaUnreachablePanel />
          <MetricsAlerts />
        </div>
        <View />
      </main>
      {dragging ? <DropOverlay /> : null}
      <ShortcutsLayer route={route} />
    </div>
  );
}
