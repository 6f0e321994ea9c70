/** Axis domains and explicit ticks, so charts never pick odd bounds or jump as points arrive. */

export interface AxisScale {
  domain: [number, number];
  ticks: number[];
}

const MAX_TICKS = 9;

/**
 * The smallest range on multiples of `step` that holds every value and every `include` (e.g. the
 * normal range, so "normal" always has the same place on screen). The step doubles until the
 * ticks fit.
 */
export function niceScale(values: readonly number[], include: readonly number[], step: number): AxisScale {
  const all = [...values, ...include].filter(Number.isFinite);
  if (all.length === 0) return { domain: [0, step], ticks: [0, step] };
  let tickStep = step;
  let low = Math.floor(Math.min(...all) / tickStep) * tickStep;
  let high = Math.ceil(Math.max(...all) / tickStep) * tickStep;
  if (high === low) high = low + tickStep;
  while ((high - low) / tickStep + 1 > MAX_TICKS) {
    tickStep *= 2;
    low = Math.floor(low / tickStep) * tickStep;
    high = Math.ceil(high / tickStep) * tickStep;
  }
  const ticks: number[] = [];
  for (let tick = low; tick <= high + tickStep / 1000; tick += tickStep) ticks.push(roundTick(tick));
  return { domain: [low, high], ticks };
}

/** A minutes axis: 5-minute ticks for a short session, coarser as it grows. */
export function minutesScale(minutes: readonly number[], include: readonly number[]): AxisScale {
  const all = [...minutes, ...include].filter(Number.isFinite);
  const span = all.length === 0 ? 0 : Math.max(...all) - Math.min(...all);
  const step = span <= 45 ? 5 : span <= 120 ? 10 : span <= 240 ? 20 : 30;
  return niceScale(minutes, include, step);
}

function roundTick(value: number): number {
  return Math.round(value * 1000) / 1000;
}
