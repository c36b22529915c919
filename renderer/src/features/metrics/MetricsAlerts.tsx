// The app-wide alerts: a model whose recent answers fail too often or take too long, said once above every
// screen, each dismissable until its figure changes. Renderer.
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { alertKey, selectVisibleAlerts } from '../../stores/metricsStore';
import { useMetrics } from '../../stores/StoresContext';
import { routeHref } from '../../lib/routes';
import { useHashRoute } from '../../lib/useHashRoute';
import './metricsAlerts.css';

export function MetricsAlerts(): ReactNode {
  const alerts = useMetrics(useShallow(selectVisibleAlerts));
  const dismiss = useMetrics((s) => s.dismissAlert);
  const onMetrics = useHashRoute() === 'metrics';
  if (alerts.length === 0) return null;
  return (
    <section className="metrics-alerts" aria-label="Model alerts">
      {alerts.map((alert) => (
        <div key={alertKey(alert)} className="metrics-alert" role="status" data-testid="metrics-alert" data-model={alert.model} data-kind={alert.kind}>
          <Icon name="alert" className="metrics-alert__icon" />
          <p className="metrics-alert__message">{alert.message}</p>
          {onMetrics ? null : (
            <a className="metrics-alert__link" href={routeHref('metrics')} data-testid="metrics-alert-link">
              Open Metrics
            </a>
          )}
          <Button variant="ghost" className="metrics-alert__dismiss" aria-label={`Dismiss: ${alert.message}`} onClick={() => dismiss(alert)} data-testid="metrics-alert-dismiss">
            <Icon name="close" size={16} />
          </Button>
        </div>
      ))}
    </section>
  );
}
