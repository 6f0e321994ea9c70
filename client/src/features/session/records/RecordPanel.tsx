import type { ReactNode } from 'react';

interface RecordPanelProps {
  /** `observations` or `side-effects`: the panel's `data-records` and its heading's id. */
  name: string;
  title: string;
  /** Between the title and the count, e.g. a filter. */
  controls?: ReactNode;
  count: string;
  /** What the last correction did, read out once its form has closed. */
  announcement: string;
  children: ReactNode;
}

/** A titled panel of one kind of record in the session's record. */
export function RecordPanel({ name, title, controls, count, announcement, children }: RecordPanelProps) {
  const titleId = `${name}-title`;
  return (
    <section className="record-panel" aria-labelledby={titleId} data-records={name}>
      <div className="record-panel__head">
        <h2 id={titleId} className="section-title">
          {title}
        </h2>
        {controls}
        <span className="record-panel__count">{count}</span>
      </div>
      <p className="sr-only" role="status">
        {announcement}
      </p>
      {children}
    </section>
  );
}
