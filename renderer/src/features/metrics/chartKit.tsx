// What every Metrics chart shares: the figure with its heading, its table of the same numbers, and the themed grid,
// axes, legend and tooltip (drawn with the app's classes: the CSP allows no inline styles of ours). Renderer.
import { useId, type ReactNode } from 'react';
import { CartesianGrid, Legend, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { DataTable } from '../../components/DataTable';
import { modelLabel, parseModelKey } from '../../../../shared/contract/models';
import { NONE } from '../../lib/format';

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
    <figure className="card metrics-chart" aria-labelledby={titleId} data-testid={testId}>
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

export interface ChartTableRow {
  key: string | number;
  /** The row's own header: its period or model. */
  header: ReactNode;
  /** One formatted number per column. */
  cells: readonly ReactNode[];
}

export interface ChartTableProps {
  /** Read by screen readers only: the chart's title says it to everyone else. */
  caption: string;
  /** What each row is ("Period from", "Model"). */
  rowHeader: string;
  /** The number columns' headings. */
  columns: readonly string[];
  rows: readonly ChartTableRow[];
  /** Class of the row headers (a model name is set in monospace). */
  rowHeaderClassName?: string;
  /** Said in one full-width row when there are no rows. */
  empty?: string;
}

/** A chart's numbers as a table: one row per period or model, a header cell then right-aligned numbers. */
export function ChartTable({ caption, rowHeader, columns, rows, rowHeaderClassName, empty }: ChartTableProps): ReactNode {
  return (
    <DataTable
      className="data-table--compact data-table--sticky-head metrics-table"
      caption={caption}
      columns={[{ key: rowHeader, header: rowHeader }, ...columns.map((column) => ({ key: column, header: column, numeric: true }))]}
      emptyText={rows.length === 0 ? empty : null}
    >
      {rows.map((row) => (
        <tr key={row.key}>
          <th scope="row" className={rowHeaderClassName}>
            {row.header}
          </th>
          {row.cells.map((cell, i) => (
            <td key={i} className="data-table__num">
              {cell}
            </td>
          ))}
        </tr>
      ))}
    </DataTable>
  );
}

export interface ValueAxis {
  format(value: number): string;
  /** Needed when a chart has two value axes; its series name it as `yAxisId`. */
  id?: string;
  right?: boolean;
  width?: number;
}

export interface ChartFrameOptions {
  /** The category axis: its data key, and how its ticks thin out when they crowd. */
  x: { dataKey: string; minTickGap?: number; interval?: number; /** Model keys under bars: each shortened to its band. */ models?: boolean };
  /** The value axes, left first. */
  y: readonly ValueAxis[];
  tooltip(props: TooltipContentProps): ReactNode;
  /** What hovering marks: a vertical line (line charts) or the hovered band (bar charts). */
  cursor: 'line' | 'band';
}

/** The grid, axes, tooltip and legend every chart draws before its series, in the theme's colours. */
export function chartFrame({ x, y, tooltip, cursor }: ChartFrameOptions): ReactNode[] {
  return [
    <CartesianGrid key="grid" stroke={CHART_COLORS.grid} strokeDasharray="3 3" vertical={false} />,
    <XAxis key="x" dataKey={x.dataKey} tick={x.models ? <ModelTick /> : AXIS_TICK} stroke={CHART_COLORS.axis} tickLine={false} minTickGap={x.minTickGap} interval={x.interval} />,
    ...y.map((axis, i) => (
      <YAxis
        key={`y${i}`}
        yAxisId={axis.id}
        orientation={axis.right ? 'right' : undefined}
        tick={AXIS_TICK}
        stroke={CHART_COLORS.axis}
        tickLine={false}
        tickFormatter={axis.format}
        width={axis.width ?? 68}
      />
    )),
    <Tooltip key="tooltip" content={tooltip} cursor={cursor === 'line' ? { stroke: CHART_COLORS.axis } : { fill: CHART_COLORS.cursor }} isAnimationActive={false} />,
    <Legend key="legend" formatter={legendLabel} />,
  ];
}

interface TickProps {
  x?: number;
  y?: number;
  payload?: { value?: unknown };
  /** The axis' width, which recharts hands every tick. */
  width?: number;
  visibleTicksCount?: number;
}

/** Roughly how wide one character of the 12 px axis font is: enough to keep neighbours from overlapping. */
const TICK_CHAR_PX = 7;

/**
 * A model under its bars: its name without the engine, cut to the width of its band with the full label on
 * hover (four `ollama · llama3…` labels side by side ran into each other). The table under the chart names it
 * in full.
 */
function ModelTick({ x = 0, y = 0, payload, width = 0, visibleTicksCount = 1 }: TickProps): ReactNode {
  const key = String(payload?.value ?? '');
  const name = parseModelKey(key).name;
  const band = width / Math.max(1, visibleTicksCount);
  const fits = Math.max(4, Math.floor((band - 6) / TICK_CHAR_PX));
  const text = name.length > fits ? `${name.slice(0, fits - 1)}…` : name;
  return (
    <text x={x} y={y} dy={12} textAnchor="middle" fill={CHART_COLORS.text} fontSize={AXIS_TICK.fontSize}>
      <title>{modelLabel(key)}</title>
      {text}
    </text>
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
            const value = typeof entry.value === 'number' ? format(entry.value, key) : NONE;
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
