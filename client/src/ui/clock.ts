import { useSyncExternalStore } from 'react';

/**
 * Shared clocks for every "3 min ago", elapsed-time label and staleness check. Only the components
 * that read a clock re-render when it ticks (tiny text leaves), never the cards around them. A
 * clock's interval runs only while something is listening.
 */
class Clock {
  private readonly listeners = new Set<() => void>();
  private now = Date.now();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly periodMs: number) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.timer === undefined) {
      this.now = Date.now();
      this.timer = setInterval(() => {
        this.now = Date.now();
        for (const notify of this.listeners) notify();
      }, this.periodMs);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer !== undefined) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  };

  readonly getNow = (): number => this.now;
}

const everySecond = new Clock(1_000);
const everyFiveSeconds = new Clock(5_000);
const everyFifteenSeconds = new Clock(15_000);

/** The current time in ms, updated once a second. */
export function useNow(): number {
  return useSyncExternalStore(everySecond.subscribe, everySecond.getNow);
}

/**
 * The current time, updated every 5 s: for labels that change by the minute (infusion minutes,
 * tile ages, staleness), so a wall of cards does not re-render them every second.
 */
export function useCoarseNow(): number {
  return useSyncExternalStore(everyFiveSeconds.subscribe, everyFiveSeconds.getNow);
}

/**
 * The current time, updated every 15 s: for decisions that should not flicker from second to
 * second, such as the order of the ward by urgency.
 */
export function useSlowNow(): number {
  return useSyncExternalStore(everyFifteenSeconds.subscribe, everyFifteenSeconds.getNow);
}
