import { memo, useId } from 'react';
import type { Chair } from '../../../../shared/schemas/chair.ts';

/** A chair with no running session, the same size as the others so the wall does not reflow. */
export const FreeChairCard = memo(function FreeChairCard({ chair }: { chair: Chair }) {
  const headingId = useId();
  return (
    <article className="session-card session-card--free" aria-labelledby={headingId} data-chair={chair.label} data-free="true">
      <header className="session-card__head">
        <h2 className="session-card__chair" id={headingId}>
          {chair.label}
        </h2>
        {chair.room ? <span className="session-card__room">{chair.room}</span> : null}
        <span className="session-card__status">
          <span className="phase-badge phase-badge--free">
            <span className="phase-badge__dot" aria-hidden="true" />
            Free
          </span>
        </span>
      </header>
      <div className="session-card__free">
        <svg className="session-card__free-icon" viewBox="0 0 48 48" aria-hidden="true" focusable="false">
          <path d="M14 8h14a6 6 0 0 1 6 6v14H14z" />
          <path d="M10 28h30v6H10zM14 34v8M36 34v8" />
        </svg>
        <p className="session-card__free-text">Available</p>
        <p className="session-card__free-detail">No patient in this chair</p>
      </div>
    </article>
  );
});
