import { isCurrentRecord } from '../records.ts';
import type { WardSession } from '../schemas/session.ts';
import { SEVERITY_RANK } from '../sideEffects/catalogue.ts';
import { isStale } from './cadence.ts';

/**
 * Orders the ward by who needs a physician first: readings out of range, a severe side effect, a
 * chair gone quiet. Alarms, once they exist, rank above all of these.
 */
export function urgencyScore(session: WardSession, now: number): number {
  let score = 0;
  for (const observation of session.latest) {
    if (isCurrentRecord(observation) && observation.abnormal) score += 10;
  }
  const sideEffect = session.latestSideEffect;
  if (sideEffect && isCurrentRecord(sideEffect)) score += SEVERITY_RANK[sideEffect.severity] * 5;
  const lastObservedAt = session.latest.reduce<string | null>(
    (latest, o) => (latest === null || o.observedAt > latest ? o.observedAt : latest),
    null,
  );
  if (isStale(session.phase, lastObservedAt, session.phaseChangedAt, now)) score += 8;
  if (session.phase === 'infusing' || session.phase === 'paused') score += 1;
  return score;
}

export function byUrgency(now: number) {
  return (a: WardSession, b: WardSession): number =>
    urgencyScore(b, now) - urgencyScore(a, now) || a.chair.label.localeCompare(b.chair.label, undefined, { numeric: true });
}
