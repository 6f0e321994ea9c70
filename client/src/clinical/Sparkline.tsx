import { memo } from 'react';
import type { Range } from '../../../shared/vitals/catalogue.ts';
import './Sparkline.css';

/** Drawing units; the SVG stretches to its box and strokes keep their width. */
const WIDTH = 100;
const HEIGHT = 30;
const PAD = 2.5;

interface SparklineProps {
  points: ReadonlyArray<readonly [number, number]>;
  /** The time span to draw over (epoch ms), shared by a card's sparklines so they line up. */
  span: readonly [number, number];
  /** The normal range, drawn as a band so "in range" reads at a glance. */
  normal: Range;
  /** Whether the server flagged the latest reading (the last dot takes the flag colour). */
  lastFlagged: boolean;
}

/**
 * A few dozen points of one vital over the session as a tiny inline SVG (no chart library on the
 * ward: it stays in the first bundle and costs a path per update). Memoised on the points array,
 * which the ward patch replaces only when this vital changes.
 */
export const Sparkline = memo(function Sparkline({ points, span, normal, lastFlagged }: SparklineProps) {
  if (points.length === 0) return <svg className="sparkline sparkline--empty" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true" focusable="false" />;
  let low = normal.low;
  let high = normal.high;
  for (const [, value] of points) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  const margin = (high - low) * 0.08 || 1;
  low -= margin;
  high += margin;
  const [start, end] = span;
  const width = Math.max(end - start, 1);
  const x = (t: number): number => ((t - start) / width) * WIDTH;
  const y = (value: number): number => PAD + (1 - (value - low) / (high - low)) * (HEIGHT - 2 * PAD);

  let path = '';
  for (const [t, value] of points) path += `${path === '' ? 'M' : 'L'}${x(t).toFixed(2)} ${y(value).toFixed(2)}`;
  const [lastT, lastValue] = points[points.length - 1] as readonly [number, number];
  const bandTop = y(normal.high);

  return (
    <svg className="sparkline" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect className="sparkline__band" x={0} y={bandTop} width={WIDTH} height={y(normal.low) - bandTop} />
      <path className="sparkline__line" d={path} />
      <path className={lastFlagged ? 'sparkline__last sparkline__last--flagged' : 'sparkline__last'} d={`M${x(lastT).toFixed(2)} ${y(lastValue).toFixed(2)}h0`} />
    </svg>
  );
});
