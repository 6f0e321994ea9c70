import type { ReactNode } from 'react';

interface RecordPanelProps {
  titleId: string;
  title: string;
  count: number;
  emptyText: string;
  /** Controls beside the title, e.g. a filter. */
  tools?: ReactNode;
  more?: ReactNode;
  children: ReactNode;
}

/** A titled panel around a record table, with its empty state and a "show more" slot. */
export function RecordPanel({ titleId, title, count, emptyText, tools, more, children }: RecordPanelProps) {
  return (
    <section className="record-panel" aria-labelledby={titleId}>
      <div className="record-panel__head">
        <h2 id={titleId} className="section-title">
          {title}
        </h2>
        {tools}
        <span className="record-panel__count">{count} recorded</span>
      </div>
      {count === 0 ? (
        <p className="record-panel__empty">{emptyText}</p>
      ) : (
        // Wide tables scroll sideways on a tablet instead of squeezing the columns.
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
        <section className="record-panel__scroll" aria-label={`${title}, scrollable`} tabIndex={0}>
          {children}
        </section>
      )}
      {more ? <div className="record-panel__more">{more}</div> : null}
    </section>
  );
}
