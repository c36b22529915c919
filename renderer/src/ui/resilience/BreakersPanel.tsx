// Models: every circuit breaker that has seen failures, its state, and a reset for one the user knows is back. Renderer.
import { useEffect, useState, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { StatusDot } from '../../components/StatusDot';
import { useResilience } from '../../stores/StoresContext';
import { breakerName, describeBreaker } from './resilienceFormat';

const TONES = { closed: 'ok', 'half-open': 'warning', open: 'danger' } as const;

export function BreakersPanel(): ReactNode {
  const breakers = useResilience((s) => s.breakers);
  const refresh = useResilience((s) => s.refresh);
  const reset = useResilience((s) => s.resetBreaker);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    void refresh();
    // the countdown of open breakers
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [refresh]);
  return (
    <section className="card" data-testid="breakers-panel" aria-label="Circuit breakers">
      <h2>Circuit breakers</h2>
      {breakers.length === 0 ? (
        <p data-testid="breakers-empty">No engine or model has failed recently: every breaker is closed.</p>
      ) : (
        <ul className="models-breakers">
          {breakers.map((b) => {
            const state = b.state === 'open' && b.retryAt !== null && now >= b.retryAt ? 'half-open' : b.state;
            return (
              <li key={b.key} data-testid="breaker" data-key={b.key} data-state={state}>
                <StatusDot tone={TONES[state]} /> <strong>{breakerName(b)}</strong> {describeBreaker({ ...b, state }, now)}
                {b.lastError ? <span className="models-breakers__error"> · last error: {b.lastError.message}</span> : null}{' '}
                <Button variant="ghost" onClick={() => void reset(b.key)} data-testid="breaker-reset">
                  Reset
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
