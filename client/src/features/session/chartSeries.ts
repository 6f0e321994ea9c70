import { lttb } from '../../../../shared/charts/lttb.ts';
import { isCurrentRecord } from '../../../../shared/records.ts';
import type { Observation } from '../../../../shared/schemas/observation.ts';
import { MINUTE_MS } from '../../../../shared/time.ts';
import type { VitalKind } from '../../../../shared/vitals/catalogue.ts';
import type { Interpretation } from '../../../../shared/vitals/interpretation.ts';

/** One plotted reading: minutes from time zero, the value, and the server's flag for it. */
export interface ChartPoint {
  minute: number;
  value: number;
  flag: Interpretation;
  observationId: string;
}

export interface BloodPressurePoint {
  minute: number;
  systolic: number;
  diastolic: number;
  systolicFlag: Interpretation;
  diastolicFlag: Interpretation;
  observationId: string;
}

export interface VitalSeries {
  heartRate: ChartPoint[];
  spo2: ChartPoint[];
  respiratoryRate: ChartPoint[];
  bloodPressure: BloodPressurePoint[];
}

/**
 * Splits a session's readings into chart series. Only current readings are drawn: a corrected
 * value replaces the original, a reading entered in error disappears. Input is chronological.
 */
export function buildVitalSeries(observations: readonly Observation[], timeZero: string): VitalSeries {
  const zero = Date.parse(timeZero);
  const minuteOf = (observation: Observation) => (Date.parse(observation.observedAt) - zero) / MINUTE_MS;
  const series: VitalSeries = { heartRate: [], spo2: [], respiratoryRate: [], bloodPressure: [] };
  for (const observation of observations) {
    if (!isCurrentRecord(observation)) continue;
    const minute = minuteOf(observation);
    if (observation.kind === 'bloodPressure') {
      if (observation.value2 === null) continue;
      series.bloodPressure.push({
        minute,
        systolic: observation.value,
        diastolic: observation.value2,
        systolicFlag: observation.interpretation.systolic ?? 'normal',
        diastolicFlag: observation.interpretation.diastolic ?? 'normal',
        observationId: observation.id,
      });
    } else if (isScalarSeriesKind(observation.kind)) {
      series[observation.kind].push({ minute, value: observation.value, flag: observation.interpretation.value ?? 'normal', observationId: observation.id });
    }
  }
  return series;
}

function isScalarSeriesKind(kind: VitalKind): kind is 'heartRate' | 'spo2' | 'respiratoryRate' {
  return kind === 'heartRate' || kind === 'spo2' || kind === 'respiratoryRate';
}

/**
 * At most `maxPoints` points of a dense stream (the monitor sends one every 5 s), keeping its
 * shape with LTTB. LTTB may skip a flagged reading between two kept ones; those are always drawn.
 */
export function thinForDrawing(points: ChartPoint[], maxPoints: number): ChartPoint[] {
  if (points.length <= maxPoints) return points;
  const kept = lttb(
    points.map((point) => ({ x: point.minute, y: point.value, point })),
    maxPoints,
  ).map((sample) => sample.point);
  const keptIds = new Set(kept.map((point) => point.observationId));
  const droppedFlags = points.filter((point) => point.flag !== 'normal' && !keptIds.has(point.observationId));
  return droppedFlags.length === 0 ? kept : [...kept, ...droppedFlags].sort((a, b) => a.minute - b.minute);
}

/** Every minute value drawn on any chart, for one shared time axis. */
export function allMinutes(series: VitalSeries): number[] {
  return [
    ...series.heartRate.map((point) => point.minute),
    ...series.spo2.map((point) => point.minute),
    ...series.respiratoryRate.map((point) => point.minute),
    ...series.bloodPressure.map((point) => point.minute),
  ];
}
