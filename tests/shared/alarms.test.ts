import { describe, expect, it } from 'vitest';
import { type ConditionState, applyVerdicts } from '../../shared/alarms/engine.ts';
import { type Alarm, alarmState, dueActions } from '../../shared/alarms/lifecycle.ts';
import { type Baseline, type RuleId, isDeviceSentinel, sideEffectVerdicts, vitalVerdicts } from '../../shared/alarms/rules.ts';
import { DEFAULT_ALARM_SETTINGS as S, mergeOverrides, mergeSettings } from '../../shared/alarms/settings.ts';

const none = new Set<RuleId>();
const noBaseline: Baseline = { systolic: null, diastolic: null };
const verdict = (kind: Parameters<typeof vitalVerdicts>[0], value: number, value2: number | null = null, active = none, baseline = noBaseline) =>
  Object.fromEntries(vitalVerdicts(kind, { value, value2 }, S, baseline, active).map((v) => [v.ruleId, v.priority]));

describe('threshold rules (defaults from the clinical reference)', () => {
  it.each([
    [130, 'medium'], [131, 'high'], [111, 'medium'], [110, null], [51, null], [50, 'medium'], [41, 'medium'], [40, 'high'],
  ])('heart rate %d → %s', (hr, priority) => {
    const v = verdict('heartRate', hr);
    expect(v['hr.high'] ?? v['hr.low'] ?? null).toBe(priority === null ? null : priority);
    if (priority === null) expect([v['hr.high'], v['hr.low']]).toEqual([null, null]);
  });

  it.each([
    [96, null], [94, null], [93, 'medium'], [92, 'medium'], [91, 'high'], [85, 'high'],
  ])('SpO2 %d %% → %s', (spo2, priority) => expect(verdict('spo2', spo2)['spo2.low']).toBe(priority));

  it('raises severe hypertension on SBP > 180 or DBP > 110, and hypotension at SBP ≤ 90', () => {
    expect(verdict('bloodPressure', 180, 100)['bp.high']).toBeNull();
    expect(verdict('bloodPressure', 181, 100)['bp.high']).toBe('high');
    expect(verdict('bloodPressure', 160, 111)['bp.high']).toBe('high');
    expect(verdict('bloodPressure', 91, 60)['bp.low']).toBeNull();
    expect(verdict('bloodPressure', 90, 60)['bp.low']).toBe('high');
  });

  it.each([
    [8, 'rr.low', 'high'], [9, 'rr.low', 'medium'], [11, 'rr.low', 'medium'], [12, 'rr.low', null],
    [20, 'rr.high', null], [21, 'rr.high', 'medium'], [24, 'rr.high', 'medium'], [25, 'rr.high', 'high'],
  ] as const)('respiratory rate %d → %s %s', (rr, rule, priority) => expect(verdict('respiratoryRate', rr)[rule]).toBe(priority));

  it('flags fever and hypothermia as medium', () => {
    expect(verdict('temperature', 39.1)['temp.high']).toBe('medium');
    expect(verdict('temperature', 39.0)['temp.high']).toBeNull();
    expect(verdict('temperature', 35.0)['temp.low']).toBe('medium');
  });

  it('compares blood pressure with the session baseline (25 % or 40 mmHg systolic, 25 mmHg diastolic)', () => {
    const baseline = { systolic: 120, diastolic: 80 };
    expect(verdict('bloodPressure', 150, 85, none, baseline)['bp.rise']).toBeNull();
    expect(verdict('bloodPressure', 151, 85, none, baseline)['bp.rise']).toBe('medium');
    expect(verdict('bloodPressure', 140, 106, none, baseline)['bp.rise']).toBe('medium');
    const highBaseline = { systolic: 170, diastolic: 95 };
    // 25 % of 170 would be 212; the 40 mmHg rise caps it at 210.
    expect(verdict('bloodPressure', 211, 100, none, highBaseline)['bp.rise']).toBe('medium');
    expect(verdict('bloodPressure', 150, 85)['bp.rise']).toBeUndefined();
  });

  it('applies hysteresis: an active condition clears only well inside the limit', () => {
    const active = new Set<RuleId>(['hr.high']);
    expect(verdict('heartRate', 109, null, active)['hr.high']).toBe('medium');
    expect(verdict('heartRate', 105, null, active)['hr.high']).toBeNull();
    expect(verdict('spo2', 94, null, new Set<RuleId>(['spo2.low']))['spo2.low']).toBe('medium');
    expect(verdict('spo2', 95, null, new Set<RuleId>(['spo2.low']))['spo2.low']).toBeNull();
  });

  it('raises side-effect alarms: deep sedation, agitation, severe dissociation, vomiting, nausea worth treating', () => {
    const rule = (note: Parameters<typeof sideEffectVerdicts>[0]) => sideEffectVerdicts(note)[0]?.priority ?? null;
    expect(rule({ kind: 'sedation', severity: 'moderate', scale: 'moaas', score: 1 })).toBe('high');
    expect(rule({ kind: 'sedation', severity: 'moderate', scale: 'moaas', score: 2 })).toBe('medium');
    expect(rule({ kind: 'sedation', severity: 'mild', scale: 'moaas', score: 4 })).toBeNull();
    expect(rule({ kind: 'sedation', severity: 'mild', scale: 'rass', score: -4 })).toBe('high');
    expect(rule({ kind: 'anxietyAgitation', severity: 'moderate', scale: 'rass', score: 3 })).toBe('medium');
    expect(rule({ kind: 'dissociation', severity: 'severe', scale: null, score: null })).toBe('medium');
    expect(rule({ kind: 'dissociation', severity: 'moderate', scale: 'cadss6', score: 10 })).toBeNull();
    expect(rule({ kind: 'vomiting', severity: 'mild', scale: null, score: null })).toBe('medium');
    expect(rule({ kind: 'nausea', severity: 'moderate', scale: 'nrs', score: 4 })).toBe('low');
    expect(rule({ kind: 'nausea', severity: 'mild', scale: 'nrs', score: 3 })).toBeNull();
  });

  it('recognises monitor "no value" sentinels', () => {
    for (const v of [-100, -999, 32767, 8388607]) expect(isDeviceSentinel(v)).toBe(true);
    expect(isDeviceSentinel(99)).toBe(false);
  });
});

describe('persistence delay and the condition state machine', () => {
  const t0 = Date.parse('2026-11-22T10:00:00Z');
  const spo2 = (value: number, active = none) => vitalVerdicts('spo2', { value, value2: null }, S, noBaseline, active);
  const step = (state: Map<RuleId, ConditionState>, value: number, seconds: number, fromDevice = true) => {
    const active = new Set([...state.values()].filter((c) => c.status === 'active').map((c) => c.ruleId));
    const { next, events } = applyVerdicts(state, spo2(value, active), { at: t0 + seconds * 1000, fromDevice }, S);
    const updated = new Map(state);
    for (const [rule, c] of next) {
      if (c) updated.set(rule, c);
      else updated.delete(rule);
    }
    return { state: updated, events };
  };

  it('raises nothing for a single device artefact below the delay', () => {
    let run = step(new Map(), 85, 0);
    expect(run.events).toEqual([]);
    run = step(run.state, 98, 3);
    expect(run.events).toEqual([]);
    expect(run.state.size).toBe(0);
  });

  it('raises a device SpO2 ≤ 91 % that lasts 15 s, not before', () => {
    let run = step(new Map(), 89, 0);
    run = step(run.state, 88, 10);
    expect(run.events).toEqual([]);
    run = step(run.state, 88, 15);
    expect(run.events).toEqual([{ type: 'raised', ruleId: 'spo2.low', priority: 'high', value: '88 %', at: t0 + 15_000 }]);
  });

  it('waits 30 s for a medium SpO2, and an interruption restarts the wait', () => {
    let run = step(new Map(), 93, 0);
    run = step(run.state, 97, 20);
    run = step(run.state, 93, 25);
    run = step(run.state, 93, 50);
    expect(run.events).toEqual([]);
    run = step(run.state, 93, 55);
    expect(run.events.map((e) => e.type)).toEqual(['raised']);
  });

  it('raises a manual entry at once', () => {
    const run = step(new Map(), 88, 0, false);
    expect(run.events.map((e) => e.type)).toEqual(['raised']);
  });

  it('worsens from medium to high, and resolves only past the hysteresis margin', () => {
    let run = step(new Map(), 93, 0, false);
    run = step(run.state, 90, 5, false);
    expect(run.events).toEqual([{ type: 'worsened', ruleId: 'spo2.low', priority: 'high', value: '90 %', at: t0 + 5000 }]);
    run = step(run.state, 94, 10, false);
    expect(run.events).toEqual([]);
    run = step(run.state, 95, 15, false);
    expect(run.events).toEqual([{ type: 'resolved', ruleId: 'spo2.low', at: t0 + 15_000 }]);
  });
});

describe('alarm lifecycle', () => {
  const base: Alarm = {
    id: 'a',
    sessionId: 's',
    ruleId: 'spo2.low',
    alarmClass: 'physiological',
    priority: 'high',
    value: '88 %',
    raisedAt: '2026-11-22T10:00:00.000Z',
    resolvedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    acknowledgedByName: null,
    announcedAt: '2026-11-22T10:00:00.000Z',
    escalatedAt: null,
    closedAt: null,
  };
  const at = (iso: string) => Date.parse(iso);

  it('latches: a resolved, unacknowledged alarm stays open', () => {
    expect(alarmState(base)).toBe('active');
    expect(alarmState({ ...base, resolvedAt: '2026-11-22T10:01:00.000Z' })).toBe('resolved-unacknowledged');
    expect(alarmState({ ...base, acknowledgedAt: '2026-11-22T10:01:00.000Z' })).toBe('acknowledged');
    expect(alarmState({ ...base, closedAt: '2026-11-22T10:02:00.000Z' })).toBe('closed');
  });

  it('escalates an unacknowledged high alarm after the set time, once', () => {
    expect(dueActions(base, at('2026-11-22T10:01:59Z'), S).escalate).toBe(false);
    expect(dueActions(base, at('2026-11-22T10:02:00Z'), S).escalate).toBe(true);
    expect(dueActions({ ...base, escalatedAt: '2026-11-22T10:02:00.000Z' }, at('2026-11-22T10:05:00Z'), S).escalate).toBe(false);
    expect(dueActions({ ...base, priority: 'medium' }, at('2026-11-22T10:30:00Z'), S).escalate).toBe(false);
  });

  it('re-announces an acknowledged alarm whose condition persists', () => {
    const acked = { ...base, acknowledgedAt: '2026-11-22T10:01:00.000Z' };
    expect(dueActions(acked, at('2026-11-22T10:05:59Z'), S).reannounce).toBe(false);
    expect(dueActions(acked, at('2026-11-22T10:06:00Z'), S).reannounce).toBe(true);
    expect(dueActions({ ...acked, resolvedAt: '2026-11-22T10:02:00.000Z' }, at('2026-11-22T10:30:00Z'), S).reannounce).toBe(false);
  });

  it('merges a per-session override over the clinic settings', () => {
    const merged = mergeSettings(S, { systolic: { highAbove: 190 }, reannounceMinutes: 10 });
    expect(merged.systolic).toEqual({ highAbove: 190, highBelow: 91 });
    expect(merged.reannounceMinutes).toBe(10);
    expect(merged.heartRate).toEqual(S.heartRate);
  });

  it('keeps what a session already overrode when its override changes again, limit by limit', () => {
    const first = { heartRate: { highAbove: 140 }, reannounceMinutes: 10 };
    const second = mergeOverrides(first, { heartRate: { mediumAbove: 120 }, spo2: { mediumBelow: 93 } });
    expect(second).toEqual({ heartRate: { highAbove: 140, mediumAbove: 120 }, spo2: { mediumBelow: 93 }, reannounceMinutes: 10 });
    expect(mergeSettings(S, second).heartRate).toEqual({ ...S.heartRate, highAbove: 140, mediumAbove: 120 });
    expect(mergeOverrides(null, { escalateAfterMinutes: 1 })).toEqual({ escalateAfterMinutes: 1 });
  });
});
