import { describe, expect, it } from 'vitest';
import { chartTimeZero, infusionClock } from '../../client/src/clinical/infusionClock.ts';
import { abnormalComponents, formatObservationValue } from '../../client/src/clinical/vitalDisplay.ts';
import { buildVitalSeries, thinForDrawing } from '../../client/src/features/session/chartSeries.ts';
import { minutesScale, niceScale } from '../../client/src/features/session/chartScale.ts';
import { formatAge, formatMinutes } from '../../client/src/ui/format.ts';
import { minute, observation, summary, transition } from './fixtures.ts';

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
  it('draws only current readings, in minutes from time zero', () => {
    const series = buildVitalSeries(
      [
        observation({ id: 'a', observedAt: minute(12) }),
        observation({ id: 'b', observedAt: minute(13), status: 'entered-in-error' }),
        observation({ id: 'c', observedAt: minute(14), supersededById: 'd' }),
        observation({ id: 'd', observedAt: minute(14), status: 'amended', value: 70 }),
        observation({ id: 'e', kind: 'bloodPressure', value: 150, value2: 90, interpretation: { systolic: 'high', diastolic: 'normal' }, observedAt: minute(15) }),
      ],
      minute(10),
    );
    expect(series.heartRate.map((point) => [point.observationId, point.minute])).toEqual([
      ['a', 2],
      ['d', 4],
    ]);
    expect(series.bloodPressure).toEqual([
      { minute: 5, systolic: 150, diastolic: 90, systolicFlag: 'high', diastolicFlag: 'normal', observationId: 'e' },
    ]);
  });

  it('thins a long stream but keeps every flagged reading', () => {
    const points = Array.from({ length: 2000 }, (_, index) => ({
      minute: index / 12,
      value: 70 + (index % 7),
      flag: index === 1001 ? ('high' as const) : ('normal' as const),
      observationId: `p${index}`,
    }));
    const drawn = thinForDrawing(points, 300);
    expect(drawn.length).toBeLessThanOrEqual(301);
    expect(drawn.some((point) => point.observationId === 'p1001')).toBe(true);
    expect(drawn.map((point) => point.minute)).toEqual([...drawn.map((point) => point.minute)].sort((a, b) => a - b));
  });

  it('chooses round bounds that include the normal range, with explicit ticks', () => {
    expect(niceScale([72, 95], [51, 90], 10)).toEqual({ domain: [50, 100], ticks: [50, 60, 70, 80, 90, 100] });
    expect(minutesScale([-9.5, 12], [0, 40])).toEqual({ domain: [-10, 40], ticks: [-10, 0, 10, 20, 30, 40] });
    expect(niceScale([], [], 5)).toEqual({ domain: [0, 5], ticks: [0, 5] });
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
  });
});
