import { describe, expect, it } from 'vitest';
import { type WardSnapshot, patchWard } from '../../client/src/realtime/wardPatch.ts';
import { OTHER_SESSION_ID, SESSION_ID, change, minute, observation, sideEffect, summary, transition, wardSession } from './fixtures.ts';

const ward = (...sessions: WardSnapshot['sessions']): WardSnapshot => ({ seq: 10, sessions });

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

  it('is idempotent: the same change twice, or an older reading, changes nothing', () => {
    const reading = observation({ id: 'hr-2', observedAt: minute(2), recordedAt: minute(2) });
    const before = ward(wardSession({ latest: [reading] }));
    expect(patchWard(before, change('observation.recorded', { observation: { ...reading } })).next).toBe(before);
    const older = observation({ id: 'hr-1', observedAt: minute(1), recordedAt: minute(1) });
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

    const added = patchWard(before, change('session.phaseChanged', { session: checkedIn, transition: transition('baseline', minute(0), 'scheduled') }));
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
});
