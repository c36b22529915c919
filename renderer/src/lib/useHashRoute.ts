// The current screen, kept in the URL hash (`#/chat`) so a reload stays put; no router library. Renderer.
import { useSyncExternalStore } from 'react';
import { parseRouteHash, routeHref, type RouteId } from './routes';

// `hashchange` arrives a task after the hash is set; navigate() also tells subscribers at once, so the
// clicked item and its screen update in the same render.
const listeners = new Set<() => void>();

const subscribe = (onChange: () => void): (() => void) => {
  listeners.add(onChange);
  window.addEventListener('hashchange', onChange);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('hashchange', onChange);
  };
};

const read = (): RouteId => parseRouteHash(window.location.hash);

export const useHashRoute = (): RouteId => useSyncExternalStore(subscribe, read);

/** Shows another screen (back and forward work through the hash history). */
export function navigate(id: RouteId): void {
  const href = routeHref(id);
  if (window.location.hash === href) return;
  window.location.hash = href;
  for (const listener of listeners) listener();
}
