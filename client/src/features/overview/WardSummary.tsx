import type { WardSession } from '../../../../shared/schemas/session.ts';
import { ACTIVE_PHASES, PHASE_LABELS } from '../../../../shared/session/phase.ts';

/** One line a physician can read on entering: how many chairs, in which phase, how many flagged. */
export function WardSummary({ sessions }: { sessions: readonly WardSession[] }) {
  const flagged = sessions.filter((session) => session.latest.some((reading) => reading.abnormal)).length;
  const phases = ACTIVE_PHASES.map((phase) => ({
    phase,
    count: sessions.filter((session) => session.phase === phase).length,
  })).filter(({ count }) => count > 0);

  return (
    <p className="ward-summary">
      <span className="ward-summary__total">
        {sessions.length} {sessions.length === 1 ? 'chair' : 'chairs'} in use
      </span>
      {phases.map(({ phase, count }) => (
        <span key={phase} className="ward-summary__item">
          {count} {PHASE_LABELS[phase].toLowerCase()}
        </span>
      ))}
      <span className={flagged > 0 ? 'ward-summary__item ward-summary__item--flagged' : 'ward-summary__item'}>
        {flagged === 0 ? 'No readings out of range' : `${flagged} with readings out of range`}
      </span>
    </p>
  );
}
