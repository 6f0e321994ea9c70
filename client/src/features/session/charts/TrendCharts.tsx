import { useCallback, useMemo, useState } from 'react';
import type { VitalSeries } from '../../../../../shared/schemas/series.ts';
import type { InfusionEvent, SessionRecord } from '../../../../../shared/schemas/session.ts';
import { VITALS, type VitalKind } from '../../../../../shared/vitals/catalogue.ts';
import { chartTimeZero } from '../../../clinical/infusionClock.ts';
import type { CachedSeries } from '../../../realtime/seriesPatch.ts';
import { formatClockTime } from '../../../ui/format.ts';
import { type AxisScale, niceScale } from '../chartScale.ts';
import { useSeriesWindow, useSessionSeries } from '../sessionQuery.ts';
import type { TooltipLine } from './ChartFrame.tsx';
import { EventLane } from './EventLane.tsx';
import { HoverStore } from './hoverStore.ts';
import { type PressurePoint, type ScalarPoint, type SeriesView, SeriesThinner, columnsExtent } from './seriesView.ts';
import {
  type TimeView,
  eventMarks,
  formatMinuteTick,
  minuteOf,
  phaseBands,
  plannedEndMinute,
  timeOfMinute,
  wholeSessionScale,
  windowScale,
} from './timeAxis.ts';
import { type LineSpec, VitalChart } from './VitalChart.tsx';
import './TrendCharts.css';

type Zoom = { kind: 'whole' } | { kind: 'last'; minutes: number } | { kind: 'range'; from: number; to: number };

const PRESETS: ReadonlyArray<{ label: string; zoom: Zoom }> = [
  { label: 'Whole session', zoom: { kind: 'whole' } },
  { label: 'Last 60 min', zoom: { kind: 'last', minutes: 60 } },
  { label: 'Last 15 min', zoom: { kind: 'last', minutes: 15 } },
];

const HEART_RATE_LINES: readonly LineSpec[] = [
  { dataKey: 'value', label: `${VITALS.heartRate.shortLabel} (${VITALS.heartRate.unitLabel})`, seriesClass: 'series-1', style: 'solid', flagKey: 'flag' },
];
const SPO2_LINES: readonly LineSpec[] = [
  { dataKey: 'value', label: `${VITALS.spo2.shortLabel} (${VITALS.spo2.unitLabel})`, seriesClass: 'series-2', style: 'solid', flagKey: 'flag' },
];
const PRESSURE_LINES: readonly LineSpec[] = [
  { dataKey: 'systolic', label: 'Systolic', seriesClass: 'series-3', style: 'solid', flagKey: 'systolicFlag', strokeWidth: 2.25 },
  { dataKey: 'diastolic', label: 'Diastolic', seriesClass: 'series-3', style: 'dashed', flagKey: 'diastolicFlag', strokeWidth: 2 },
  { dataKey: 'map', label: 'MAP (calculated)', seriesClass: 'series-4', style: 'dotted', strokeWidth: 2.5 },
];
const PRESSURE_BAND = { dataKey: 'band', label: 'Pulse pressure', seriesClass: 'series-3' };
const RESPIRATORY_LINES: readonly LineSpec[] = [
  { dataKey: 'value', label: `${VITALS.respiratoryRate.shortLabel} (${VITALS.respiratoryRate.unitLabel})`, seriesClass: 'series-1', style: 'solid', flagKey: 'flag' },
];
const PAIN_LINES: readonly LineSpec[] = [{ dataKey: 'value', label: 'Pain score', seriesClass: 'series-4', style: 'solid', flagKey: 'flag' }];

const DIASTOLIC_LIMIT = [{ value: VITALS.bloodPressure.components[1]?.normal.high ?? 90, label: 'DBP 90' }];

/** Points closer than this share of the axis count as "at" the pointer. */
const TOOLTIP_REACH = 0.03;

type ChartedRecord = Pick<SessionRecord, 'id' | 'transitions' | 'infusionStartedAt' | 'createdAt' | 'phase' | 'plannedInfusionMinutes' | 'infusionEvents' | 'sideEffects'>;

/**
 * The session's trends on one shared time axis (minutes from infusion start, wall-clock time on
 * hover). Each chart is memoised on its own points, which change only when a reading of its kind
 * arrives; long sessions are thinned with LTTB to a few hundred points per series, and zooming in
 * (drag across a chart, or a preset) draws every reading of the window, fetched from the server
 * at full resolution when the whole-session columns came thinned.
 */
export function TrendCharts({ record }: { record: ChartedRecord }) {
  const sessionId = record.id;
  const whole = useSessionSeries(sessionId, true);
  const [zoom, setZoom] = useState<Zoom>({ kind: 'whole' });
  const [hover] = useState(() => new HoverStore());
  // One per chart: each remembers its own thinned prefix between live updates.
  const [thinners] = useState(() => ({
    heartRate: new SeriesThinner(),
    spo2: new SeriesThinner(),
    bloodPressure: new SeriesThinner(),
    respiratoryRate: new SeriesThinner(),
    pain: new SeriesThinner(),
  }));

  const { transitions, infusionStartedAt, createdAt } = record;
  const zero = useMemo(() => chartTimeZero({ transitions, infusionStartedAt, createdAt }), [transitions, infusionStartedAt, createdAt]);
  const zeroMs = Date.parse(zero.at);

  const extent = useMemo(() => (whole.data ? columnsExtent(whole.data.series) : null), [whole.data]);
  const lastMinute = extent ? minuteOf(extent[1], zeroMs) : null;
  // The window in minutes, or null for the whole session. "Last N min" follows the newest reading.
  const windowFrom = zoom.kind === 'range' ? zoom.from : zoom.kind === 'last' && lastMinute !== null ? lastMinute - zoom.minutes : null;
  const windowTo = zoom.kind === 'range' ? zoom.to : zoom.kind === 'last' && lastMinute !== null ? lastMinute : null;
  const windowMs = useMemo(
    () => (windowFrom === null || windowTo === null ? null : ([timeOfMinute(windowFrom, zeroMs), timeOfMinute(windowTo, zeroMs)] as const)),
    [windowFrom, windowTo, zeroMs],
  );

  // Thinned on the server (over 20 000 readings a kind): a zoomed window comes at full resolution.
  const fetchWindow = windowMs && whole.data?.downsampled ? { from: Math.floor(windowMs[0] / 60_000) * 60_000, to: Math.ceil(windowMs[1] / 60_000) * 60_000 + 60_000 } : null;
  const windowed = useSeriesWindow(sessionId, fetchWindow);
  const source: CachedSeries | undefined = fetchWindow && windowed.data ? windowed.data : whole.data;

  const columns = useMemo(() => new Map<VitalKind, VitalSeries>((source?.series ?? []).map((column) => [column.kind, column])), [source]);
  const snapshot = source?.snapshot ?? 0;
  const heartRateColumn = columns.get('heartRate');
  const spo2Column = columns.get('spo2');
  const pressureColumn = columns.get('bloodPressure');
  const respiratoryColumn = columns.get('respiratoryRate');
  const painColumn = columns.get('pain');

  const heartRate = useMemo(() => thinners.heartRate.scalar(heartRateColumn, snapshot, zeroMs, windowMs), [thinners, heartRateColumn, snapshot, zeroMs, windowMs]);
  const spo2 = useMemo(() => thinners.spo2.scalar(spo2Column, snapshot, zeroMs, windowMs), [thinners, spo2Column, snapshot, zeroMs, windowMs]);
  const pressure = useMemo(
    () => thinners.bloodPressure.pressure(pressureColumn, snapshot, zeroMs, windowMs),
    [thinners, pressureColumn, snapshot, zeroMs, windowMs],
  );
  const respiratory = useMemo(
    () => thinners.respiratoryRate.scalar(respiratoryColumn, snapshot, zeroMs, windowMs),
    [thinners, respiratoryColumn, snapshot, zeroMs, windowMs],
  );
  const pain = useMemo(() => thinners.pain.scalar(painColumn, snapshot, zeroMs, windowMs), [thinners, painColumn, snapshot, zeroMs, windowMs]);

  const checkInMinute = useMemo(() => {
    const checkIn = transitions.find((transition) => transition.to === 'baseline');
    return checkIn ? minuteOf(Date.parse(checkIn.at), zeroMs) : null;
  }, [transitions, zeroMs]);
  const plannedEnd = plannedEndMinute(record);
  const scale = useMemo(() => {
    if (windowFrom !== null && windowTo !== null) return windowScale(windowFrom, windowTo);
    const include = [0, ...(plannedEnd === null ? [] : [plannedEnd]), ...(checkInMinute === null ? [] : [checkInMinute])];
    return wholeSessionScale(extent ? minuteOf(extent[0], zeroMs) : null, lastMinute, include);
  }, [windowFrom, windowTo, plannedEnd, checkInMinute, extent, zeroMs, lastMinute]);
  const [d0, d1] = scale.domain;
  const ticksKey = scale.ticks.join(',');
  const zoomed = windowFrom !== null;
  // A new object only when the axis itself changes, so a reading does not redraw every chart.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the axis' values, not its identity.
  const time = useMemo((): TimeView => ({ domain: [d0, d1], ticks: scale.ticks, zeroMs, reference: zero.reference, zoomed }), [d0, d1, ticksKey, zeroMs, zero.reference, zoomed]);

  const phases = useMemo(() => phaseBands(transitions, zeroMs), [transitions, zeroMs]);
  const marks = useMemo(() => eventMarks(record.infusionEvents, record.sideEffects, zeroMs, eventDetail), [record.infusionEvents, record.sideEffects, zeroMs]);
  const infusionLines = useMemo(() => marks.filter((mark) => mark.type === 'infusion'), [marks]);

  const onZoom = useCallback((from: number, to: number) => setZoom({ kind: 'range', from, to }), []);

  const heartScale = useScale(heartRate, SCALAR_VALUES, 'heartRate', 10, NO_WIDENING);
  const spo2Scale = useScale(spo2, SCALAR_VALUES, 'spo2', 2, SPO2_WIDENING);
  const pressureScale = useScale(pressure, PRESSURE_VALUES, 'bloodPressure', 20, NO_WIDENING);
  const respiratoryScale = useScale(respiratory, SCALAR_VALUES, 'respiratoryRate', 4, RESPIRATORY_WIDENING);
  const painScale = useMemo(() => ({ domain: [0, 10] as [number, number], ticks: [0, 2, 4, 6, 8, 10] }), []);

  // One per chart, so a heart-rate reading gives only the heart-rate chart new props.
  const tooltips = {
    heartRate: useMemo(() => scalarTooltip(heartRate, 'heartRate', time), [heartRate, time]),
    spo2: useMemo(() => scalarTooltip(spo2, 'spo2', time), [spo2, time]),
    pressure: useMemo(() => pressureTooltip(pressure, time), [pressure, time]),
    respiratory: useMemo(() => scalarTooltip(respiratory, 'respiratoryRate', time), [respiratory, time]),
    pain: useMemo(() => scalarTooltip(pain, 'pain', time), [pain, time]),
  };

  const common = { time, phases, events: infusionLines, hover, onZoom };
  const views = [heartRate, spo2, pressure, respiratory, pain];
  const inView = views.reduce((sum, view) => sum + view.inView, 0);
  const drawn = views.reduce((sum, view) => sum + view.points.length, 0);
  const everyReading = views.every((view) => view.fullResolution);
  const activePreset = zoom.kind === 'whole' ? 'Whole session' : zoom.kind === 'last' ? `Last ${zoom.minutes} min` : null;

  return (
    <section className="trend-charts" aria-labelledby="trend-charts-title" data-zoomed={zoomed ? 'true' : 'false'}>
      <div className="trend-charts__head">
        <h2 id="trend-charts-title" className="section-title">
          Trends
        </h2>
        <div className="trend-charts__tools" role="toolbar" aria-label="Time range of the charts">
          {PRESETS.map((preset) => (
            <button
              key={preset.label}
              type="button"
              className="chip-button"
              aria-pressed={activePreset === preset.label}
              onClick={() => setZoom(preset.zoom)}
            >
              {preset.label}
            </button>
          ))}
          {zoom.kind === 'range' ? (
            <button type="button" className="chip-button chip-button--accent" onClick={() => setZoom({ kind: 'whole' })}>
              Reset zoom
            </button>
          ) : null}
        </div>
        <p className="trend-charts__status" role="status" data-resolution={everyReading ? 'full' : 'thinned'}>
          {zoomed ? `${clockAt(d0, zeroMs)}–${clockAt(d1, zeroMs)} (${formatMinuteTick(Math.round(d0))} to ${formatMinuteTick(Math.round(d1))} min)` : 'Whole session'} ·{' '}
          {everyReading ? `every reading (${inView.toLocaleString()})` : `${drawn.toLocaleString()} of ${inView.toLocaleString()} readings drawn; zoom in for every reading`}
          {fetchWindow && windowed.isFetching ? ' · loading full resolution…' : ''}
        </p>
      </div>
      <p className="trend-charts__hint">
        {zero.reference === 'infusion' ? 'Minutes from infusion start' : 'Minutes from check-in'}; hover for the time of day. Drag across a chart to zoom in.
        <span className="trend-charts__key">
          <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">
            <path className="chart-flag" d="M6 1 L11.5 10 H0.5 Z" />
          </svg>
          <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">
            <path className="chart-flag" d="M6 11 L11.5 2 H0.5 Z" />
          </svg>
          above / below normal
          <svg className="trend-charts__band-key" viewBox="0 0 22 12" width="22" height="12" aria-hidden="true" focusable="false">
            <rect className="normal-band-key" x="0.5" y="0.5" width="21" height="11" rx="2" />
          </svg>
          normal range
        </span>
      </p>
      {whole.isPending ? (
        <p className="trend-charts__loading" role="status">
          Loading the readings…
        </p>
      ) : whole.isError ? (
        <p className="trend-charts__error" role="alert">
          The readings could not be loaded: {whole.error.message}{' '}
          <button type="button" className="button" onClick={() => void whole.refetch()}>
            Try again
          </button>
        </p>
      ) : (
        <div className="trend-charts__stack">
          <HatchPattern />
          <EventLane time={time} plannedEnd={plannedEnd} phases={phases} marks={marks} hover={hover} onZoom={onZoom} />
          <VitalChart
            {...common}
            chartId="heart-rate"
            title={`${VITALS.heartRate.label} (${VITALS.heartRate.unitLabel})`}
            height={190}
            points={heartRate.points}
            history={heartRate.history}
            live={heartRate.live}
            readings={heartRate.inView}
            fullResolution={heartRate.fullResolution}
            lines={HEART_RATE_LINES}
            yScale={heartScale}
            normal={NORMAL.heartRate}
            dots={false}
            summary={scalarSummary(heartRate, 'heartRate')}
            tooltipAt={tooltips.heartRate}
          />
          <VitalChart
            {...common}
            chartId="spo2"
            title={`${VITALS.spo2.label} (${VITALS.spo2.unitLabel})`}
            height={150}
            points={spo2.points}
            history={spo2.history}
            live={spo2.live}
            readings={spo2.inView}
            fullResolution={spo2.fullResolution}
            lines={SPO2_LINES}
            yScale={spo2Scale}
            normal={NORMAL.spo2}
            dots={false}
            summary={scalarSummary(spo2, 'spo2')}
            tooltipAt={tooltips.spo2}
          />
          <VitalChart
            {...common}
            chartId="blood-pressure"
            title={`${VITALS.bloodPressure.label} (${VITALS.bloodPressure.unitLabel})`}
            height={200}
            points={pressure.points}
            history={pressure.points}
            live={NO_LIVE}
            readings={pressure.inView}
            fullResolution={pressure.fullResolution}
            lines={PRESSURE_LINES}
            band={PRESSURE_BAND}
            yScale={pressureScale}
            normal={NORMAL.bloodPressure}
            limits={DIASTOLIC_LIMIT}
            dots={pressure.points.length < 120}
            summary={pressureSummary(pressure)}
            tooltipAt={tooltips.pressure}
          />
          <VitalChart
            {...common}
            chartId="respiratory-rate"
            title={`${VITALS.respiratoryRate.label} (${VITALS.respiratoryRate.unitLabel})`}
            height={140}
            points={respiratory.points}
            history={respiratory.history}
            live={respiratory.live}
            readings={respiratory.inView}
            fullResolution={respiratory.fullResolution}
            lines={RESPIRATORY_LINES}
            yScale={respiratoryScale}
            normal={NORMAL.respiratoryRate}
            dots={respiratory.points.length < 120}
            summary={scalarSummary(respiratory, 'respiratoryRate')}
            tooltipAt={tooltips.respiratory}
          />
          <VitalChart
            {...common}
            chartId="pain"
            title="Pain (0–10)"
            height={120}
            points={pain.points}
            history={pain.history}
            live={pain.live}
            readings={pain.inView}
            fullResolution={pain.fullResolution}
            lines={PAIN_LINES}
            yScale={painScale}
            normal={NORMAL.pain}
            dots
            summary={scalarSummary(pain, 'pain')}
            tooltipAt={tooltips.pain}
            emptyText="No pain scores recorded"
          />
        </div>
      )}
    </section>
  );
}

/** The hatch the paused phase is drawn with, defined once for every chart on the page. */
function HatchPattern() {
  return (
    <svg className="trend-charts__defs" aria-hidden="true" focusable="false" width="0" height="0">
      <defs>
        <pattern id="chairside-paused-hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="8" height="8" className="hatch__ground" />
          <rect width="3" height="8" className="hatch__stripe" />
        </pattern>
      </defs>
    </svg>
  );
}

function normalOf(kind: VitalKind) {
  const normal = VITALS[kind].components[0]?.normal;
  return normal ? { ...normal, label: `normal ${normal.low}–${normal.high}` } : null;
}

/** Module constants, so the charts' memo sees the same band every render. */
const NORMAL = {
  heartRate: normalOf('heartRate'),
  spo2: normalOf('spo2'),
  bloodPressure: normalOf('bloodPressure'),
  respiratoryRate: normalOf('respiratoryRate'),
  pain: normalOf('pain'),
} as const;

const SCALAR_VALUES = (point: ScalarPoint): number[] => [point.value];
const PRESSURE_VALUES = (point: PressurePoint): number[] => [point.systolic, point.diastolic];
const NO_WIDENING: readonly [number, number] = [0, 0];
const SPO2_WIDENING: readonly [number, number] = [-2, 0];
const RESPIRATORY_WIDENING: readonly [number, number] = [-4, 4];

/** Blood pressure arrives every few minutes: drawn entirely by Recharts, no live layer. */
const NO_LIVE: readonly object[] = [];

/**
 * The y axis for a series: its drawn values and its normal range (so "normal" keeps its place).
 * The same object while the bounds stay the same, so a reading inside them redraws no axis.
 */
function useScale<P>(view: SeriesView<P>, values: (point: P) => number[], kind: VitalKind, step: number, widen: readonly [number, number]): AxisScale {
  const { points } = view;
  const scale = useMemo(() => {
    const normal = VITALS[kind].components.map((component) => component.normal);
    const include = normal.flatMap((range) => [range.low + widen[0], range.high + widen[1]]);
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    for (const point of points) {
      for (const value of values(point)) {
        if (value < low) low = value;
        if (value > high) high = value;
      }
    }
    return niceScale(Number.isFinite(low) ? [low, high] : [], include, step);
  }, [points, values, kind, step, widen]);
  const [kept, setKept] = useState(scale);
  const same = kept.domain[0] === scale.domain[0] && kept.domain[1] === scale.domain[1] && kept.ticks.join() === scale.ticks.join();
  if (!same) setKept(scale);
  return same ? kept : scale;
}

function nearest<P extends { minute: number }>(points: readonly P[], minute: number, reach: number): P | undefined {
  let low = 0;
  let high = points.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((points[middle] as P).minute < minute) low = middle + 1;
    else high = middle;
  }
  const candidates = [points[low - 1], points[low]].filter((point): point is P => point !== undefined);
  const best = candidates.sort((a, b) => Math.abs(a.minute - minute) - Math.abs(b.minute - minute))[0];
  return best && Math.abs(best.minute - minute) <= reach ? best : undefined;
}

const reachOf = (time: TimeView): number => Math.max((time.domain[1] - time.domain[0]) * TOOLTIP_REACH, 0.75);

function scalarTooltip(view: SeriesView<ScalarPoint>, kind: VitalKind, time: TimeView) {
  const definition = VITALS[kind];
  return (minute: number): TooltipLine[] => {
    const point = nearest(view.points, minute, reachOf(time));
    if (!point) return [];
    const flag = point.flag === 'normal' ? '' : point.flag === 'high' ? ' ▲ high' : ' ▼ low';
    return [
      { label: definition.shortLabel, value: `${point.value} ${definition.unitLabel}${flag}`, flagged: point.flag !== 'normal' },
      { label: 'At', value: formatClockTime(new Date(timeOfMinute(point.minute, time.zeroMs)).toISOString()), flagged: false },
    ];
  };
}

function pressureTooltip(view: SeriesView<PressurePoint>, time: TimeView) {
  return (minute: number): TooltipLine[] => {
    const point = nearest(view.points, minute, reachOf(time));
    if (!point) return [];
    const mark = (flag: PressurePoint['systolicFlag']) => (flag === 'high' ? ' ▲' : flag === 'low' ? ' ▼' : '');
    return [
      {
        label: 'BP',
        value: `${point.systolic}${mark(point.systolicFlag)}/${point.diastolic}${mark(point.diastolicFlag)} mmHg`,
        flagged: point.systolicFlag !== 'normal' || point.diastolicFlag !== 'normal',
      },
      { label: 'MAP', value: `${point.map} mmHg`, flagged: false },
      { label: 'At', value: formatClockTime(new Date(timeOfMinute(point.minute, time.zeroMs)).toISOString()), flagged: false },
    ];
  };
}

function scalarSummary(view: SeriesView<ScalarPoint>, kind: VitalKind): string {
  const definition = VITALS[kind];
  const last = view.points.at(-1);
  if (!last) return `${definition.label}: no readings.`;
  let low = last.value;
  let high = last.value;
  for (const point of view.points) {
    if (point.value < low) low = point.value;
    if (point.value > high) high = point.value;
  }
  return `${definition.label}: ${view.inView} readings from ${low} to ${high} ${definition.unitLabel}, latest ${last.value}${last.flag === 'normal' ? '' : ` (${last.flag})`}.`;
}

function pressureSummary(view: SeriesView<PressurePoint>): string {
  const last = view.points.at(-1);
  if (!last) return 'Blood pressure: no readings.';
  const peak = view.points.reduce((max, point) => (point.systolic > max.systolic ? point : max), last);
  return `Blood pressure: ${view.inView} readings, highest ${peak.systolic}/${peak.diastolic}, latest ${last.systolic}/${last.diastolic} mmHg.`;
}

function clockAt(minute: number, zeroMs: number): string {
  return formatClockTime(new Date(timeOfMinute(minute, zeroMs)).toISOString()).slice(0, 5);
}

function eventDetail(event: InfusionEvent): string | null {
  const parts: string[] = [];
  if (event.rateMgPerHour !== null) parts.push(`${event.rateMgPerHour} mg/h`);
  if (event.drug) parts.push([event.drug, event.dose, event.doseUnit, event.route].filter((part) => part !== null).join(' '));
  if (event.reason) parts.push(event.reason);
  return parts.length > 0 ? parts.join(' · ') : null;
}
