import type { AlarmPriority } from './priority.ts';
import { PRIORITY_RANK } from './priority.ts';
import type { RuleId, RuleVerdict } from './rules.ts';
import type { AlarmSettings } from './settings.ts';

/** Where a rule's condition stands for one session. Stored, so it survives restarts and nodes. */
export interface ConditionState {
  ruleId: RuleId;
  status: 'pending' | 'active';
  /** When the value first went out of range (epoch ms). */
  since: number;
  priority: AlarmPriority;
  value: string;
}

export type ConditionEvent =
  | { type: 'raised'; ruleId: RuleId; priority: AlarmPriority; value: string; at: number }
  | { type: 'worsened'; ruleId: RuleId; priority: AlarmPriority; value: string; at: number }
  | { type: 'resolved'; ruleId: RuleId; at: number };

/** Seconds a device value must stay out of range before it alarms (artefact filter). */
export function persistenceDelaySeconds(ruleId: RuleId, priority: AlarmPriority, settings: AlarmSettings): number {
  if (ruleId === 'spo2.low') return priority === 'high' ? settings.delaysSeconds.spo2High : settings.delaysSeconds.spo2Medium;
  return settings.delaysSeconds.other;
}

/**
 * Applies rule verdicts for one reading to the stored conditions. A manual entry alarms at once;
 * a device reading must stay out of range for the rule's delay (a single artefact raises nothing).
 * Returns the new states (null: cleared) and what happened.
 */
export function applyVerdicts(
  current: ReadonlyMap<RuleId, ConditionState>,
  verdicts: readonly RuleVerdict[],
  reading: { at: number; fromDevice: boolean },
  settings: AlarmSettings,
): { next: Map<RuleId, ConditionState | null>; events: ConditionEvent[] } {
  const next = new Map<RuleId, ConditionState | null>();
  const events: ConditionEvent[] = [];
  for (const verdict of verdicts) {
    const state = current.get(verdict.ruleId);
    if (verdict.priority === null) {
      if (state) next.set(verdict.ruleId, null);
      if (state?.status === 'active') events.push({ type: 'resolved', ruleId: verdict.ruleId, at: reading.at });
      continue;
    }
    if (state?.status === 'active') {
      if (PRIORITY_RANK[verdict.priority] > PRIORITY_RANK[state.priority]) {
        next.set(verdict.ruleId, { ...state, priority: verdict.priority, value: verdict.value });
        events.push({ type: 'worsened', ruleId: verdict.ruleId, priority: verdict.priority, value: verdict.value, at: reading.at });
      } else if (verdict.value !== state.value) {
        next.set(verdict.ruleId, { ...state, value: verdict.value });
      }
      continue;
    }
    const since = state?.since ?? reading.at;
    const delayMs = reading.fromDevice ? persistenceDelaySeconds(verdict.ruleId, verdict.priority, settings) * 1000 : 0;
    if (reading.at - since >= delayMs) {
      next.set(verdict.ruleId, { ruleId: verdict.ruleId, status: 'active', since, priority: verdict.priority, value: verdict.value });
      events.push({ type: 'raised', ruleId: verdict.ruleId, priority: verdict.priority, value: verdict.value, at: reading.at });
    } else {
      // Out of range, but not for long enough yet: remember since when.
      const priority = state && PRIORITY_RANK[state.priority] > PRIORITY_RANK[verdict.priority] ? state.priority : verdict.priority;
      next.set(verdict.ruleId, { ruleId: verdict.ruleId, status: 'pending', since, priority, value: verdict.value });
    }
  }
  return { next, events };
}
