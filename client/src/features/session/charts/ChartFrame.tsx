import { type PointerEvent, type ReactNode, useLayoutEffect, useRef } from 'react';
import { usePlotArea, useXAxisInverseScale, useYAxisDomain, useYAxisScale } from 'recharts';
import { formatClockTime } from '../../../ui/format.ts';
import { type GeometryStore, type HoverStore, useHover } from './hoverStore.ts';
import { type TimeView, formatMinuteTick, timeOfMinute } from './timeAxis.ts';

export interface LegendEntry {
  label: string;
  seriesClass: string;
  /** How the line is drawn, so the legend reads without colour: solid, dashed, dotted, or a band. */
  style: 'solid' | 'dashed' | 'dotted' | 'band';
}

/** One line of a chart's tooltip for the minute under the pointer. */
export interface TooltipLine {
  label: string;
  value: string;
  flagged: boolean;
}

interface ChartFrameProps {
  chartId: string;
  title: string;
  legend: readonly LegendEntry[];
  /** Readings in the window, before thinning (`data-points`, as tests read it). */
  readings: number;
  /** Points actually drawn. */
  drawn: number;
  fullResolution: boolean;
  height: number;
  /** Read by screen readers in place of the drawing; the tables below hold every value. */
  summary: string;
  time: TimeView;
  hover: HoverStore;
  geometry: GeometryStore;
  /** Values at a minute, for the tooltip. */
  tooltipAt: (minute: number) => TooltipLine[];
  onZoom: (from: number, to: number) => void;
  emptyText?: string;
  /** The newest drawn value, as text (`data-latest`, for tests and tools). */
  latest?: string;
  children: ReactNode;
}

/** A drag shorter than this is a click, not a zoom. */
const MIN_DRAG_PX = 8;

/**
 * The frame around one Recharts chart: caption and legend (for screen readers too), the plot,
 * and over it the parts that follow the pointer (cursor, drag selection, tooltip) without
 * re-rendering the chart. Dragging across the plot zooms every chart into that range.
 */
export function ChartFrame(props: ChartFrameProps) {
  const { chartId, title, legend, readings, drawn, fullResolution, height, summary, time, hover, geometry, onZoom, emptyText, children } = props;
  const plotRef = useRef<HTMLDivElement>(null);
  const dragStart = useRef<{ minute: number; x: number } | null>(null);

  const locate = (event: PointerEvent<HTMLDivElement>): { minute: number; x: number } | null => {
    const plot = plotRef.current;
    const geo = geometry.current;
    if (!plot || !geo) return null;
    const x = event.clientX - plot.getBoundingClientRect().left;
    if (x < geo.left - 2 || x > geo.left + geo.width + 2) return null;
    const minute = Math.min(Math.max(geo.toMinute(x), time.domain[0]), time.domain[1]);
    return { minute, x: geo.toX(minute) };
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const at = locate(event);
    if (!at) {
      if (!dragStart.current) hover.clear();
      return;
    }
    const start = dragStart.current;
    hover.set({
      minute: at.minute,
      x: at.x,
      chartId,
      drag: start ? { from: Math.min(start.minute, at.minute), to: Math.max(start.minute, at.minute), fromX: Math.min(start.x, at.x), toX: Math.max(start.x, at.x) } : null,
    });
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    const at = locate(event);
    if (!at) return;
    dragStart.current = at;
    event.currentTarget.setPointerCapture(event.pointerId);
  };

  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    const start = dragStart.current;
    dragStart.current = null;
    const at = locate(event);
    if (start && at && Math.abs(at.x - start.x) >= MIN_DRAG_PX) {
      hover.clear();
      onZoom(Math.min(start.minute, at.minute), Math.max(start.minute, at.minute));
      return;
    }
    hover.set({ drag: null });
  };

  return (
    <figure
      className="vital-chart"
      data-chart={chartId}
      data-points={readings}
      data-drawn={drawn}
      data-full-resolution={fullResolution ? 'true' : 'false'}
      data-latest={props.latest}
    >
      <figcaption className="vital-chart__caption">
        <h3 className="vital-chart__title">{title}</h3>
        <ul className="chart-legend" aria-label={`${title} legend`}>
          {legend.map((entry) => (
            <li key={entry.label} className={`chart-legend__item ${entry.seriesClass}`}>
              <LegendSwatch style={entry.style} />
              {entry.label}
            </li>
          ))}
        </ul>
        <span className="sr-only">{summary}</span>
      </figcaption>
      {/* The drawing is hidden from screen readers (and Recharts' keyboard layer is off): the
          caption summarises it and the tables below hold every value. */}
      <div
        ref={plotRef}
        className="vital-chart__plot"
        style={{ height }}
        aria-hidden="true"
        onPointerMove={readings > 0 ? onPointerMove : undefined}
        onPointerDown={readings > 0 ? onPointerDown : undefined}
        onPointerUp={readings > 0 ? onPointerUp : undefined}
        onPointerLeave={() => {
          if (!dragStart.current) hover.clear();
        }}
      >
        {readings === 0 ? <p className="vital-chart__empty">{emptyText ?? 'No readings yet'}</p> : children}
        {readings > 0 ? <PointerLayer chartId={chartId} hover={hover} time={time} tooltipAt={props.tooltipAt} height={height} geometry={geometry} /> : null}
      </div>
    </figure>
  );
}

function LegendSwatch({ style }: { style: LegendEntry['style'] }) {
  if (style === 'band') {
    return (
      <svg width="26" height="12" aria-hidden="true" focusable="false">
        <rect x="1" y="1" width="24" height="10" rx="2" className="chart-legend__band" />
      </svg>
    );
  }
  return (
    <svg width="26" height="10" aria-hidden="true" focusable="false">
      <line
        x1="1"
        y1="5"
        x2="25"
        y2="5"
        stroke="currentColor"
        strokeWidth="2.5"
        strokeLinecap={style === 'dotted' ? 'round' : 'butt'}
        strokeDasharray={style === 'dashed' ? '6 3' : style === 'dotted' ? '0.1 4.5' : undefined}
      />
    </svg>
  );
}

/** Cursor line, drag selection and (on the chart under the pointer) the tooltip. */
function PointerLayer({
  chartId,
  hover,
  time,
  tooltipAt,
  height,
  geometry,
}: {
  chartId: string;
  hover: HoverStore;
  time: TimeView;
  tooltipAt: (minute: number) => TooltipLine[];
  height: number;
  geometry: GeometryStore;
}) {
  const state = useHover(hover);
  if (state.minute === null && !state.drag) return null;
  const showTooltip = state.chartId === chartId && state.minute !== null && !state.drag;
  const lines = showTooltip && state.minute !== null ? tooltipAt(state.minute) : [];
  const plot = geometry.current;
  // Past the middle of the plot the tooltip opens to the left of the cursor.
  const flipped = plot ? state.x > plot.left + plot.width / 2 : false;
  return (
    <>
      {state.drag ? <div className="chart-selection" style={{ left: state.drag.fromX, width: state.drag.toX - state.drag.fromX }} /> : null}
      {state.minute !== null ? <div className="chart-cursor" style={{ left: state.x, height }} /> : null}
      {showTooltip && state.minute !== null ? (
        <div className={`chart-tooltip${flipped ? ' chart-tooltip--left' : ''}`} style={{ left: state.x }}>
          <p className="chart-tooltip__time">
            <strong>{formatClockTime(new Date(timeOfMinute(state.minute, time.zeroMs)).toISOString())}</strong>
            <span>
              {formatMinuteTick(Math.round(state.minute * 60) / 60)} min {time.reference === 'infusion' ? 'from start' : 'from check-in'}
            </span>
          </p>
          {lines.length === 0 ? (
            <p className="chart-tooltip__none">No reading near here</p>
          ) : (
            <dl className="chart-tooltip__values">
              {lines.map((line) => (
                <div key={line.label} className={line.flagged ? 'chart-tooltip__row chart-tooltip__row--flagged' : 'chart-tooltip__row'}>
                  <dt>{line.label}</dt>
                  <dd>{line.value}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      ) : null}
    </>
  );
}

/**
 * Rendered inside the Recharts chart: reads where Recharts put the plot and how it maps minutes
 * to pixels, for the pointer handling above. Renders nothing.
 */
export function GeometryProbe({ geometry }: { geometry: GeometryStore }) {
  const plot = usePlotArea();
  const invertX = useXAxisInverseScale();
  const scaleY = useYAxisScale();
  const domainY = useYAxisDomain();
  useLayoutEffect(() => {
    if (!plot || !invertX || !scaleY || plot.width <= 0) return;
    // Two points inside the plot give each linear map (the axes' padding included).
    const xa = plot.x + plot.width * 0.25;
    const xb = plot.x + plot.width * 0.75;
    const ma = Number(invertX(xa));
    const mb = Number(invertX(xb));
    if (!Number.isFinite(ma) || !Number.isFinite(mb) || ma === mb) return;
    const perMinute = (xb - xa) / (mb - ma);
    const [low, high] = (domainY ?? []).map(Number) as [number | undefined, number | undefined];
    const va = low !== undefined && high !== undefined ? low + (high - low) * 0.25 : Number.NaN;
    const vb = low !== undefined && high !== undefined ? low + (high - low) * 0.75 : Number.NaN;
    const ya = Number(scaleY(va));
    const yb = Number(scaleY(vb));
    const hasY = Number.isFinite(ya) && Number.isFinite(yb) && va !== vb;
    const perUnit = hasY ? (yb - ya) / (vb - va) : 0;
    geometry.set({
      left: plot.x,
      top: plot.y,
      width: plot.width,
      height: plot.height,
      toX: (minute) => xa + (minute - ma) * perMinute,
      toMinute: (x) => ma + (x - xa) / perMinute,
      toY: (value) => (hasY ? ya + (value - va) * perUnit : Number.NaN),
      key: [plot.x, plot.y, plot.width, plot.height, ma, mb, va, vb, ya, yb].join('|'),
    });
  });
  return null;
}
