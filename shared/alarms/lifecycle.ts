import type { AlarmClass, AlarmPriority } from './priority.ts';
import type { RuleId } from './rules.ts';
import type { AlarmSettings } from './settings.ts';

/** An alarm as stored and as every screen sees it. */
export interface Alarm {
  id: string;
  sessionId: string;
  ruleId: RuleId;
  alarmClass: AlarmClass;
  priority: AlarmPriority;
  /** What set it off, e.g. "88 %". */
  value: string;
  raisedAt: string;
  /** When the condition ended; the alarm stays latched until acknowledged. */
  resolvedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgedByName: string | null;
  /** Last time it was announced (raised, worsened or re-announced). */
  announcedAt: string;
  escalatedAt: string | null;
  /** Resolved and acknowledged: history only. */
  closedAt: string | null;
}

export type AlarmState = 'active' | 'acknowledged' | 'resolved-unacknowledged' | 'closed';

export function alarmState(alarm: Pick<Alarm, 'closedAt' | 'resolvedAt' | 'acknowledgedAt'>): AlarmState {
  if (alarm.closedAt) return 'closed';
  if (alarm.resolvedAt) return 'resolved-unacknowledged';
  return alarm.acknowledgedAt ? 'acknowledged' : 'active';
}

/** Alarms a screen must still show (everything but closed history). */
export function isOpen(alarm: Pick<Alarm, 'closedAt'>): boolean {
  return alarm.closedAt === null;
}

/** Alarms that still call for someone: sound, flash, count in the banner. */
export function needsAttention(alarm: Alarm): boolean {
  const state = alarmState(alarm);
  return state === 'active' || state === 'resolved-unacknowledged';
}

export interface DueActions {
  /** An acknowledged alarm whose condition persists comes back, as central stations do. */
  reannounce: boolean;
  /** An unacknowledged high alarm left standing goes to every signed-in screen. */
  escalate: boolean;
}

export function dueActions(alarm: Alarm, now: number, settings: AlarmSettings): DueActions {
  const state = alarmState(alarm);
  const reannounce =
    state === 'acknowledged' &&
    alarm.acknowledgedAt !== null &&
    now - Date.parse(alarm.acknowledgedAt) >= settings.reannounceMinutes * 60_000;
  const escalate =
    alarm.priority === 'high' &&
    alarm.escalatedAt === null &&
    (state === 'active' || state === 'resolved-unacknowledged') &&
    now - Date.parse(alarm.announcedAt) >= settings.escalateAfterMinutes * 60_000;
  return { reannounce, escalate };
}
