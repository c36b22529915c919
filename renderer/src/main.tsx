// Renderer entry: connects the API (IPC or WebSocket), creates the stores and wires main's events once, then mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/tokens.css';
import './styles/base.css';
import './styles/card.css';
import './styles/dataTable.css';
import { connectApi } from './api/connectApi';
import { App } from './App';
import { FullPageMessage } from './components/FullPageMessage';
import { bindThemeToDocument } from './lib/theme';
import { createAppStores, startAppStores } from './stores/appStores';
import { StoresProvider } from './stores/StoresContext';

const root = createRoot(document.getElementById('root') as HTMLElement);
root.render(<FullPageMessage role="status" title="Connecting to Loci…" testId="connecting" />);

connectApi()
  .then((api) => {
    const stores = createAppStores(api, { storage: window.localStorage, widthPx: window.innerWidth });
    window.addEventListener('resize', () => stores.layout.getState().windowResized(window.innerWidth));
    bindThemeToDocument(stores.settings, document.documentElement, stores.settingsDraft);
    void startAppStores(stores);
    root.render(
      <StrictMode>
        <StoresProvider stores={stores}>
          <App />
        </StoresProvider>
      </StrictMode>,
    );
  })
  .catch((error: unknown) => {
    root.render(
      <FullPageMessage role="alert" title="Loci could not connect" testId="startup-error">
        <p>{error instanceof Error ? error.message : String(error)}</p>
      </FullPageMessage>,
    );
  });
