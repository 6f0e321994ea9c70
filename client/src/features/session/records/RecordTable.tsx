import type { ReactNode } from 'react';
import './RecordTable.css';

export interface RecordColumn {
  label: string;
  numeric?: boolean;
}

/** The record's own columns plus those every record has: time, who recorded it, status, actions. */
export function recordColumnCount(columns: readonly RecordColumn[], mayCorrect: boolean): number {
  return columns.length + (mayCorrect ? 4 : 3);
}

interface RecordTableProps {
  /** "Observations": names the scrolling region and the caption. */
  label: string;
  /** The columns between the time and who recorded it, matching the cells `RecordRow` is given. */
  columns: readonly RecordColumn[];
  mayCorrect: boolean;
  /** Showing the previous filter's rows while the new one loads. */
  refreshing?: boolean;
  /** `RecordRow`s. */
  children: ReactNode;
}

/** Records newest first, in a region that scrolls on its own so the panel keeps its size. */
export function RecordTable({ label, columns, mayCorrect, refreshing = false, children }: RecordTableProps) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
    <section className="record-panel__scroll" aria-label={`${label}, scrollable`} tabIndex={0}>
      <table className={`record-table${refreshing ? ' record-table--refreshing' : ''}`}>
        <caption className="sr-only">{`${label}, newest first, with every correction`}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            {columns.map((column) => (
              <th key={column.label} scope="col" className={column.numeric ? 'record-table__numeric' : undefined}>
                {column.label}
              </th>
            ))}
            <th scope="col">Recorded by</th>
            <th scope="col">Status</th>
            {mayCorrect ? (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </section>
  );
}
