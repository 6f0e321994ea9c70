import type { WardSession } from '../../../../shared/schemas/session.ts';
import { useCoarseNow } from '../../ui/clock.ts';
import { formatMinutes } from '../../ui/format.ts';
import { staleness } from './wardLayout.ts';

/**
 * "No reading for 23 min" once a chair has been quiet for longer than its phase's cadence. It reads
 * the clock itself, so the card around it does not re-render every second; the card's dashed
 * outline follows it in CSS (`:has`).
 */
export function StaleNotice({ session }: { session: Pick<WardSession, 'latest' | 'phase' | 'phaseChangedAt'> }) {
  const now = useCoarseNow();
  const { stale, quietMinutes, cadenceMinutes } = staleness(session, now);
  if (!stale) return null;
  const expected = cadenceMinutes === null ? '' : `; expected every ${cadenceMinutes} min in this phase`;
  return (
    <span className="stale-notice" data-stale="true" title={`No reading for ${formatMinutes(quietMinutes)}${expected}`}>
      <svg className="stale-notice__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <circle cx="8" cy="8" r="6.5" />
        <path d="M8 4.2V8.4L10.6 10" />
      </svg>
      <span>
        <span className="sr-only">Stale: no reading for </span>
        <span aria-hidden="true">Stale </span>
        {formatMinutes(quietMinutes)}
      </span>
      <span className="sr-only">{expected}</span>
    </span>
  );
}
