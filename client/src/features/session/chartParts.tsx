import type { ReactNode } from 'react';
import type { DotItemDotProps } from 'recharts';
import type { Interpretation } from '../../../../shared/vitals/interpretation.ts';

const CHART_HEIGHT_PX = 240;
export const CHART_MARGIN = { top: 10, right: 8, bottom: 2, left: 0 };
export const AXIS_TICK = { fill: 'currentColor', fontSize: 13 };
export const AXIS_WIDTH = 44;
/** Room at both ends so a point on the first or last minute is not cut in half. */
export const X_PADDING = { left: 10, right: 10 };
/** Room for a flag triangle on a point at the top or bottom of the scale. */
export const Y_PADDING = { top: 10, bottom: 6 };

/** Reads a flag from a plotted point handed back by Recharts (typed loosely there). */
function readFlag(point: unknown, key: string): Interpretation | undefined {
  if (typeof point !== 'object' || point === null) return undefined;
  const flag = (point as Record<string, unknown>)[key];
  return flag === 'low' || flag === 'normal' || flag === 'high' ? flag : undefined;
}

const TRIANGLE = 6;

/**
 * Dots that carry the server's flag: a triangle pointing up (high) or down (low), so an
 * out-of-range point is visible without colour. Normal points get a small dot on sparse series
 * (cuff, nurse readings) and none on the 5-second monitor stream.
 */
export function flaggedDot(flagKey: string, normalRadius: number): (props: DotItemDotProps) => ReactNode {
  // A render function Recharts calls per point, not a component: no hooks, no state.
  return function renderFlaggedDot({ cx, cy, payload, index }: DotItemDotProps): ReactNode {
    if (cx === undefined || cy === undefined) return null;
    const flag = readFlag(payload, flagKey);
    if (flag === 'high' || flag === 'low') {
      const tip = flag === 'high' ? cy - TRIANGLE : cy + TRIANGLE;
      const base = flag === 'high' ? cy + TRIANGLE * 0.7 : cy - TRIANGLE * 0.7;
      return <path key={index} className={`chart-flag chart-flag--${flag}`} d={`M${cx} ${tip} L${cx + TRIANGLE} ${base} L${cx - TRIANGLE} ${base} Z`} />;
    }
    if (normalRadius === 0) return null;
    return <circle key={index} className="chart-dot" cx={cx} cy={cy} r={normalRadius} />;
  };
}

export interface LegendEntry {
  label: string;
  seriesClass: string;
  dashed: boolean;
}

interface ChartFrameProps {
  chartId: string;
  title: string;
  legend: readonly LegendEntry[];
  pointCount: number;
  /** Read by screen readers in place of the drawing; the tables below hold every value. */
  summary: string;
  children: ReactNode;
}

export function ChartFrame({ chartId, title, legend, pointCount, summary, children }: ChartFrameProps) {
  return (
    <figure className="vital-chart" data-chart={chartId} data-points={pointCount}>
      <figcaption className="vital-chart__caption">
        <h3 className="vital-chart__title">{title}</h3>
        <ul className="chart-legend" aria-label={`${title} legend`}>
          {legend.map((entry) => (
            <li key={entry.label} className={`chart-legend__item ${entry.seriesClass}`}>
              <svg width="26" height="10" aria-hidden="true" focusable="false">
                <line x1="1" y1="5" x2="25" y2="5" stroke="currentColor" strokeWidth="2.5" strokeDasharray={entry.dashed ? '5 3' : undefined} />
              </svg>
              {entry.label}
            </li>
          ))}
        </ul>
        <span className="sr-only">{summary}</span>
      </figcaption>
      {/* The drawing is hidden from screen readers (and Recharts' keyboard layer is off): the
          caption summarises it and the observation table below holds every value. */}
      <div className="vital-chart__plot" style={{ height: CHART_HEIGHT_PX }} aria-hidden="true">
        {pointCount === 0 ? <p className="vital-chart__empty">No readings yet</p> : children}
      </div>
    </figure>
  );
}
