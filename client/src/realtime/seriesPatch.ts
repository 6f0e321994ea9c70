import type { ChangeEvent } from '../../../shared/realtime/changes.ts';
import { isCurrentRecord } from '../../../shared/records.ts';
import type { Observation } from '../../../shared/schemas/observation.ts';
import type { SessionSeries, VitalSeries } from '../../../shared/schemas/series.ts';
import { type PatchOutcome, unchanged } from './patchOutcome.ts';

/**
 * A session's chart columns as cached: the server's answer plus `snapshot`, a number that changes
 * only when a new answer arrives (patches keep it), so chart memos know when to start afresh.
 */
export interface CachedSeries extends SessionSeries {
  snapshot: number;
}

let snapshots = 0;

export function cacheSeries(series: SessionSeries): CachedSeries {
  snapshots += 1;
  return { ...series, snapshot: snapshots };
}

/**
 * Keeps chart columns current: a new reading is appended to its kind (or inserted in time order
 * when it arrives late); a window (`from`/`to`) takes only readings inside it. A correction or a
 * withdrawal is rare and may touch any point, so it asks for the columns again.
 *
 * Appending is not idempotent: the live feed applies each change once, after the series' own `seq`.
 */
export function patchSeries(series: CachedSeries, change: ChangeEvent): PatchOutcome<CachedSeries> {
  if (change.sessionId !== series.sessionId) return unchanged(series);
  switch (change.type) {
    case 'observation.recorded':
      return { next: withReading(series, change.payload.observation), needsSnapshot: false };
    case 'observation.corrected':
    case 'observation.enteredInError':
      return { next: series, needsSnapshot: true };
    default:
      return unchanged(series);
  }
}

function withReading(series: CachedSeries, observation: Observation): CachedSeries {
  if (!isCurrentRecord(observation)) return series;
  const t = Date.parse(observation.observedAt);
  if ((series.from !== null && t < series.from) || (series.to !== null && t > series.to)) return series;
  const index = series.series.findIndex((column) => column.kind === observation.kind);
  const column = index >= 0 ? (series.series[index] as VitalSeries) : emptyColumn(observation);
  const next = insertReading(column, t, observation);
  const list = series.series.slice();
  if (index >= 0) list[index] = next;
  else list.push(next);
  return { ...series, series: list };
}

function emptyColumn(observation: Observation): VitalSeries {
  return { kind: observation.kind, t: [], v: [], v2: observation.kind === 'bloodPressure' ? [] : null, abnormal: [] };
}

/** Live readings nearly always go at the end: search from there, copy once. */
function insertReading(column: VitalSeries, t: number, observation: Observation): VitalSeries {
  let position = column.t.length;
  while (position > 0 && (column.t[position - 1] as number) > t) position--;
  const insert = <T>(values: readonly T[], value: T): T[] =>
    position === values.length ? [...values, value] : [...values.slice(0, position), value, ...values.slice(position)];
  return {
    kind: column.kind,
    t: insert(column.t, t),
    v: insert(column.v, observation.value),
    v2: column.v2 ? insert(column.v2, observation.value2 ?? Number.NaN) : null,
    abnormal: insert<0 | 1>(column.abnormal, observation.abnormal ? 1 : 0),
  };
}
