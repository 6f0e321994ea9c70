import { type ReactNode, memo, useId, useMemo, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, type DotItemDotProps, Line, ReferenceArea, ReferenceLine, XAxis, YAxis } from 'recharts';
import type { Range } from '../../../../../shared/vitals/catalogue.ts';
import type { AxisScale } from '../chartScale.ts';
import { ChartFrame, GeometryProbe, type LegendEntry, type TooltipLine } from './ChartFrame.tsx';
import { GeometryStore, type HoverStore, useGeometry } from './hoverStore.ts';
import { type EventMark, type PhaseBand, type TimeView, formatMinuteTick } from './timeAxis.ts';

export const CHART_MARGIN = { top: 6, right: 14, bottom: 0, left: 0 };
export const AXIS_WIDTH = 46;
/** Room at both ends so a point on the first or last minute is not cut in half. */
export const X_PADDING = { left: 8, right: 8 };
const Y_PADDING = { top: 8, bottom: 6 };
const AXIS_TICK = { fill: 'currentColor', fontSize: 13 };

export interface LineSpec {
  dataKey: string;
  label: string;
  seriesClass: string;
  style: 'solid' | 'dashed' | 'dotted';
  /** The point field holding the server's flag for this value. */
  flagKey?: string;
  strokeWidth?: number;
}

export interface VitalChartProps {
  chartId: string;
  title: string;
  height: number;
  /** Every drawn point (the band, the latest value). */
  points: readonly object[];
  /** The drawn points in two layers: `history` keeps its identity between live updates. */
  history: readonly object[];
  live: readonly object[];
  readings: number;
  fullResolution: boolean;
  lines: readonly LineSpec[];
  /** A band between two values (diastolic–systolic), drawn under the lines. */
  band?: { dataKey: string; label: string; seriesClass: string };
  yScale: AxisScale;
  normal: (Range & { label: string }) | null;
  /** Dashed limits, e.g. the 90 mmHg diastolic gate. */
  limits?: ReadonlyArray<{ value: number; label: string }>;
  /** Dots on every point (cuff, nurse counts); a monitor stream shows only its flags. */
  dots: boolean;
  time: TimeView;
  phases: readonly PhaseBand[];
  /** Infusion events as vertical lines through every chart. */
  events: readonly EventMark[];
  hover: HoverStore;
  summary: string;
  tooltipAt: (minute: number) => TooltipLine[];
  onZoom: (from: number, to: number) => void;
  emptyText?: string;
}

/**
 * One vital over session time. The Recharts drawing (phase shading, the normal range as a band,
 * infusion events as lines, the history layer of the series, no animation) is memoised and
 * redrawn only when the history layer, the axes or the events change: once every chunk of
 * readings. The newest readings are drawn by a small SVG layer over it with Recharts' own scales,
 * so a live reading costs one path, not a pass through Recharts. Pointer work happens in the
 * frame's overlay.
 */
export const VitalChart = memo(function VitalChart(props: VitalChartProps) {
  const { chartId, title, height, points, history, live, readings, fullResolution, lines, band, dots, time, hover } = props;
  const [geometry] = useState(() => new GeometryStore());
  const legend = useMemo(
    (): LegendEntry[] => [
      ...lines.map((line) => ({ label: line.label, seriesClass: line.seriesClass, style: line.style })),
      ...(band ? [{ label: band.label, seriesClass: band.seriesClass, style: 'band' as const }] : []),
    ],
    [lines, band],
  );
  const last = points.at(-1) as Record<string, unknown> | undefined;
  const latest = last && lines[0] ? String(last[lines[0].dataKey]) : undefined;

  return (
    <ChartFrame
      chartId={chartId}
      title={title}
      legend={legend}
      readings={readings}
      drawn={points.length}
      fullResolution={fullResolution}
      height={height}
      summary={props.summary}
      time={time}
      hover={hover}
      geometry={geometry}
      tooltipAt={props.tooltipAt}
      onZoom={props.onZoom}
      emptyText={props.emptyText}
      latest={latest}
    >
      <StaticChart
        history={history}
        bandPoints={band ? points : NO_POINTS}
        lines={lines}
        band={band}
        yScale={props.yScale}
        normal={props.normal}
        limits={props.limits}
        dots={dots}
        time={time}
        phases={props.phases}
        events={props.events}
        geometry={geometry}
      />
      {live.length > 0 ? <LiveLayer live={live} joined={history.length > 0} lines={lines} dots={dots} geometry={geometry} /> : null}
    </ChartFrame>
  );
});

const NO_POINTS: readonly object[] = [];

interface StaticChartProps {
  history: readonly object[];
  bandPoints: readonly object[];
  lines: readonly LineSpec[];
  band: VitalChartProps['band'];
  yScale: AxisScale;
  normal: VitalChartProps['normal'];
  limits: VitalChartProps['limits'];
  dots: boolean;
  time: TimeView;
  phases: readonly PhaseBand[];
  events: readonly EventMark[];
  geometry: GeometryStore;
}

const StaticChart = memo(function StaticChart({ history, bandPoints, lines, band, yScale, normal, limits, dots, time, phases, events, geometry }: StaticChartProps) {
  const phaseEnd = time.domain[1];
  return (
    <ComposedChart responsive style={{ width: '100%', height: '100%' }} margin={CHART_MARGIN} accessibilityLayer={false}>
      {phases
        .filter((phase) => (phase.to ?? Number.POSITIVE_INFINITY) > time.domain[0] && phase.from < time.domain[1])
        .map((phase) => (
          <ReferenceArea
            key={`${phase.phase}-${phase.from}`}
            x1={Math.max(phase.from, time.domain[0])}
            x2={Math.min(phase.to ?? phaseEnd, time.domain[1])}
            ifOverflow="hidden"
            className={`phase-band phase-band--${phase.phase}`}
            fill="currentColor"
            stroke="none"
          />
        ))}
      {normal ? <ReferenceArea y1={normal.low} y2={normal.high} ifOverflow="hidden" className="normal-band" fill="currentColor" stroke="none" /> : null}
      {normal ? <ReferenceLine y={normal.high} ifOverflow="hidden" className="normal-edge" /> : null}
      {normal ? <ReferenceLine y={normal.low} ifOverflow="hidden" className="normal-edge" /> : null}
      <CartesianGrid vertical={false} />
      <XAxis
        type="number"
        dataKey="minute"
        domain={time.domain as [number, number]}
        ticks={time.ticks}
        interval={0}
        allowDataOverflow
        tickFormatter={formatMinuteTick}
        padding={X_PADDING}
        tick={AXIS_TICK}
        height={22}
      />
      <YAxis domain={yScale.domain} ticks={yScale.ticks} interval={0} width={AXIS_WIDTH} padding={Y_PADDING} tick={AXIS_TICK} allowDataOverflow />
      {limits?.map((limit) => (
        <ReferenceLine
          key={limit.label}
          y={limit.value}
          ifOverflow="hidden"
          className="chart-limit"
          label={{ value: limit.label, position: 'insideBottomRight', className: 'chart-limit__label' }}
        />
      ))}
      {events.map((event) => (
        <ReferenceLine key={event.id} x={event.minute} ifOverflow="hidden" className={`chart-event chart-event--${event.type === 'infusion' ? event.kind : 'sideEffect'}`} />
      ))}
      {band ? (
        <Area
          data={bandPoints as Array<Record<string, unknown>>}
          dataKey={band.dataKey}
          className={`chart-band ${band.seriesClass}`}
          fill="currentColor"
          stroke="none"
          isAnimationActive={false}
          activeDot={false}
          dot={false}
          connectNulls
        />
      ) : null}
      {lines.map((line) => (
        <SeriesLayer key={line.dataKey} line={line} data={history} dots={dots} />
      ))}
      <GeometryProbe geometry={geometry} />
    </ComposedChart>
  );
});

/**
 * The newest readings over the Recharts drawing, in the same style: one path per line, the flags
 * as triangles and, on sparse series, dots. Positioned with the chart's own scales.
 */
function LiveLayer({
  live,
  joined,
  lines,
  dots,
  geometry,
}: {
  live: readonly object[];
  /** Whether the first point is the history layer's last (which has drawn its mark already). */
  joined: boolean;
  lines: readonly LineSpec[];
  dots: boolean;
  geometry: GeometryStore;
}) {
  const plot = useGeometry(geometry);
  const clipId = useId();
  if (!plot) return null;
  return (
    <svg className="live-layer" aria-hidden="true" focusable="false">
      <defs>
        <clipPath id={clipId}>
          <rect x={plot.left} y={plot.top - TRIANGLE} width={plot.width} height={plot.height + TRIANGLE * 2} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${clipId})`}>
        {lines.map((line) => {
          let path = '';
          const marks: ReactNode[] = [];
          for (const [index, entry] of (live as Array<Record<string, unknown>>).entries()) {
            const value = entry[line.dataKey];
            const minute = entry.minute;
            if (typeof value !== 'number' || typeof minute !== 'number') continue;
            const x = plot.toX(minute);
            const y = plot.toY(value);
            path += `${path === '' ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
            if ((joined && index === 0) || !line.flagKey) continue;
            const mark = (dots ? SPARSE_DOTS : DENSE_DOTS)[line.flagKey]?.({ cx: x, cy: y, payload: entry, index } as DotItemDotProps);
            if (mark) marks.push(mark);
          }
          return (
            <g key={line.dataKey} className={line.seriesClass}>
              <path
                d={path}
                fill="none"
                stroke="currentColor"
                strokeWidth={line.strokeWidth ?? 2}
                strokeDasharray={line.style === 'dashed' ? '7 4' : line.style === 'dotted' ? '1 4' : undefined}
                strokeLinecap={line.style === 'dotted' ? 'round' : 'butt'}
                strokeLinejoin="round"
              />
              {marks}
            </g>
          );
        })}
      </g>
    </svg>
  );
}

/** One line over one layer of points, memoised so an unchanged layer costs nothing to re-render. */
const SeriesLayer = memo(function SeriesLayer({ line, data, dots }: { line: LineSpec; data: readonly object[]; dots: boolean }) {
  return (
    <Line
      className={line.seriesClass}
      data={data as Array<Record<string, unknown>>}
      dataKey={line.dataKey}
      name={line.label}
      stroke="currentColor"
      strokeWidth={line.strokeWidth ?? 2}
      strokeDasharray={line.style === 'dashed' ? '7 4' : line.style === 'dotted' ? '1 4' : undefined}
      strokeLinecap={line.style === 'dotted' ? 'round' : 'butt'}
      dot={line.flagKey ? (dots ? SPARSE_DOTS[line.flagKey] : DENSE_DOTS[line.flagKey]) : false}
      activeDot={false}
      isAnimationActive={false}
      connectNulls
    />
  );
});

const TRIANGLE = 6;

/** One render function per flag field, made once, so Recharts sees the same `dot` every render. */
const FLAG_KEYS = ['flag', 'systolicFlag', 'diastolicFlag'] as const;
const SPARSE_DOTS: Record<string, (props: DotItemDotProps) => ReactNode> = Object.fromEntries(FLAG_KEYS.map((key) => [key, flaggedDot(key, 3.5, TRIANGLE)]));
const DENSE_DOTS: Record<string, (props: DotItemDotProps) => ReactNode> = Object.fromEntries(FLAG_KEYS.map((key) => [key, flaggedDot(key, 0, 4.5)]));

/** Reads a flag from a plotted point handed back by Recharts (typed loosely there). */
function readFlag(point: unknown, key: string): string | undefined {
  if (typeof point !== 'object' || point === null) return undefined;
  const flag = (point as Record<string, unknown>)[key];
  return typeof flag === 'string' ? flag : undefined;
}

/**
 * Dots that carry the server's flag: a triangle pointing up (high) or down (low), so an
 * out-of-range point is visible without colour. Normal points get a small dot on sparse series
 * (cuff, nurse readings) and none on a monitor stream.
 */
function flaggedDot(flagKey: string, normalRadius: number, size: number): (props: DotItemDotProps) => ReactNode {
  // A render function Recharts calls per point, not a component: no hooks, no state.
  return function renderFlaggedDot({ cx, cy, payload, index }: DotItemDotProps): ReactNode {
    if (cx === undefined || cy === undefined || cx === null || cy === null) return null;
    const flag = readFlag(payload, flagKey);
    if (flag === 'high' || flag === 'low') {
      const tip = flag === 'high' ? cy - size : cy + size;
      const base = flag === 'high' ? cy + size * 0.7 : cy - size * 0.7;
      return <path key={index} className={`chart-flag chart-flag--${flag}`} d={`M${cx} ${tip} L${cx + size} ${base} L${cx - size} ${base} Z`} />;
    }
    if (normalRadius === 0) return <g key={index} />;
    return <circle key={index} className="chart-dot" cx={cx} cy={cy} r={normalRadius} />;
  };
}
