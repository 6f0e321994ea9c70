import type { WardSnapshot } from '../../../../shared/schemas/session.ts';
import { ACTIVE_PHASES, PHASE_LABELS } from '../../../../shared/session/phase.ts';
import { useSlowNow } from '../../ui/clock.ts';
import { isFlagged, staleness } from './wardLayout.ts';

/** One line a physician can read on entering: chairs in use, phases, flagged and stale chairs. */
export function WardSummary({ ward }: { ward: WardSnapshot }) {
  const now = useSlowNow();
  const { sessions } = ward;
  const flagged = sessions.filter(isFlagged).length;
  const stale = sessions.filter((session) => staleness(session, now).stale).length;
  const busyChairs = new Set(sessions.map((session) => session.chair.id));
  const free = ward.chairs.filter((chair) => !busyChairs.has(chair.id)).length;
  const phases = ACTIVE_PHASES.map((phase) => ({
    phase,
    count: sessions.filter((session) => session.phase === phase).length,
  })).filter(({ count }) => count > 0);

  return (
    <p className="ward-summary">
      <span className="ward-summary__total">
        {sessions.length} of {Math.max(ward.chairs.length, sessions.length)} chairs in use
      </span>
      {phases.map(({ phase, count }) => (
        <span key={phase} className="ward-summary__item ward-summary__item--phase">
          {count} {PHASE_LABELS[phase].toLowerCase()}
        </span>
      ))}
      {free > 0 ? <span className="ward-summary__item">{free} free</span> : null}
      <span className={flagged > 0 ? 'ward-summary__item ward-summary__item--flagged' : 'ward-summary__item'}>
        {flagged === 0 ? 'none out of range' : `${flagged} out of range`}
      </span>
      {stale > 0 ? <span className="ward-summary__item ward-summary__item--stale">{stale} stale</span> : null}
    </p>
  );
}
