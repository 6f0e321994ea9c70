import { describe, expect, it } from 'vitest';
import { patchSessionRecord } from '../../client/src/realtime/sessionPatch.ts';
import { OTHER_SESSION_ID, change, minute, observation, sessionRecord, sideEffect, summary, transition } from './fixtures.ts';

describe('patchSessionRecord', () => {
  it('inserts readings in observed-time order, even when they arrive late', () => {
    const early = observation({ id: 'a', observedAt: minute(1), recordedAt: minute(1) });
    const late = observation({ id: 'c', observedAt: minute(3), recordedAt: minute(3) });
    const backfilled = observation({ id: 'b', observedAt: minute(2), recordedAt: minute(4) });
    const before = sessionRecord({ observations: [early, late] });

    const { next } = patchSessionRecord(before, change('observation.recorded', { observation: backfilled }));

    expect(next.observations.map((reading) => reading.id)).toEqual(['a', 'b', 'c']);
  });

  it('returns the same record for a replayed change', () => {
    const reading = observation({ id: 'a' });
    const before = sessionRecord({ observations: [reading] });
    expect(patchSessionRecord(before, change('observation.recorded', { observation: { ...reading } })).next).toBe(before);
  });

  it('keeps both versions of a correction, the original marked superseded', () => {
    const original = observation({ id: 'a', value: 150 });
    const correction = observation({ id: 'b', value: 75, status: 'amended', amendsId: 'a', recordedAt: minute(2) });
    const before = sessionRecord({ observations: [original] });

    const { next } = patchSessionRecord(
      before,
      change('observation.corrected', { observation: correction, replaced: { ...original, supersededById: 'b' } }),
    );

    expect(next.observations.map((reading) => [reading.id, reading.supersededById, reading.status])).toEqual([
      ['a', 'b', 'final'],
      ['b', null, 'amended'],
    ]);
  });

  it('marks a reading entered in error in place', () => {
    const reading = observation({ id: 'a' });
    const { next } = patchSessionRecord(
      sessionRecord({ observations: [reading] }),
      change('observation.enteredInError', { observation: { ...reading, status: 'entered-in-error', statusReason: 'wrong patient' } }),
    );
    expect(next.observations).toEqual([{ ...reading, status: 'entered-in-error', statusReason: 'wrong patient' }]);
  });

  it('records side effects and their corrections', () => {
    const note = sideEffect({ id: 's1' });
    const corrected = sideEffect({ id: 's2', severity: 'moderate', status: 'amended', amendsId: 's1', recordedAt: minute(1) });
    let record = patchSessionRecord(sessionRecord(), change('sideEffect.recorded', { sideEffect: note })).next;
    record = patchSessionRecord(record, change('sideEffect.corrected', { sideEffect: corrected, replaced: { ...note, supersededById: 's2' } })).next;
    expect(record.sideEffects.map((entry) => [entry.id, entry.supersededById])).toEqual([
      ['s1', 's2'],
      ['s2', null],
    ]);
  });

  it('takes phase changes from the summary and keeps the record lists', () => {
    const reading = observation({ id: 'a' });
    const before = sessionRecord({ phase: 'infusing', observations: [reading], seq: 42 });
    const { next } = patchSessionRecord(
      before,
      change('session.phaseChanged', { session: summary({ phase: 'recovery' }), transition: transition('recovery', minute(50), 'infusing') }),
    );
    expect(next.phase).toBe('recovery');
    expect(next.observations).toBe(before.observations);
    expect(next.seq).toBe(42);
  });

  it('ignores changes for other sessions', () => {
    const before = sessionRecord();
    const elsewhere = observation({ id: 'x', sessionId: OTHER_SESSION_ID });
    expect(patchSessionRecord(before, change('observation.recorded', { observation: elsewhere }, OTHER_SESSION_ID)).next).toBe(before);
  });
});
