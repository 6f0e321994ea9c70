import { describe, expect, it } from 'vitest';
import { patchWard } from '../../client/src/realtime/wardPatch.ts';
import { TREND_POINTS } from '../../shared/schemas/series.ts';
import type { WardSession, WardSnapshot } from '../../shared/schemas/session.ts';
import { OTHER_SESSION_ID, SESSION_ID, change, chair, minute, observation, sideEffect, summary, transition, wardSession, ward as wardOf } from './fixtures.ts';

const ward = (...sessions: WardSession[]): WardSnapshot => wardOf(sessions);
const at = (m: number): number => Date.parse(minute(m));

describe('patchWard', () => {
  it('shows a newer reading and gives only its session a new object', () => {
    const other = wardSession({ id: OTHER_SESSION_ID, chair: { id: 'c2', label: 'Chair 2', room: '' } });
    const before = ward(wardSession({ latest: [observation({ id: 'hr-1' })] }), other);
    const reading = observation({ id: 'hr-2', value: 95, observedAt: minute(1), recordedAt: minute(1) });

    const { next, needsSnapshot } = patchWard(before, change('observation.recorded', { observation: reading }));

    expect(next.sessions[0]?.latest).toEqual([reading]);
    expect(next.sessions[1]).toBe(other);
    expect(needsSnapshot).toBe(false);
  });

  it('keeps the shown reading when an older one arrives late (its point still joins the trend)', () => {
    const reading = observation({ id: 'hr-2', observedAt: minute(2), recordedAt: minute(2) });
    const before = ward(wardSession({ latest: [reading] }));
    const older = observation({ id: 'hr-1', observedAt: minute(1), recordedAt: minute(1) });
    const { next } = patchWard(before, change('observation.recorded', { observation: older }));
    expect(next.sessions[0]?.latest).toBe(before.sessions[0]?.latest);
    expect(next.sessions[0]?.trend.heartRate).toEqual([[at(1), 72]]);
  });

  it('changes nothing for a reading of a kind it neither shows latest nor trends, when older', () => {
    const reading = observation({ id: 'rr-2', kind: 'respiratoryRate', value: 16, observedAt: minute(2), recordedAt: minute(2) });
    const before = ward(wardSession({ latest: [reading] }));
    const older = observation({ id: 'rr-1', kind: 'respiratoryRate', value: 15, observedAt: minute(1), recordedAt: minute(1) });
    expect(patchWard(before, change('observation.recorded', { observation: older })).next).toBe(before);
  });

  it('swaps a corrected reading for its correction', () => {
    const original = observation({ id: 'bp-1', kind: 'bloodPressure', value: 180, value2: 80 });
    const correction = observation({ id: 'bp-2', kind: 'bloodPressure', value: 130, value2: 80, status: 'amended', amendsId: 'bp-1', recordedAt: minute(3) });
    const before = ward(wardSession({ latest: [original] }));

    const { next, needsSnapshot } = patchWard(
      before,
      change('observation.corrected', { observation: correction, replaced: { ...original, supersededById: 'bp-2' } }),
    );

    expect(next.sessions[0]?.latest).toEqual([correction]);
    expect(needsSnapshot).toBe(false);
  });

  it('drops a reading entered in error and asks for a snapshot to find the one before it', () => {
    const shown = observation({ id: 'hr-9' });
    const before = ward(wardSession({ latest: [shown, observation({ id: 'spo2-1', kind: 'spo2', value: 98 })] }));

    const { next, needsSnapshot } = patchWard(
      before,
      change('observation.enteredInError', { observation: { ...shown, status: 'entered-in-error', statusReason: 'wrong chair' } }),
    );

    expect(next.sessions[0]?.latest.map((reading) => reading.id)).toEqual(['spo2-1']);
    expect(needsSnapshot).toBe(true);
  });

  it('ignores a withdrawn reading that is not the one on screen', () => {
    const before = ward(wardSession({ latest: [observation({ id: 'hr-new', observedAt: minute(5) })] }));
    const old = observation({ id: 'hr-old', status: 'entered-in-error' });
    expect(patchWard(before, change('observation.enteredInError', { observation: old }))).toEqual({ next: before, needsSnapshot: false });
  });

  it('keeps the newest side effect and follows its corrections and withdrawals', () => {
    const first = sideEffect({ id: 'se-1', observedAt: minute(1), recordedAt: minute(1) });
    let current = ward(wardSession({ latestSideEffect: first }));

    const severe = sideEffect({ id: 'se-2', severity: 'severe', observedAt: minute(2), recordedAt: minute(2) });
    current = patchWard(current, change('sideEffect.recorded', { sideEffect: severe })).next;
    expect(current.sessions[0]?.latestSideEffect).toEqual(severe);

    const outcome = patchWard(current, change('sideEffect.enteredInError', { sideEffect: { ...severe, status: 'entered-in-error' } }));
    expect(outcome.next.sessions[0]?.latestSideEffect).toBeNull();
    expect(outcome.needsSnapshot).toBe(true);
  });

  it('adds a checked-in session in chair order and removes a discharged one', () => {
    const chairTwo = wardSession({ id: OTHER_SESSION_ID, chair: { id: 'c2', label: 'Chair 2', room: '' } });
    const before = ward(chairTwo);
    const checkedIn = summary({ phase: 'baseline', chair: { id: 'c1', label: 'Chair 1', room: 'Room A' } });

    const added = patchWard(
      { ...before, chairs: [chair('c1', 'Chair 1', 'Room A'), chairTwo.chair] },
      change('session.phaseChanged', { session: checkedIn, transition: transition('baseline', minute(0), 'scheduled') }),
    );
    expect(added.next.sessions.map((session) => session.id)).toEqual([SESSION_ID, OTHER_SESSION_ID]);
    expect(added.needsSnapshot).toBe(false);

    const discharged = summary({ phase: 'discharged' });
    const removed = patchWard(added.next, change('session.phaseChanged', { session: discharged, transition: transition('discharged', minute(90), 'recovery') }));
    expect(removed.next.sessions).toEqual([chairTwo]);
  });

  it('updates the phase from an infusion event and keeps the readings', () => {
    const reading = observation({ id: 'hr-1' });
    const before = ward(wardSession({ phase: 'baseline', latest: [reading] }));
    const started = summary({ phase: 'infusing' });

    const { next } = patchWard(
      before,
      change('infusion.recorded', {
        session: started,
        event: { id: 'e1', sessionId: SESSION_ID, kind: 'started', at: minute(10), atOffsetMinutes: 0, rateMgPerHour: null, drug: null, dose: null, doseUnit: null, route: null, reason: null, recordedAt: minute(10), recordedBy: 'n1', recordedByName: 'Nurse' },
      }),
    );

    expect(next.sessions[0]?.phase).toBe('infusing');
    expect(next.sessions[0]?.latest).toEqual([reading]);
  });

  it('asks for a snapshot when an unknown session shows up already running', () => {
    const { next, needsSnapshot } = patchWard(ward(), change('session.phaseChanged', { session: summary({ phase: 'paused' }), transition: transition('paused', minute(20), 'infusing') }));
    expect(next.sessions).toHaveLength(1);
    expect(needsSnapshot).toBe(true);
  });

  it('asks for a snapshot when a session appears on a chair the snapshot did not list', () => {
    const checkedIn = summary({ phase: 'baseline', chair: { id: 'new-chair', label: 'Chair 13', room: '' } });
    const outcome = patchWard(ward(), change('session.phaseChanged', { session: checkedIn, transition: transition('baseline', minute(0), 'scheduled') }));
    expect(outcome.next.sessions).toHaveLength(1);
    expect(outcome.needsSnapshot).toBe(true);
  });
});

describe('patchWard: sparkline trends', () => {
  const withTrend = (trend: Partial<WardSession['trend']>) => ward(wardSession({ trend: { heartRate: [], systolic: [], spo2: [], ...trend } }));

  it('appends heart rate, SpO₂ and systolic readings to their trends, in time order', () => {
    let current = withTrend({ heartRate: [[at(1), 70]] });
    current = patchWard(current, change('observation.recorded', { observation: observation({ id: 'hr', value: 80, observedAt: minute(3) }) })).next;
    current = patchWard(current, change('observation.recorded', { observation: observation({ id: 'hr-late', value: 75, observedAt: minute(2) }) })).next;
    current = patchWard(current, change('observation.recorded', { observation: observation({ id: 'sp', kind: 'spo2', value: 97, observedAt: minute(3) }) })).next;
    current = patchWard(
      current,
      change('observation.recorded', { observation: observation({ id: 'bp', kind: 'bloodPressure', value: 141, value2: 88, observedAt: minute(3) }) }),
    ).next;
    current = patchWard(current, change('observation.recorded', { observation: observation({ id: 'rr', kind: 'respiratoryRate', value: 16, observedAt: minute(3) }) })).next;

    expect(current.sessions[0]?.trend).toEqual({
      heartRate: [
        [at(1), 70],
        [at(2), 75],
        [at(3), 80],
      ],
      spo2: [[at(3), 97]],
      systolic: [[at(3), 141]],
    });
  });

  it('moves a corrected reading’s point and removes one entered in error', () => {
    const original = observation({ id: 'hr-1', value: 180, observedAt: minute(1) });
    let current = withTrend({
      heartRate: [
        [at(0), 70],
        [at(1), 180],
        [at(2), 72],
      ],
    });
    const correction = observation({ id: 'hr-1b', value: 80, observedAt: minute(1), status: 'amended', amendsId: 'hr-1', recordedAt: minute(5) });
    current = patchWard(current, change('observation.corrected', { observation: correction, replaced: { ...original, supersededById: 'hr-1b' } })).next;
    expect(current.sessions[0]?.trend.heartRate).toEqual([
      [at(0), 70],
      [at(1), 80],
      [at(2), 72],
    ]);

    const withdrawn = observation({ id: 'hr-2', value: 72, observedAt: minute(2), status: 'entered-in-error' });
    current = patchWard(current, change('observation.enteredInError', { observation: withdrawn })).next;
    expect(current.sessions[0]?.trend.heartRate).toEqual([
      [at(0), 70],
      [at(1), 80],
    ]);
  });

  it('leaves the trend alone for a withdrawn reading the server’s thinning had not kept', () => {
    const before = withTrend({ heartRate: [[at(0), 70]] });
    const withdrawn = observation({ id: 'gone', value: 99, observedAt: minute(7), status: 'entered-in-error' });
    const { next } = patchWard(before, change('observation.enteredInError', { observation: withdrawn }));
    expect(next.sessions[0]?.trend).toBe(before.sessions[0]?.trend);
  });

  it('thins a trend that outgrows twice the server’s budget back to it, keeping both ends', () => {
    const points: Array<[number, number]> = Array.from({ length: TREND_POINTS * 2 }, (_, index) => [at(index), 60 + (index % 9)]);
    const before = withTrend({ heartRate: points });
    const { next } = patchWard(before, change('observation.recorded', { observation: observation({ id: 'new', value: 140, observedAt: minute(200) }) }));
    const trend = next.sessions[0]?.trend.heartRate ?? [];
    expect(trend).toHaveLength(TREND_POINTS);
    expect(trend[0]).toEqual(points[0]);
    expect(trend.at(-1)).toEqual([at(200), 140]);
  });

  it('gives only the changed session a new trend; other cards keep theirs', () => {
    const other = wardSession({ id: OTHER_SESSION_ID, chair: { id: 'c2', label: 'Chair 2', room: '' }, trend: { heartRate: [[at(0), 60]], systolic: [], spo2: [] } });
    const before = ward(wardSession(), other);
    const { next } = patchWard(before, change('observation.recorded', { observation: observation({ id: 'x', observedAt: minute(1) }) }));
    expect(next.sessions[1]).toBe(other);
    expect(next.sessions[0]?.trend.spo2).toBe(before.sessions[0]?.trend.spo2);
  });
});
