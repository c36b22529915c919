// The left sidebar: the Loci name, the main navigation, and the Ollama status. Renderer.
import type { ReactNode } from 'react';
import { Icon } from '../../components/Icon';
import { OllamaStatusIndicator } from '../ollama/OllamaStatusIndicator';
import { ResilienceStatus } from '../resilience/ResilienceStatus';
import { ROUTES, type RouteId } from './routes';
import { navigate } from './useHashRoute';
import './shell.css';

export function Sidebar({ current }: { current: RouteId }): ReactNode {
  return (
    <aside className="sidebar">
      <div className="sidebar__brand">
        <svg className="sidebar__mark" width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" strokeWidth="2" />
          <circle cx="12" cy="12" r="3.5" fill="currentColor" />
        </svg>
        <span className="sidebar__name">Loci</span>
      </div>
      <nav aria-label="Main" className="sidebar__nav">
        <ul>
          {ROUTES.map((route) => (
            <li key={route.id}>
              <button
                type="button"
                className="sidebar__link"
                aria-current={route.id === current ? 'page' : undefined}
                data-testid={`nav-${route.id}`}
                onClick={() => navigate(route.id)}
              >
                <Icon name={route.id} />
                {route.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar__footer">
        <OllamaStatusIndicator />
        <ResilienceStatus />
      </div>
    </aside>
  );
}
