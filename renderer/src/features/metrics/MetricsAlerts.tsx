// The app-wide alerts: a model whose recent answers fail too often, take too long or disappoint, said once above
// every screen with the figure and the threshold it crossed, a link to the panel that explains it (and, for the
// thresholds the user sets, to that setting), and Dismiss until the condition changes. Renderer.
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { MetricAlert } from '../../../../shared/contract/metrics';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { alertKey, selectVisibleAlerts } from '../../stores/metricsStore';
import { useMetrics } from '../../stores/StoresContext';
import { routeHref } from '../../lib/routes';
import './metricsAlerts.css';

/** Where an alert's figure is explained, and where its threshold is set (null: a fixed threshold). */
export function alertLinks(kind: MetricAlert['kind']): { explain: { href: string; label: string }; threshold: string | null } {
  switch (kind) {
    case 'errorRate':
    case 'p95Latency':
      return { explain: { href: routeHref('metrics', 'models'), label: 'See the model table' }, threshold: routeHref('settings', 'alerts') };
    case 'thumbsDownRate':
    case 'unsupportedRate':
    case 'nothingRelevantRate':
      return { explain: { href: routeHref('metrics', 'quality'), label: 'See answer quality' }, threshold: null };
  }
}

export function MetricsAlerts(): ReactNode {
  const alerts = useMetrics(useShallow(selectVisibleAlerts));
  const dismiss = useMetrics((s) => s.dismissAlert);
  if (alerts.length === 0) return null;
  return (
    <section className="metrics-alerts" aria-label="Model alerts">
      {alerts.map((alert) => {
        const links = alertLinks(alert.kind);
        return (
          <div key={alertKey(alert)} className="metrics-alert" role="status" data-testid="metrics-alert" data-model={alert.model} data-kind={alert.kind}>
            <Icon name="alert" className="metrics-alert__icon" />
            <p className="metrics-alert__message">{alert.message}</p>
            <a className="metrics-alert__link" href={links.explain.href} data-testid="metrics-alert-link">
              {links.explain.label}
            </a>
            {links.threshold ? (
              <a className="metrics-alert__link" href={links.threshold} data-testid="metrics-alert-threshold-link">
                Change the threshold
              </a>
            ) : null}
            <Button variant="ghost" className="metrics-alert__dismiss" aria-label={`Dismiss until it changes: ${alert.message}`} title="Dismiss until it changes" onClick={() => dismiss(alert)} data-testid="metrics-alert-dismiss">
              <Icon name="close" size={16} />
            </Button>
          </div>
        );
      })}
    </section>
  );
}
