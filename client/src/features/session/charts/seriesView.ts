import { lttb } from '../../../../../shared/charts/lttb.ts';
import type { VitalSeries } from '../../../../../shared/schemas/series.ts';
import { VITALS, type VitalKind } from '../../../../../shared/vitals/catalogue.ts';
import type { Interpretation } from '../../../../../shared/vitals/interpretation.ts';
import { minuteOf } from './timeAxis.ts';

/** Points per series on screen: about one per two pixels of a wide chart; more only costs SVG nodes. */
export const DRAW_BUDGET = 400;
/** Inside a zoomed window up to this many readings are drawn one for one ("full resolution"). */
export const FULL_RESOLUTION_LIMIT = 2_000;
/**
 * The newest readings are drawn as they are; everything before is thinned with LTTB in chunks,
 * so appending one reading redraws the tail and the thinned part is recomputed once a chunk.
 */
const TAIL_MIN = 50;
const CHUNK = 60;

export interface ScalarPoint {
  minute: number;
  value: number;
  flag: Interpretation;
}

export interface PressurePoint {
  minute: number;
  systolic: number;
  diastolic: number;
  /** Mean arterial pressure from the cuff reading: (SBP + 2 × DBP) / 3. */
  map: number;
  /** Diastolic to systolic, for the band between the two lines. */
  band: [number, number];
  systolicFlag: Interpretation;
  diastolicFlag: Interpretation;
}

export interface SeriesView<P> {
  /** Every drawn point, in time order (tooltips, scales, summaries). */
  points: P[];
  /**
   * The same points in two layers for drawing: `history` keeps its identity until a chunk of new
   * readings has arrived, so its chart layer is not redrawn; `live` is the newest readings,
   * starting at the last history point so the line is continuous.
   */
  history: P[];
  live: P[];
  /** Readings inside the window (before thinning). */
  inView: number;
  /** Whether every reading in the window is drawn. */
  fullResolution: boolean;
}

const EMPTY_VIEW: SeriesView<never> = { points: [], history: [], live: [], inView: 0, fullResolution: true };

/** First index with t ≥ value. */
function lowerBound(t: readonly number[], value: number): number {
  let low = 0;
  let high = t.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((t[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** First index with t > value. */
function upperBound(t: readonly number[], value: number): number {
  let low = 0;
  let high = t.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((t[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The server decided the reading is out of range; the catalogue only says which way. */
function direction(abnormal: 0 | 1 | undefined, value: number, kind: VitalKind, component: 0 | 1): Interpretation {
  if (abnormal !== 1) return 'normal';
  const normal = VITALS[kind].components[component]?.normal;
  if (!normal) return 'high';
  if (value < normal.low) return 'low';
  if (value > normal.high) return 'high';
  return 'normal';
}

interface Picked {
  /** Indices of the history layer (thinned, or every reading), and where the live tail starts. */
  historyIndices: number[];
  historyKey: string;
  tailFrom: number;
  tailTo: number;
  inView: number;
  full: boolean;
}

/**
 * Turns chart columns into the points one chart draws: the readings inside the window (all of
 * them when they fit, LTTB-thinned to the budget when not). Holds the history layer of the last
 * call, so a live append costs the tail, not a new LTTB pass over four hours of readings nor new
 * objects for the points already drawn.
 */
export class SeriesThinner {
  private prefix: { key: string; indices: number[] } | null = null;
  private historyCache: { key: string; points: unknown[] } | null = null;

  private pick(column: VitalSeries, snapshot: number, window: readonly [number, number] | null): Picked {
    const { t, v } = column;
    // In a window, one reading either side carries the line to the edges (the axis clips it).
    const lo = window ? Math.max(0, lowerBound(t, window[0]) - 1) : 0;
    const hi = window ? Math.min(t.length, upperBound(t, window[1]) + 1) : t.length;
    const inView = window ? Math.max(0, upperBound(t, window[1]) - lowerBound(t, window[0])) : t.length;
    const count = Math.max(0, hi - lo);
    const limit = window ? FULL_RESOLUTION_LIMIT : DRAW_BUDGET;
    const full = count <= limit;
    // The history ends on a chunk boundary, so it changes once every CHUNK readings.
    const cut = count > TAIL_MIN + CHUNK ? lo + Math.floor((count - TAIL_MIN) / CHUNK) * CHUNK : lo;
    const key = `${snapshot}|${column.kind}|${lo}|${cut}|${t[lo]}|${t[cut - 1]}|${full}`;
    if (this.prefix?.key !== key) {
      let indices: number[];
      if (full) indices = range(lo, cut);
      else {
        const samples: Array<{ x: number; y: number; index: number }> = [];
        for (let index = lo; index < cut; index++) samples.push({ x: t[index] as number, y: v[index] as number, index });
        indices = lttb(samples, DRAW_BUDGET - TAIL_MIN - CHUNK).map((sample) => sample.index);
      }
      this.prefix = { key, indices };
    }
    return { historyIndices: this.prefix.indices, historyKey: key, tailFrom: cut, tailTo: hi, inView, full };
  }

  /** The history layer's points, made once per history (same array while it lasts). */
  private layers<P>(picked: Picked, zeroMs: number, make: (index: number) => P | null): { history: P[]; live: P[]; points: P[] } {
    // Points are in minutes from time zero, which moves when the infusion starts.
    const key = `${picked.historyKey}|${zeroMs}`;
    if (this.historyCache?.key !== key) {
      const points: P[] = [];
      for (const index of picked.historyIndices) {
        const point = make(index);
        if (point) points.push(point);
      }
      this.historyCache = { key, points };
    }
    const history = this.historyCache.points as P[];
    const tail: P[] = [];
    for (let index = picked.tailFrom; index < picked.tailTo; index++) {
      const point = make(index);
      if (point) tail.push(point);
    }
    const joint = history[history.length - 1];
    return { history, live: joint === undefined ? tail : [joint, ...tail], points: history.concat(tail) };
  }

  scalar(column: VitalSeries | undefined, snapshot: number, zeroMs: number, window: readonly [number, number] | null): SeriesView<ScalarPoint> {
    if (!column || column.t.length === 0) return EMPTY_VIEW;
    const picked = this.pick(column, snapshot, window);
    const layers = this.layers(picked, zeroMs, (index): ScalarPoint => {
      const value = column.v[index] as number;
      return { minute: minuteOf(column.t[index] as number, zeroMs), value, flag: direction(column.abnormal[index], value, column.kind, 0) };
    });
    return { ...layers, inView: picked.inView, fullResolution: picked.full };
  }

  pressure(column: VitalSeries | undefined, snapshot: number, zeroMs: number, window: readonly [number, number] | null): SeriesView<PressurePoint> {
    if (!column || column.t.length === 0 || !column.v2) return EMPTY_VIEW;
    const diastolicColumn = column.v2;
    const picked = this.pick(column, snapshot, window);
    const layers = this.layers(picked, zeroMs, (index): PressurePoint | null => {
      const systolic = column.v[index] as number;
      const diastolic = diastolicColumn[index] as number;
      if (!Number.isFinite(diastolic)) return null;
      const abnormal = column.abnormal[index];
      return {
        minute: minuteOf(column.t[index] as number, zeroMs),
        systolic,
        diastolic,
        map: Math.round((systolic + 2 * diastolic) / 3),
        band: [diastolic, systolic],
        systolicFlag: direction(abnormal, systolic, 'bloodPressure', 0),
        diastolicFlag: direction(abnormal, diastolic, 'bloodPressure', 1),
      };
    });
    return { ...layers, inView: picked.inView, fullResolution: picked.full };
  }
}

function range(from: number, to: number): number[] {
  const result: number[] = [];
  for (let index = from; index < to; index++) result.push(index);
  return result;
}

/** First and last reading time over every column (epoch ms), or null without readings. */
export function columnsExtent(columns: readonly VitalSeries[]): [number, number] | null {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const column of columns) {
    const a = column.t[0];
    const b = column.t[column.t.length - 1];
    if (a !== undefined && a < first) first = a;
    if (b !== undefined && b > last) last = b;
  }
  return Number.isFinite(first) ? [first, last] : null;
}
