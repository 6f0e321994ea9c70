import { describe, expect, it } from 'vitest';
import { patchSessionRecord } from '../../client/src/realtime/sessionPatch.ts';
import { OTHER_SESSION_ID, change, minute, observation, sessionRecord, sideEffect, summary, transition } from './fixtures.ts';

describe('patchSessionRecord', () => {
  it('shows a newer reading as the latest of its kind and counts it', () => {
    const before = sessionRecord({ latest: [observation({ id: 'hr-1', observedAt: minute(1) })], observationCount: 1 });
    const reading = observation({ id: 'hr-2', value: 99, observedAt: minute(2), recordedAt: minute(2) });

    const { next, needsSnapshot } = patchSessionRecord(before, change('observation.recorded', { observation: reading }));

    expect(next.latest).toEqual([reading]);
    expect(next.observationCount).toBe(2);
    expect(needsSnapshot).toBe(false);
  });

  it('keeps the latest reading when an older one arrives late, but still counts it', () => {
    const shown = observation({ id: 'hr-2', observedAt: minute(2), recordedAt: minute(2) });
    const before = sessionRecord({ latest: [shown], observationCount: 1 });
    const { next } = patchSessionRecord(before, change('observation.recorded', { observation: observation({ id: 'hr-1', observedAt: minute(1) }) }));
    expect(next.latest).toEqual([shown]);
    expect(next.observationCount).toBe(2);
  });

  it('swaps a corrected latest reading for its correction; the new version counts as a row', () => {
    const original = observation({ id: 'a', value: 150 });
    const correction = observation({ id: 'b', value: 75, status: 'amended', amendsId: 'a', recordedAt: minute(2) });
    const before = sessionRecord({ latest: [original], observationCount: 1 });

    const { next } = patchSessionRecord(before, change('observation.corrected', { observation: correction, replaced: { ...original, supersededById: 'b' } }));

    expect(next.latest).toEqual([correction]);
    expect(next.observationCount).toBe(2);
  });

  it('drops a latest reading entered in error and asks for the one before it', () => {
    const reading = observation({ id: 'a' });
    const { next, needsSnapshot } = patchSessionRecord(
      sessionRecord({ latest: [reading], observationCount: 3 }),
      change('observation.enteredInError', { observation: { ...reading, status: 'entered-in-error', statusReason: 'wrong patient' } }),
    );
    expect(next.latest).toEqual([]);
    expect(next.observationCount).toBe(3);
    expect(needsSnapshot).toBe(true);
  });

  it('records side effects and their corrections, both versions kept', () => {
    const note = sideEffect({ id: 's1' });
    const corrected = sideEffect({ id: 's2', severity: 'moderate', status: 'amended', amendsId: 's1', recordedAt: minute(1) });
    let record = patchSessionRecord(sessionRecord(), change('sideEffect.recorded', { sideEffect: note })).next;
    record = patchSessionRecord(record, change('sideEffect.corrected', { sideEffect: corrected, replaced: { ...note, supersededById: 's2' } })).next;
    expect(record.sideEffects.map((entry) => [entry.id, entry.supersededById])).toEqual([
      ['s1', 's2'],
      ['s2', null],
    ]);
  });

  it('returns the same record for a side effect it already holds', () => {
    const note = sideEffect({ id: 's1' });
    const before = sessionRecord({ sideEffects: [note] });
    expect(patchSessionRecord(before, change('sideEffect.recorded', { sideEffect: { ...note } })).next).toBe(before);
  });

  it('takes phase changes from the summary and keeps the record’s own fields', () => {
    const reading = observation({ id: 'a' });
    const before = sessionRecord({ phase: 'infusing', latest: [reading], observationCount: 7, seq: 42 });
    const { next } = patchSessionRecord(
      before,
      change('session.phaseChanged', { session: summary({ phase: 'recovery' }), transition: transition('recovery', minute(50), 'infusing') }),
    );
    expect(next.phase).toBe('recovery');
    expect(next.latest).toBe(before.latest);
    expect(next.observationCount).toBe(7);
    expect(next.seq).toBe(42);
  });

  it('ignores changes for other sessions', () => {
    const before = sessionRecord();
    const elsewhere = observation({ id: 'x', sessionId: OTHER_SESSION_ID });
    expect(patchSessionRecord(before, change('observation.recorded', { observation: elsewhere }, OTHER_SESSION_ID)).next).toBe(before);
  });
});
