import { z } from 'zod';
import type { VitalKind } from '../vitals/catalogue.ts';

/**
 * A session's readings of one kind as columns, for charts: compact enough that a 4-hour, 1 Hz
 * trace travels in a few hundred kilobytes. Only current records (not corrected, not withdrawn).
 */
export interface VitalSeries {
  kind: VitalKind;
  /** Observation times, epoch milliseconds, ascending. */
  t: number[];
  /** Values (systolic for blood pressure), in the catalogue unit. */
  v: number[];
  /** Diastolic for blood pressure; null for other kinds. */
  v2: number[] | null;
  /** 1 where the server flagged the reading outside its normal range. */
  abnormal: Array<0 | 1>;
}

export interface SessionSeries {
  sessionId: string;
  /** The window asked for (epoch ms), or the whole session. */
  from: number | null;
  to: number | null;
  /** True when a kind had more readings than maxPoints and was thinned (LTTB) on the server. */
  downsampled: boolean;
  series: VitalSeries[];
  /** The event-log position this snapshot reflects. */
  seq: number;
}

export const seriesQuerySchema = z.object({
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
  maxPoints: z.coerce.number().int().min(10).max(50_000).default(20_000),
});

/** Sparkline trends for the ward card: a few dozen points of the vitals a physician scans. */
export interface WardTrend {
  heartRate: Array<[number, number]>;
  systolic: Array<[number, number]>;
  spo2: Array<[number, number]>;
}

export const TREND_POINTS = 48;

export const observationPageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Cursor from the previous page. */
  before: z.string().max(200).optional(),
  filter: z.enum(['all', 'manual', 'abnormal']).default('all'),
});
export type ObservationFilter = z.output<typeof observationPageQuerySchema>['filter'];
