import { describe, expect, it } from 'vitest';
import { type ObservationPages, patchObservationPages } from '../../client/src/realtime/pagesPatch.ts';
import { type CachedSeries, cacheSeries, patchSeries } from '../../client/src/realtime/seriesPatch.ts';
import type { Observation } from '../../shared/schemas/observation.ts';
import { SESSION_ID, change, minute, observation } from './fixtures.ts';

const at = (m: number): number => Date.parse(minute(m));

function series(overrides: Partial<CachedSeries> = {}): CachedSeries {
  return {
    ...cacheSeries({
      sessionId: SESSION_ID,
      from: null,
      to: null,
      downsampled: false,
      seq: 10,
      series: [{ kind: 'heartRate', t: [at(0), at(1)], v: [70, 72], v2: null, abnormal: [0, 0] }],
    }),
    ...overrides,
  };
}

describe('patchSeries (chart columns)', () => {
  it('appends a live reading to its kind, keeping the snapshot mark and the other columns', () => {
    const before = series();
    const { next, needsSnapshot } = patchSeries(before, change('observation.recorded', { observation: observation({ id: 'hr', value: 95, observedAt: minute(2), abnormal: true }) }));
    expect(next.series[0]).toEqual({ kind: 'heartRate', t: [at(0), at(1), at(2)], v: [70, 72, 95], v2: null, abnormal: [0, 0, 1] });
    expect(next.snapshot).toBe(before.snapshot);
    expect(needsSnapshot).toBe(false);
  });

  it('inserts a late reading in time order and starts a column for a new kind (diastolic alongside)', () => {
    let current = series();
    current = patchSeries(current, change('observation.recorded', { observation: observation({ id: 'late', value: 71, observedAt: new Date(at(0) + 30_000).toISOString() }) })).next;
    current = patchSeries(
      current,
      change('observation.recorded', { observation: observation({ id: 'bp', kind: 'bloodPressure', value: 130, value2: 80, observedAt: minute(1) }) }),
    ).next;
    expect(current.series[0]?.v).toEqual([70, 71, 72]);
    expect(current.series[1]).toEqual({ kind: 'bloodPressure', t: [at(1)], v: [130], v2: [80], abnormal: [0] });
  });

  it('takes into a zoomed window only readings inside it', () => {
    const window = series({ from: at(0), to: at(1) });
    expect(patchSeries(window, change('observation.recorded', { observation: observation({ id: 'out', observedAt: minute(5) }) })).next).toBe(window);
  });

  it('asks for the columns again after a correction or a withdrawal', () => {
    const before = series();
    const corrected = observation({ id: 'b', value: 80, status: 'amended', amendsId: 'a' });
    expect(patchSeries(before, change('observation.corrected', { observation: corrected, replaced: observation({ id: 'a', supersededById: 'b' }) }))).toEqual({
      next: before,
      needsSnapshot: true,
    });
    expect(patchSeries(before, change('observation.enteredInError', { observation: observation({ id: 'a', status: 'entered-in-error' }) })).needsSnapshot).toBe(true);
  });

  it('marks every new server answer with a new snapshot number', () => {
    expect(series().snapshot).not.toBe(series().snapshot);
  });
});

function pages(...lists: Array<{ observations: Observation[]; nextBefore: string | null }>): ObservationPages {
  return { pages: lists.map((list) => ({ ...list, seq: 10 })), pageParams: lists.map((_, index) => (index === 0 ? null : `p${index}`)) };
}

const ids = (data: ObservationPages): string[][] => data.pages.map((page) => page.observations.map((row) => row.id));

describe('patchObservationPages (table pages)', () => {
  const newest = observation({ id: 'n', observedAt: minute(10) });
  const middle = observation({ id: 'm', observedAt: minute(5) });
  const oldest = observation({ id: 'o', observedAt: minute(1) });

  it('puts a new reading at the top of the first page', () => {
    const { next } = patchObservationPages(pages({ observations: [newest, middle], nextBefore: 'x' }), change('observation.recorded', { observation: observation({ id: 'new', observedAt: minute(11) }) }), 'all');
    expect(ids(next)).toEqual([['new', 'n', 'm']]);
  });

  it('puts a late reading where it belongs among the loaded pages, and leaves older ones to the next page', () => {
    const data = pages({ observations: [newest, middle], nextBefore: 'p1' }, { observations: [oldest], nextBefore: 'p2' });
    const late = observation({ id: 'late', observedAt: minute(3) });
    expect(ids(patchObservationPages(data, change('observation.recorded', { observation: late }), 'all').next)).toEqual([['n', 'm'], ['late', 'o']]);
    const older = observation({ id: 'older', observedAt: minute(0) });
    expect(patchObservationPages(data, change('observation.recorded', { observation: older }), 'all').next).toBe(data);
  });

  it('respects the filter of each entry', () => {
    const data = pages({ observations: [], nextBefore: null });
    const device = observation({ id: 'd', source: 'device' });
    const manual = observation({ id: 'm', source: 'manual', abnormal: true });
    expect(patchObservationPages(data, change('observation.recorded', { observation: device }), 'manual').next).toBe(data);
    expect(ids(patchObservationPages(data, change('observation.recorded', { observation: manual }), 'manual').next)).toEqual([['m']]);
    expect(ids(patchObservationPages(data, change('observation.recorded', { observation: manual }), 'abnormal').next)).toEqual([['m']]);
  });

  it('marks the original of a correction superseded and adds the new version beside it', () => {
    const original = observation({ id: 'a', value: 150, observedAt: minute(5) });
    const correction = observation({ id: 'b', value: 75, observedAt: minute(5), status: 'amended', amendsId: 'a', recordedAt: minute(9) });
    const data = pages({ observations: [newest, original, oldest], nextBefore: null });
    const { next } = patchObservationPages(data, change('observation.corrected', { observation: correction, replaced: { ...original, supersededById: 'b' } }), 'all');
    expect(next.pages[0]?.observations.map((row) => [row.id, row.status, row.supersededById])).toEqual([
      ['n', 'final', null],
      ['b', 'amended', null],
      ['a', 'final', 'b'],
      ['o', 'final', null],
    ]);
  });

  it('updates a withdrawn reading in place, and a replayed change changes nothing', () => {
    const data = pages({ observations: [newest, middle], nextBefore: null });
    const withdrawn = { ...middle, status: 'entered-in-error' as const, statusReason: 'wrong chair' };
    const once = patchObservationPages(data, change('observation.enteredInError', { observation: withdrawn }), 'all').next;
    expect(once.pages[0]?.observations[1]).toEqual(withdrawn);
    expect(patchObservationPages(once, change('observation.enteredInError', { observation: { ...withdrawn } }), 'all').next).toBe(once);
    expect(patchObservationPages(once, change('observation.recorded', { observation: { ...newest } }), 'all').next).toBe(once);
  });
});
