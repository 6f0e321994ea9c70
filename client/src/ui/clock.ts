import { useSyncExternalStore } from 'react';

const TICK_MS = 1_000;

/**
 * One shared clock for every "3 min ago" and elapsed-time label. Only the components that read
 * it re-render each second (tiny text leaves), never the cards around them. The interval runs
 * only while something is listening.
 */
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const getNow = (): number => now;

/** The current time in ms, updated once a second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, getNow);
}
