import type { ChartPoint } from './chartSeries.ts';

/** One sentence for screen readers in place of a drawn series. */
export function latestSummary(label: string, unitLabel: string, points: readonly ChartPoint[]): string {
  const last = points.at(-1);
  if (!last) return `${label}: no readings.`;
  return `${label}: ${points.length} readings, latest ${last.value} ${unitLabel}${last.flag === 'normal' ? '' : ` (${last.flag})`}.`;
}
