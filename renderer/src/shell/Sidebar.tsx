// The left sidebar: the Loci name, the main navigation, and the Ollama status; folds to a rail of icons (the
// layout store remembers it, and folds it on a narrow window). Renderer.
import type { ReactNode } from 'react';
import { Icon } from '../components/Icon';
import { isPanelOpen } from '../stores/layoutStore';
import { useLayout } from '../stores/StoresContext';
import { OllamaStatusIndicator } from '../features/ollama/OllamaStatusIndicator';
import { ResilienceStatus } from '../features/resilience/ResilienceStatus';
import { ROUTES, type RouteId } from '../lib/routes';
import { navigate } from '../lib/useHashRoute';
import './shell.css';

export function Sidebar({ current }: { current: RouteId }): ReactNode {
  const open = useLayout((s) => isPanelOpen(s, 'sidebar'));
  const toggle = useLayout((s) => s.toggle);
  return (
    <aside className={open ? 'sidebar' : 'sidebar sidebar--rail'} data-testid="sidebar" data-open={open}>
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
                title={open ? undefined : route.label}
                onClick={() => navigate(route.id)}
              >
                <Icon name={route.id} />
                <span className={open ? undefined : 'visually-hidden'}>{route.label}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar__footer">
        <OllamaStatusIndicator compact={!open} />
        <ResilienceStatus compact={!open} />
        <button
          type="button"
          className="sidebar__link sidebar__toggle"
          aria-expanded={open}
          title={open ? 'Fold the sidebar' : 'Open the sidebar'}
          onClick={() => toggle('sidebar')}
          data-testid="sidebar-toggle"
        >
          <Icon name="sidebar" />
          <span className={open ? undefined : 'visually-hidden'}>{open ? 'Fold sidebar' : 'Open sidebar'}</span>
        </button>
      </div>
    </aside>
  );
}
