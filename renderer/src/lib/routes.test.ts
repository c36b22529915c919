import { describe, expect, it } from 'vitest';
import { parseRouteHash, routeHref, routeLabel } from './routes';

describe('routes', () => {
  it('reads the screen from the hash', () => {
    expect(parseRouteHash('#/chat')).toBe('chat');
    expect(parseRouteHash('#settings')).toBe('settings');
    expect(parseRouteHash('#/models/llama3')).toBe('models');
  });

  it('falls back to the library', () => {
    expect(parseRouteHash('')).toBe('library');
    expect(parseRouteHash('#/')).toBe('library');
    expect(parseRouteHash('#/nowhere')).toBe('library');
  });

  it('round-trips hrefs and names the screens', () => {
    expect(parseRouteHash(routeHref('compare'))).toBe('compare');
    expect(routeLabel('metrics')).toBe('Metrics');
  });
});
