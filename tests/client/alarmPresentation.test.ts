import { describe, expect, it } from 'vitest';
import {
  alarmLabel,
  alarmStandingKey,
  alarmTone,
  describeAlarm,
  flashPeriodMs,
  highestAttention,
  isEscalated,
  priorityMarker,
  priorityText,
  sortAlarms,
} from '../../client/src/features/alarms/alarmView.ts';
import { cardAlarmAttributes } from '../../client/src/features/alarms/CardAlarms.tsx';
import { wardEntries } from '../../client/src/features/overview/wardLayout.ts';
import type { Alarm } from '../../shared/alarms/lifecycle.ts';
import { type AlarmPriority, PRIORITY_PRESENTATION } from '../../shared/alarms/priority.ts';
import { alarmStanding, byUrgency } from '../../shared/session/urgency.ts';
import { chair, minute, observation, ward, wardSession } from './fixtures.ts';

function alarm(id: string, priority: AlarmPriority, overrides: Partial<Alarm> = {}): Alarm {
  return {
    id,
    sessionId: 's1',
    ruleId: 'hr.high',
    alarmClass: 'physiological',
    priority,
    value: '134/min',
    raisedAt: minute(0),
    resolvedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    acknowledgedByName: null,
    announcedAt: minute(0),
    escalatedAt: null,
    closedAt: null,
    ...overrides,
  };
}

const acknowledged = (a: Alarm): Alarm => ({ ...a, acknowledgedAt: minute(3), acknowledgedBy: 'd1', acknowledgedByName: 'Dr. Paul Physician' });

describe('how an alarm looks (IEC 60601-1-8, from the shared presentation)', () => {
  it('gives each priority its colour family and marker; technical (INOP) alarms are cyan', () => {
    expect(alarmTone(alarm('a', 'high'))).toBe('high');
    expect(alarmTone(alarm('a', 'medium'))).toBe('medium');
    expect(alarmTone(alarm('a', 'low'))).toBe('low');
    expect(alarmTone(alarm('a', 'medium', { alarmClass: 'technical', ruleId: 'feed.stale' }))).toBe('technical');
    expect([priorityMarker('high'), priorityMarker('medium'), priorityMarker('low')]).toEqual(['***', '**', '*']);
    expect(priorityText(alarm('a', 'low', { alarmClass: 'technical' }))).toBe('Low priority technical (INOP)');
  });

  it('flashes high at ~2 Hz and medium slowly while attention is needed; low and answered alarms are steady', () => {
    expect(flashPeriodMs(alarm('a', 'high'))).toBe(500);
    expect(flashPeriodMs(alarm('a', 'medium'))).toBe(Math.round(1000 / PRIORITY_PRESENTATION.medium.flashHz));
    expect(flashPeriodMs(alarm('a', 'medium'))).toBeGreaterThan(1000);
    expect(flashPeriodMs(alarm('a', 'low'))).toBeNull();
    expect(flashPeriodMs(acknowledged(alarm('a', 'high')))).toBeNull();
    // Latched (resolved, not acknowledged) still calls, so it still flashes.
    expect(flashPeriodMs(alarm('a', 'high', { resolvedAt: minute(2) }))).toBe(500);
  });

  it('says what it is in words, for the card, the tooltip and screen readers', () => {
    expect(alarmLabel(alarm('a', 'high', { ruleId: 'spo2.low' }))).toBe('Low SpO₂');
    expect(describeAlarm(alarm('a', 'high', { ruleId: 'bp.high', value: '195/115 mmHg' }))).toBe('High priority alarm: Severe hypertension, 195/115 mmHg; active');
    expect(describeAlarm(alarm('a', 'high', { resolvedAt: minute(2) }))).toContain('resolved — not acknowledged');
    expect(describeAlarm(acknowledged(alarm('a', 'medium')))).toContain('acknowledged by Dr. Paul Physician');
  });

  it('sorts the most pressing first: needing attention, then priority, the patient before the equipment, then the newest', () => {
    const sorted = sortAlarms([
      acknowledged(alarm('ack-high', 'high')),
      alarm('low', 'low'),
      alarm('tech-medium', 'medium', { alarmClass: 'technical', ruleId: 'feed.stale' }),
      alarm('medium-old', 'medium', { announcedAt: minute(1) }),
      alarm('medium-new', 'medium', { announcedAt: minute(5) }),
      alarm('latched-high', 'high', { resolvedAt: minute(2) }),
    ]);
    expect(sorted.map((a) => a.id)).toEqual(['latched-high', 'medium-new', 'medium-old', 'tech-medium', 'low', 'ack-high']);
  });

  it('knows the highest priority calling and which alarms are escalated to every screen', () => {
    expect(highestAttention([alarm('a', 'low'), acknowledged(alarm('b', 'high')), alarm('c', 'medium')])).toBe('medium');
    expect(highestAttention([acknowledged(alarm('b', 'high'))])).toBeNull();
    expect(isEscalated(alarm('a', 'high', { escalatedAt: minute(2) }))).toBe(true);
    expect(isEscalated(alarm('a', 'high'))).toBe(false);
    expect(isEscalated(acknowledged(alarm('a', 'high', { escalatedAt: minute(2) })))).toBe(false);
    expect(isEscalated(alarm('a', 'medium', { escalatedAt: minute(2) }))).toBe(false);
  });

  it('marks the card with the tone that needs attention, or as only acknowledged', () => {
    expect(cardAlarmAttributes([])).toEqual({});
    expect(cardAlarmAttributes([alarm('a', 'medium'), alarm('b', 'low', { alarmClass: 'technical' })])).toEqual({ 'data-alarm': 'medium' });
    expect(cardAlarmAttributes([acknowledged(alarm('a', 'high'))])).toEqual({ 'data-alarm-acknowledged': 'true' });
  });
});

describe('the ward by urgency puts alarmed chairs first', () => {
  const chairs = [chair('c1', 'Chair 1'), chair('c2', 'Chair 2'), chair('c3', 'Chair 3'), chair('c4', 'Chair 4')];
  const at = Date.parse(minute(60));
  const session = (id: string, index: number, alarms: Alarm[], abnormal = false) =>
    wardSession({
      id,
      chair: chairs[index] as (typeof chairs)[number],
      latest: [observation({ id: `hr-${id}`, sessionId: id, observedAt: minute(58), abnormal })],
      phaseChangedAt: minute(0),
      alarms,
    });

  it('ranks by what the alarms ask for, above out-of-range readings', () => {
    const flaggedOnly = session('flagged', 0, [], true);
    const overdue = session('overdue', 1, [alarm('o', 'low', { alarmClass: 'technical', ruleId: 'obs.overdue' })]);
    const high = session('high', 2, [alarm('h', 'high')]);
    const answered = session('answered', 3, [acknowledged(alarm('x', 'high'))]);
    const entries = wardEntries(ward([flaggedOnly, overdue, high, answered], chairs), 'urgency', at);
    expect(entries.map((entry) => (entry.kind === 'session' ? entry.session.id : entry.key))).toEqual(['high', 'overdue', 'answered', 'flagged']);
    expect([...[flaggedOnly, high].sort(byUrgency(at))].map((s) => s.id)).toEqual(['high', 'flagged']);
  });

  it('gives a standing that changes only when a chair’s alarms change what they ask for', () => {
    expect(alarmStanding([])).toBe(0);
    expect(alarmStanding([alarm('a', 'medium')])).toBe(12);
    expect(alarmStanding([acknowledged(alarm('a', 'high'))])).toBe(3);
    expect(alarmStanding([alarm('a', 'high', { closedAt: minute(9) })])).toBe(0);
    const quiet = { id: 'q', alarms: [] };
    const loud = { id: 'l', alarms: [alarm('a', 'high')] };
    expect(alarmStandingKey([quiet, loud])).toBe('l:13');
    // A new value of the same alarm does not re-sort the wall.
    expect(alarmStandingKey([quiet, { id: 'l', alarms: [alarm('a', 'high', { value: '86 %' })] }])).toBe('l:13');
  });
});
