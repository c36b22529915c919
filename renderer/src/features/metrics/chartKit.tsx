// What every Metrics chart shares: the figure with its heading and its table of the same numbers, themed axes,
// and a tooltip drawn with the app's classes (the CSP allows no inline styles of ours). Renderer.
import { useId, type ReactNode } from 'react';
import type { TooltipContentProps } from 'recharts';

/** Series colours: CSS variables set in metrics.css, so the charts follow the light or dark theme. */
export const CHART_COLORS = {
  primary: 'var(--chart-1)',
  secondary: 'var(--chart-2)',
  tertiary: 'var(--chart-3)',
  danger: 'var(--chart-danger)',
  grid: 'var(--color-border)',
  axis: 'var(--color-border-strong)',
  text: 'var(--color-text-muted)',
  cursor: 'var(--color-hover)',
} as const;

export const CHART_HEIGHT = 220;
export const CHART_MARGIN = { top: 8, right: 12, bottom: 0, left: 4 };
export const AXIS_TICK = { fill: CHART_COLORS.text, fontSize: 12 };

export interface ChartFigureProps {
  title: string;
  /** One sentence on what is plotted and how to read it. */
  description: ReactNode;
  testId: string;
  /** The recharts chart. Hidden from screen readers: the table carries its numbers. */
  chart: ReactNode;
  /** The same numbers as a table. */
  table: ReactNode;
}

export function ChartFigure({ title, description, testId, chart, table }: ChartFigureProps): ReactNode {
  const titleId = useId();
  return (
    <figure className="metrics-chart" aria-labelledby={titleId} data-testid={testId}>
      <figcaption className="metrics-chart__caption">
        <h3 id={titleId}>{title}</h3>
        <p className="metrics-chart__description">{description}</p>
      </figcaption>
      <div className="metrics-chart__plot" aria-hidden="true">
        {chart}
      </div>
      <div className="metrics-chart__table">{table}</div>
    </figure>
  );
}

/** A series' colour in the legend and tooltip: an SVG swatch, since a coloured box would need an inline style. */
export function Swatch({ color }: { color: string | undefined }): ReactNode {
  return (
    <svg className="chart-swatch" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true" focusable="false">
      <rect width="10" height="10" rx="2" fill={color ?? CHART_COLORS.text} />
    </svg>
  );
}

type ValueFormatter = (value: number, dataKey: string) => string;

/** The tooltip's content: the bucket or model, then each series with its formatted value. */
export function renderTooltip(format: ValueFormatter): (props: TooltipContentProps) => ReactNode {
  function ChartTooltip({ active, payload, label }: TooltipContentProps): ReactNode {
    if (!active || payload.length === 0) return null;
    return (
      <div className="chart-tooltip">
        <p className="chart-tooltip__label">{label}</p>
        <ul className="chart-tooltip__items">
          {payload.map((entry) => {
            const key = String(entry.dataKey ?? entry.name);
            const value = typeof entry.value === 'number' ? format(entry.value, key) : '—';
            return (
              <li key={key} className="chart-tooltip__item">
                <Swatch color={entry.color} />
                <span className="chart-tooltip__name">{entry.name}</span>
                <span className="chart-tooltip__value">{value}</span>
              </li>
            );
          })}
        </ul>
      </div>
    );
  }
  return ChartTooltip;
}

/** Legend entries in the theme's text colour (recharts colours them like their series). */
export const legendLabel = (value: string): ReactNode => <span className="chart-legend__label">{value}</span>;
