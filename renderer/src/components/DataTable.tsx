// A data table from column definitions: header row, hidden caption, the caller's rows, a "nothing to list" line. Presentational.
// Its styles are styles/dataTable.css, loaded before every screen's CSS so a screen's own table rules win. The
// bordered scrolling box around it (`table-scroller`) stays the caller's: its height differs by screen.
import type { ReactNode } from 'react';

export interface DataTableColumn {
  key: string;
  header: ReactNode;
  /** Right-aligned, with tabular figures (the cells in its column carry `data-table__num` too). */
  numeric?: boolean;
  className?: string;
  title?: string;
}

export interface DataTableProps {
  columns: readonly DataTableColumn[];
  /** Read by screen readers only, where the heading above does not say what the table lists. */
  caption?: string;
  /** Modifiers (`data-table--compact`, `data-table--sticky-head`) and the screen's own class. */
  className?: string;
  testId?: string;
  /** Shown in one full-width row above the rows; null or absent when there is nothing to say. */
  emptyText?: string | null;
  /** The body rows. */
  children: ReactNode;
}

export function DataTable({ columns, caption, className, testId, emptyText, children }: DataTableProps): ReactNode {
  return (
    <table className={className ? `data-table ${className}` : 'data-table'} data-testid={testId}>
      {caption ? <caption className="visually-hidden">{caption}</caption> : null}
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.key} scope="col" className={[column.numeric ? 'data-table__num' : null, column.className].filter(Boolean).join(' ') || undefined} title={column.title}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {emptyText ? (
          <tr>
            <td colSpan={columns.length} className="data-table__none">
              {emptyText}
            </td>
          </tr>
        ) : null}
        {children}
      </tbody>
    </table>
  );
}
