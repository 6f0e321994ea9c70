import { type Alarm, needsAttention } from '../alarms/lifecycle.ts';
import { PRIORITY_RANK } from '../alarms/priority.ts';
import { isCurrentRecord } from '../records.ts';
import type { WardSession } from '../schemas/session.ts';
import { SEVERITY_RANK } from '../sideEffects/catalogue.ts';
import { isStale } from './cadence.ts';

/**
 * A chair's alarm standing: 10 + priority rank while an alarm needs attention, the priority rank
 * while open alarms are only acknowledged, 0 without open alarms.
 */
export function alarmStanding(alarms: readonly Alarm[]): number {
  let standing = 0;
  for (const alarm of alarms) {
    if (alarm.closedAt !== null) continue;
    const value = (needsAttention(alarm) ? 10 : 0) + PRIORITY_RANK[alarm.priority];
    if (value > standing) standing = value;
  }
  return standing;
}

/**
 * Who needs a physician first, apart from alarms: readings out of range, a severe side effect, a
 * chair gone quiet.
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

/**
 * The ward in the order a physician should look: alarms needing attention first (high before medium
 * before low), then chairs with acknowledged alarms still open, then the urgency score, then the
 * chair label.
 */
export function byUrgency(now: number) {
  return (a: WardSession, b: WardSession): number =>
    alarmStanding(b.alarms) - alarmStanding(a.alarms) ||
    urgencyScore(b, now) - urgencyScore(a, now) ||
    a.chair.label.localeCompare(b.chair.label, undefined, { numeric: true });
}
