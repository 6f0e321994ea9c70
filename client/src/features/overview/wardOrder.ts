import { useCallback, useSyncExternalStore } from 'react';
import type { WardOrder } from './wardLayout.ts';

const STORAGE_KEY = 'chairside-ward-order';
const listeners = new Set<() => void>();

function read(): WardOrder {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'urgency' ? 'urgency' : 'chair';
  } catch {
    // Storage can be blocked (kiosk policies): chair order, not remembered.
    return 'chair';
  }
}

let current: WardOrder | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = (): WardOrder => {
  current ??= read();
  return current;
};

/** How the wall orders its chairs, remembered on this screen across reloads. */
export function useWardOrder(): [WardOrder, (order: WardOrder) => void] {
  const order = useSyncExternalStore(subscribe, snapshot, () => 'chair' as const);
  const setOrder = useCallback((next: WardOrder) => {
    current = next;
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Applied, just not remembered.
    }
    for (const listener of listeners) listener();
  }, []);
  return [order, setOrder];
}
