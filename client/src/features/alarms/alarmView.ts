import { type Alarm, type AlarmState, alarmState, needsAttention } from '../../../../shared/alarms/lifecycle.ts';
import { AUDIO_PAUSE_MS, type AlarmPriority, PRIORITY_PRESENTATION, PRIORITY_RANK } from '../../../../shared/alarms/priority.ts';
import { ALARM_RULES } from '../../../../shared/alarms/rules.ts';
import type { WardSession } from '../../../../shared/schemas/session.ts';
import { alarmStanding } from '../../../../shared/session/urgency.ts';

/**
 * How an alarm reads and looks, from the shared rules and the shared IEC 60601-1-8 presentation
 * (`PRIORITY_PRESENTATION`). Pure, so every screen says the same thing and the tests can check it.
 */

/** The colour family: physiological alarms by priority, technical (INOP) ones in cyan. */
export type AlarmTone = AlarmPriority | 'technical';

export function alarmTone(alarm: Pick<Alarm, 'alarmClass' | 'priority'>): AlarmTone {
  return alarm.alarmClass === 'technical' ? 'technical' : alarm.priority;
}

/** The words a physician reads: "Low SpO₂", "Observation overdue". */
export function alarmLabel(alarm: Pick<Alarm, 'ruleId'>): string {
  return ALARM_RULES[alarm.ruleId]?.label ?? alarm.ruleId;
}

export function priorityMarker(priority: AlarmPriority): string {
  return PRIORITY_PRESENTATION[priority].marker;
}

export const STATE_LABELS: Readonly<Record<AlarmState, string>> = {
  active: 'Active',
  acknowledged: 'Acknowledged',
  'resolved-unacknowledged': 'Resolved — not acknowledged',
  closed: 'Closed',
};

/** "High priority", or "High priority technical (INOP)" for an equipment alarm. */
export function priorityText(alarm: Pick<Alarm, 'alarmClass' | 'priority'>): string {
  const label = PRIORITY_PRESENTATION[alarm.priority].label;
  return alarm.alarmClass === 'technical' ? `${label} technical (INOP)` : label;
}

/**
 * How long one flash cycle lasts, from the shared flash frequency (high 2 Hz, medium 0.6 Hz);
 * null for a steady (low priority) signal. Only alarms that need attention flash.
 */
export function flashPeriodMs(alarm: Alarm): number | null {
  if (!needsAttention(alarm)) return null;
  const hz = PRIORITY_PRESENTATION[alarm.priority].flashHz;
  return hz > 0 ? Math.round(1000 / hz) : null;
}

/** Most pressing first: needing attention, then priority, then the latest announced. */
export function compareAlarms(a: Alarm, b: Alarm): number {
  const attention = Number(needsAttention(b)) - Number(needsAttention(a));
  if (attention !== 0) return attention;
  const rank = PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority];
  if (rank !== 0) return rank;
  // Physiological before technical at the same priority: the patient before the equipment.
  const patient = Number(b.alarmClass === 'physiological') - Number(a.alarmClass === 'physiological');
  if (patient !== 0) return patient;
  return a.announcedAt === b.announcedAt ? 0 : a.announcedAt < b.announcedAt ? 1 : -1;
}

export function sortAlarms(alarms: readonly Alarm[]): Alarm[] {
  return [...alarms].sort(compareAlarms);
}

/** The highest priority among alarms that still call for someone; null when none does. */
export function highestAttention(alarms: readonly Alarm[]): AlarmPriority | null {
  let best: AlarmPriority | null = null;
  for (const alarm of alarms) {
    if (!needsAttention(alarm)) continue;
    if (best === null || PRIORITY_RANK[alarm.priority] > PRIORITY_RANK[best]) best = alarm.priority;
  }
  return best;
}

/** An unacknowledged high alarm the server escalated to every screen. */
export function isEscalated(alarm: Alarm): boolean {
  return alarm.priority === 'high' && alarm.escalatedAt !== null && needsAttention(alarm);
}

/** Changes only when some chair's alarm standing changes: what re-sorts the wall at once. */
export function alarmStandingKey(sessions: readonly Pick<WardSession, 'id' | 'alarms'>[]): string {
  return sessions
    .map((session) => [session.id, alarmStanding(session.alarms)] as const)
    .filter(([, standing]) => standing > 0)
    .map(([id, standing]) => `${id}:${standing}`)
    .join(',');
}

/** One sentence for screen readers and tooltips. */
export function describeAlarm(alarm: Alarm): string {
  const state = alarmState(alarm);
  const stateText =
    state === 'acknowledged'
      ? `acknowledged${alarm.acknowledgedByName ? ` by ${alarm.acknowledgedByName}` : ''}`
      : state === 'resolved-unacknowledged'
        ? 'resolved — not acknowledged'
        : state === 'closed'
          ? 'closed'
          : 'active';
  return `${priorityText(alarm)} alarm: ${alarmLabel(alarm)}, ${alarm.value}; ${stateText}`;
}

/** "1:52" — what is left of the audio pause (never more than the pause itself). */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(Math.min(ms, AUDIO_PAUSE_MS) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
