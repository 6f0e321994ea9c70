import { useSyncExternalStore } from 'react';

export interface HoverState {
  /** The minute under the pointer, on the shared time axis; null when the pointer is elsewhere. */
  minute: number | null;
  /** Its x position inside the plot container (every chart has the same geometry). */
  x: number;
  /** The chart the pointer is over (its tooltip shows). */
  chartId: string | null;
  /** A drag-to-zoom selection in progress, in minutes. */
  drag: { from: number; to: number; fromX: number; toX: number } | null;
}

const IDLE: HoverState = { minute: null, x: 0, chartId: null, drag: null };

/**
 * Where the pointer is over the session's charts. Pointer moves are coalesced to one update per
 * animation frame (a throttled tooltip), and only the small cursor and tooltip layers subscribe:
 * hovering never re-renders a chart.
 */
export class HoverStore {
  private state: HoverState = IDLE;
  private pending: HoverState | null = null;
  private frame = 0;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly get = (): HoverState => this.state;

  /** Throttled to the next frame; the latest position wins. */
  set(next: Partial<HoverState>): void {
    this.pending = { ...(this.pending ?? this.state), ...next };
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const pending = this.pending;
      this.pending = null;
      if (pending) this.publish(pending);
    });
  }

  clear(): void {
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.pending = null;
    this.publish(IDLE);
  }

  private publish(state: HoverState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

export function useHover(store: HoverStore): HoverState {
  return useSyncExternalStore(store.subscribe, store.get);
}

/** Pixel ↔ value for one chart's plot, as Recharts laid it out. */
export interface PlotGeometry {
  left: number;
  top: number;
  width: number;
  height: number;
  toX(minute: number): number;
  toMinute(x: number): number;
  toY(value: number): number;
  /** Identifies the layout, so listeners re-render only when it changes. */
  key: string;
}

/**
 * Where one chart's plot is and how it maps values to pixels. Recharts writes it after each layout
 * (see `GeometryProbe`); the pointer handlers read it, and the live layer redraws when it changes.
 */
export class GeometryStore {
  current: PlotGeometry | null = null;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly get = (): PlotGeometry | null => this.current;

  set(next: PlotGeometry): void {
    if (this.current?.key === next.key) return;
    this.current = next;
    for (const listener of this.listeners) listener();
  }
}

export function useGeometry(store: GeometryStore): PlotGeometry | null {
  return useSyncExternalStore(store.subscribe, store.get);
}
