// The app's screens and the URL hash that selects one (`#/chat`): no router library. Renderer (and Node tests).
export const ROUTES = [
  { id: 'library', label: 'Library' },
  { id: 'chat', label: 'Chat' },
  { id: 'compare', label: 'Compare' },
  { id: 'prompts', label: 'Prompts' },
  { id: 'models', label: 'Models' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'settings', label: 'Settings' },
] as const;

export type RouteId = (typeof ROUTES)[number]['id'];

export const DEFAULT_ROUTE: RouteId = 'library';

const isRouteId = (value: string): value is RouteId => ROUTES.some((route) => route.id === value);

/** `#/chat` → `chat`; anything unknown or empty → the default screen. */
export function parseRouteHash(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/, 1)[0] ?? '';
  return isRouteId(id) ? id : DEFAULT_ROUTE;
}

/** `#/metrics/models` → `models`: the part of the screen a link points at, or null. */
export function parseRouteSection(hash: string): string | null {
  const section = hash.replace(/^#\/?/, '').split('?', 1)[0]?.split('/')[1] ?? '';
  return /^[a-z][a-z0-9-]*$/.test(section) ? section : null;
}

/** A screen, or a section of it (`#/metrics/models`) that the screen scrolls to. */
export const routeHref = (id: RouteId, section?: string): string => `#/${id}${section ? `/${section}` : ''}`;

export const routeLabel = (id: RouteId): string => ROUTES.find((route) => route.id === id)?.label ?? id;
