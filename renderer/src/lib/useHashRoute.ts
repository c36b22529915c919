// The current screen, kept in the URL hash (`#/chat`) so a reload stays put; no router library. Renderer.
import { useEffect, useRef, useSyncExternalStore, type RefObject } from 'react';
import { parseRouteHash, parseRouteSection, routeHref, type RouteId } from './routes';

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

// [Note: leave guard] A screen with unsaved edits (Settings) may hold the user back: it sets a guard that answers
// whether leaving for `to` may happen now (else it asks, and navigates itself once the user chose).
type LeaveGuard = (to: RouteId) => boolean;
let leaveGuard: { from: RouteId; allow: LeaveGuard } | null = null;
let shown: RouteId | null = null;

/** Sets (or, with null, clears) the guard asked before leaving `from`. Returns a function that clears it. */
export function setLeaveGuard(from: RouteId, allow: LeaveGuard): () => void {
  const mine = { from, allow };
  leaveGuard = mine;
  return () => {
    if (leaveGuard === mine) leaveGuard = null;
  };
}

const held = (to: RouteId): boolean => leaveGuard !== null && to !== leaveGuard.from && !leaveGuard.allow(to);

// a link, Back or a typed hash changes the hash before anyone asks: put the guarded screen back
if (typeof window !== 'undefined') {
  shown = read();
  window.addEventListener('hashchange', () => {
    const to = read();
    if (leaveGuard !== null && shown === leaveGuard.from && held(to)) {
      window.history.replaceState(null, '', routeHref(leaveGuard.from));
      return;
    }
    shown = to;
  });
}

export const useHashRoute = (): RouteId => useSyncExternalStore(subscribe, read);

const readSection = (): string | null => parseRouteSection(window.location.hash);

/** The section the URL points at (`#/metrics/models` → `models`), or null. */
export const useHashSection = (): string | null => useSyncExternalStore(subscribe, readSection);

/**
 * For a screen's section that links point at (an alert's "see why"): scrolled to and focused when it mounts while
 * the URL names it, or when the URL comes to name it. Give the element tabIndex={-1}.
 */
export function useSectionTarget<T extends HTMLElement>(section: string): RefObject<T | null> {
  const ref = useRef<T>(null);
  const target = useHashSection();
  useEffect(() => {
    if (target !== section || !ref.current) return;
    ref.current.scrollIntoView({ block: 'start' });
    ref.current.focus({ preventScroll: true });
  }, [target, section]);
  return ref;
}

/** Shows another screen (back and forward work through the hash history). */
export function navigate(id: RouteId, options: { section?: string } = {}): void {
  const href = routeHref(id, options.section);
  if (window.location.hash === href) return;
  if (held(id)) return;
  shown = id;
  window.location.hash = href;
  for (const listener of listeners) listener();
}
