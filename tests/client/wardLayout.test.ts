import { describe, expect, it } from 'vitest';
import { isFlagged, staleness, wardEntries } from '../../client/src/features/overview/wardLayout.ts';
import { OTHER_SESSION_ID, chair, minute, observation, sideEffect, ward, wardSession } from './fixtures.ts';

const at = (m: number): number => Date.parse(minute(m));

const label = (entry: ReturnType<typeof wardEntries>[number]): string =>
  entry.kind === 'session' ? `${entry.session.chair.label}: ${entry.session.patient.name}` : `${entry.chair.label}: free`;

describe('the wall: one card per chair', () => {
  const chairs = [chair('c10', 'Chair 10'), chair('c2', 'Chair 2'), chair('c1', 'Chair 1'), chair('c3', 'Chair 3')];
  const calm = wardSession({
    id: 'calm',
    chair: chairs[2] as (typeof chairs)[number],
    patient: { id: 'p1', mrn: 'MRN-1', name: 'Calm', dateOfBirth: '1980-01-01', weightKg: 80 },
    latest: [observation({ id: 'hr-calm', observedAt: minute(58) })],
    phaseChangedAt: minute(0),
  });
  const flagged = wardSession({
    id: OTHER_SESSION_ID,
    chair: chairs[0] as (typeof chairs)[number],
    patient: { id: 'p2', mrn: 'MRN-2', name: 'Flagged', dateOfBirth: '1980-01-01', weightKg: 80 },
    latest: [observation({ id: 'bp', kind: 'bloodPressure', value: 182, value2: 100, abnormal: true, observedAt: minute(59) })],
    latestSideEffect: sideEffect({ id: 'se', severity: 'severe' }),
    phaseChangedAt: minute(0),
  });

  it('orders by chair label as people read them, free chairs in their place', () => {
    const entries = wardEntries(ward([flagged, calm], chairs), 'chair', at(60));
    expect(entries.map(label)).toEqual(['Chair 1: Calm', 'Chair 2: free', 'Chair 3: free', 'Chair 10: Flagged']);
  });

  it('orders by urgency: the flagged chair with a severe side effect first, free chairs last', () => {
    const entries = wardEntries(ward([calm, flagged], chairs), 'urgency', at(60));
    expect(entries.map(label)).toEqual(['Chair 10: Flagged', 'Chair 1: Calm', 'Chair 2: free', 'Chair 3: free']);
    expect(isFlagged(flagged)).toBe(true);
    expect(isFlagged(calm)).toBe(false);
  });

  it('puts a quiet chair (stale) above a calm one when ordering by urgency', () => {
    const quiet = wardSession({
      id: 'quiet',
      chair: chairs[1] as (typeof chairs)[number],
      phase: 'infusing',
      latest: [observation({ id: 'hr-old', observedAt: minute(30) })],
      phaseChangedAt: minute(0),
    });
    expect(wardEntries(ward([calm, quiet], chairs), 'urgency', at(60)).map((entry) => entry.key)).toEqual([
      'session:quiet',
      'session:calm',
      'chair:c3',
      'chair:c10',
    ]);
  });

  it('never loses a session whose chair the snapshot does not list', () => {
    const stray = wardSession({ id: 'stray', chair: chair('c99', 'Chair 99') });
    expect(wardEntries(ward([stray], [chair('c1', 'Chair 1')]), 'chair', at(0)).map((entry) => entry.key)).toEqual(['chair:c1', 'session:stray']);
  });
});

describe('staleness', () => {
  it('says a chair is stale past its phase cadence plus grace (infusing: 10 + 5 min), with how long it has been quiet', () => {
    const session = wardSession({ phase: 'infusing', phaseChangedAt: minute(0), latest: [observation({ id: 'hr', observedAt: minute(10) })] });
    expect(staleness(session, at(24))).toEqual({ stale: false, quietMinutes: 14, cadenceMinutes: 10 });
    expect(staleness(session, at(26))).toEqual({ stale: true, quietMinutes: 16, cadenceMinutes: 10 });
  });

  it('counts from the phase start when nothing was recorded yet, and uses the newest reading of any kind', () => {
    const empty = wardSession({ phase: 'baseline', phaseChangedAt: minute(0), latest: [] });
    expect(staleness(empty, at(21)).stale).toBe(true);
    const mixed = wardSession({
      phase: 'recovery',
      phaseChangedAt: minute(0),
      latest: [observation({ id: 'a', observedAt: minute(1) }), observation({ id: 'b', kind: 'spo2', observedAt: minute(30) })],
    });
    expect(staleness(mixed, at(40)).stale).toBe(false);
  });
});
