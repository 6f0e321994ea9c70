import { describe, expect, it } from 'vitest';
import { chartTimeZero, infusionClock } from '../../client/src/clinical/infusionClock.ts';
import { abnormalComponents, formatObservationValue } from '../../client/src/clinical/vitalDisplay.ts';
import { minutesScale, niceScale } from '../../client/src/features/session/chartScale.ts';
import { DRAW_BUDGET, SeriesThinner } from '../../client/src/features/session/charts/seriesView.ts';
import { formatMinuteTick, phaseBands, windowScale } from '../../client/src/features/session/charts/timeAxis.ts';
import { formatAge, formatAgeShort, formatMinutes } from '../../client/src/ui/format.ts';
import type { VitalSeries } from '../../shared/schemas/series.ts';
import { minute, summary, transition } from './fixtures.ts';

const at = (m: number) => Date.parse(minute(m));

describe('infusionClock', () => {
  const history = [transition('scheduled', minute(-5)), transition('baseline', minute(0)), transition('infusing', minute(10))];

  it('counts infused time up to now while the pump runs', () => {
    const clock = infusionClock(summary({ transitions: history, phaseChangedAt: minute(10) }), at(25));
    expect(clock.infusedMinutes).toBe(15);
    expect(clock.phaseMinutes).toBe(15);
  });

  it('leaves pauses out', () => {
    const paused = [...history, transition('paused', minute(20)), transition('infusing', minute(30)), transition('recovery', minute(45))];
    expect(infusionClock(summary({ transitions: paused, phaseChangedAt: minute(45) }), at(60)).infusedMinutes).toBe(25);
  });

  it('puts chart time zero at the infusion start, or at check-in before it', () => {
    expect(chartTimeZero(summary({ transitions: history, infusionStartedAt: minute(10) }))).toEqual({ at: minute(10), reference: 'infusion' });
    expect(chartTimeZero(summary({ transitions: history.slice(0, 2), infusionStartedAt: null }))).toEqual({ at: minute(0), reference: 'checkIn' });
  });
});

describe('vital display', () => {
  it('writes blood pressure as systolic/diastolic at catalogue precision', () => {
    expect(formatObservationValue({ kind: 'bloodPressure', value: 152, value2: 94 })).toBe('152/94');
    expect(formatObservationValue({ kind: 'temperature', value: 38, value2: null })).toBe('38.0');
  });

  it('lists only the components the server flagged', () => {
    const flags = abnormalComponents({ kind: 'bloodPressure', interpretation: { systolic: 'high', diastolic: 'normal' } });
    expect(flags.map((flag) => [flag.component.key, flag.interpretation])).toEqual([['systolic', 'high']]);
  });
});

describe('chart data', () => {
  const zero = Date.parse(minute(0));
  const column = (count: number, stepMs = 1_000, start = zero): VitalSeries => ({
    kind: 'heartRate',
    t: Array.from({ length: count }, (_, index) => start + index * stepMs),
    v: Array.from({ length: count }, (_, index) => 70 + (index % 11)),
    v2: null,
    abnormal: Array.from({ length: count }, (_, index) => (index === 5000 ? 1 : 0)),
  });

  it('draws a short series one point per reading, in minutes from time zero, flags from the server', () => {
    const view = new SeriesThinner().scalar({ ...column(3, 60_000), abnormal: [0, 1, 0], v: [70, 95, 72] }, 1, zero, null);
    expect(view.points).toEqual([
      { minute: 0, value: 70, flag: 'normal' },
      { minute: 1, value: 95, flag: 'high' },
      { minute: 2, value: 72, flag: 'normal' },
    ]);
    expect(view.fullResolution).toBe(true);
  });

  it('thins four hours at 1 Hz to the drawing budget with LTTB, newest readings kept as they are', () => {
    const hours = column(4 * 3600);
    const view = new SeriesThinner().scalar(hours, 1, zero, null);
    expect(view.points.length).toBeLessThanOrEqual(DRAW_BUDGET);
    expect(view.points.length).toBeGreaterThan(DRAW_BUDGET * 0.8);
    expect(view.inView).toBe(4 * 3600);
    expect(view.fullResolution).toBe(false);
    expect(view.points[0]?.minute).toBe(0);
    expect(view.points.at(-1)?.minute).toBeCloseTo((4 * 3600 - 1) / 60);
    const minutes = view.points.map((point) => point.minute);
    expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
  });

  it('appends a live reading without a new LTTB pass over the thinned part', () => {
    const thinner = new SeriesThinner();
    const before = column(4 * 3600);
    const first = thinner.scalar(before, 1, zero, null);
    const after = { ...before, t: [...before.t, zero + 4 * 3600 * 1000], v: [...before.v, 88], abnormal: [...before.abnormal, 0 as const] };
    const second = thinner.scalar(after, 1, zero, null);
    // The thinned prefix is the same; only the raw tail grew by one.
    expect(second.points.length).toBe(first.points.length + 1);
    expect(second.points.slice(0, 200)).toEqual(first.points.slice(0, 200));
    expect(second.points.at(-1)).toEqual({ minute: 240, value: 88, flag: 'normal' });
  });

  it('keeps the drawn history in layers: the same array between live readings, a continuous live tail', () => {
    const thinner = new SeriesThinner();
    const before = column(4 * 3600);
    const first = thinner.scalar(before, 1, zero, null);
    const after = { ...before, t: [...before.t, zero + 4 * 3600 * 1000], v: [...before.v, 88], abnormal: [...before.abnormal, 0 as const] };
    const second = thinner.scalar(after, 1, zero, null);
    expect(second.history).toBe(first.history);
    expect(second.live[0]).toBe(second.history.at(-1));
    expect(second.live.at(-1)).toEqual({ minute: 240, value: 88, flag: 'normal' });
    // A new time zero (the infusion started) redraws the history in the new minutes.
    expect(thinner.scalar(after, 1, zero + 60_000, null).history).not.toBe(first.history);
  });

  it('draws every reading of a zoomed window (full resolution), plus one either side to reach the edges', () => {
    const hours = column(4 * 3600);
    const window = [zero + 60 * 60_000, zero + 70 * 60_000] as const;
    const view = new SeriesThinner().scalar(hours, 1, zero, window);
    expect(view.inView).toBe(601);
    expect(view.points).toHaveLength(603);
    expect(view.fullResolution).toBe(true);
  });

  it('turns blood pressure into systolic, diastolic, MAP and the band between them', () => {
    const bp: VitalSeries = { kind: 'bloodPressure', t: [zero], v: [150], v2: [96], abnormal: [1] };
    expect(new SeriesThinner().pressure(bp, 1, zero, null).points).toEqual([
      { minute: 0, systolic: 150, diastolic: 96, map: 114, band: [96, 150], systolicFlag: 'high', diastolicFlag: 'high' },
    ]);
  });

  it('chooses round bounds that include the normal range, with explicit ticks', () => {
    expect(niceScale([72, 95], [51, 90], 10)).toEqual({ domain: [50, 100], ticks: [50, 60, 70, 80, 90, 100] });
    expect(minutesScale([-9.5, 12], [0, 40])).toEqual({ domain: [-10, 40], ticks: [-10, 0, 10, 20, 30, 40] });
    expect(niceScale([], [], 5)).toEqual({ domain: [0, 5], ticks: [0, 5] });
  });

  it('ticks a zoomed window on round steps and writes minutes as clinicians read them', () => {
    expect(windowScale(12.3, 15.8).ticks).toEqual([12.5, 13, 13.5, 14, 14.5, 15, 15.5]);
    expect(windowScale(0, 60).ticks).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect([formatMinuteTick(-10), formatMinuteTick(0), formatMinuteTick(20), formatMinuteTick(20.5)]).toEqual(['−10', '0', '+20', '+20:30']);
  });

  it('shades the phases from the transitions, the current one left open', () => {
    const transitions = [
      transition('scheduled', minute(-20)),
      transition('baseline', minute(-10)),
      transition('infusing', minute(0)),
      transition('paused', minute(15)),
      transition('infusing', minute(20)),
    ];
    expect(phaseBands(transitions, zero)).toEqual([
      { phase: 'baseline', from: -10, to: 0 },
      { phase: 'infusing', from: 0, to: 15 },
      { phase: 'paused', from: 15, to: 20 },
      { phase: 'infusing', from: 20, to: null },
    ]);
  });
});

describe('formatting', () => {
  it('says how old a reading is in plain words', () => {
    expect(formatAge(2_000)).toBe('just now');
    expect(formatAge(42_000)).toBe('42 s ago');
    expect(formatAge(3 * 60_000 + 5_000)).toBe('3 min ago');
    expect(formatAge(65 * 60_000)).toBe('1 h 05 min ago');
    expect(formatAge(-30_000)).toBe('just now');
    expect(formatMinutes(72)).toBe('1 h 12 min');
    expect([formatAgeShort(1_000), formatAgeShort(42_000), formatAgeShort(180_000), formatAgeShort(65 * 60_000)]).toEqual(['now', '<1 min', '3 min', '1 h 05']);
  });
});
