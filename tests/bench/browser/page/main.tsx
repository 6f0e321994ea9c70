// The app's own tokens and base styles, so the components lay out as they do in the product.
import '../../../../client/src/app/tokens.css';
import '../../../../client/src/app/base.css';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { memo, useSyncExternalStore } from 'react';
import { type Root, createRoot } from 'react-dom/client';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { queryKeys } from '../../../../client/src/api/queryKeys.ts';
import { TrendCharts } from '../../../../client/src/features/session/charts/TrendCharts.tsx';
import { WardGrid } from '../../../../client/src/features/overview/WardPage.tsx';
import { SessionCard } from '../../../../client/src/features/overview/SessionCard.tsx';
import { cacheSeries, patchSeries } from '../../../../client/src/realtime/seriesPatch.ts';
import { patchWard } from '../../../../client/src/realtime/wardPatch.ts';
import type { ChangeEvent } from '../../../../shared/realtime/changes.ts';
import type { VitalSeries } from '../../../../shared/schemas/series.ts';
import type { WardSession, WardSnapshot } from '../../../../shared/schemas/session.ts';
import { SESSION_ID, type SyntheticWard, fourHourSession, heartRateAt, reading, spo2At, twelveChairWard } from './synthetic.ts';
import './bench.css';

/**
 * The browser side of `npm run bench`: mounts the real session charts and ward wall with synthetic
 * data, and the same screens drawn with plain Recharts fed every point, and drives live updates
 * through the app's own cache patches (the socket is the only part left out).
 */

type Variant = 'ours' | 'plain';

const container = document.getElementById('root') as HTMLElement;
let root: Root | null = null;
let queryClient = newQueryClient();
let streamTimer: ReturnType<typeof setInterval> | undefined;

function newQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { staleTime: Number.POSITIVE_INFINITY, retry: false, refetchOnWindowFocus: false } } });
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** Resolves after the frame that shows the current DOM has been produced. */
async function painted(): Promise<void> {
  await nextFrame();
  await nextFrame();
}

async function until(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error('timed out waiting for the page');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function unmount(): void {
  clearInterval(streamTimer);
  root?.unmount();
  root = null;
  queryClient = newQueryClient();
}

// ---- Session charts -------------------------------------------------------------------------

const chartNow = Date.parse('2026-11-22T14:00:00Z');
let chartLastT = 0;
let serial = 1_000_000;

/** Plain Recharts: every reading as an object, default settings (animation, dots, tooltip). */
type PlainPoint = { minute: number; value: number };
const plainStore = {
  data: new Map<string, PlainPoint[]>(),
  listeners: new Set<() => void>(),
  version: 0,
  subscribe(listener: () => void) {
    plainStore.listeners.add(listener);
    return () => plainStore.listeners.delete(listener);
  },
  set(kind: string, points: PlainPoint[]) {
    plainStore.data.set(kind, points);
    plainStore.version++;
    for (const listener of plainStore.listeners) listener();
  },
};

const PlainChart = memo(function PlainChart({ kind, height }: { kind: string; height: number }) {
  useSyncExternalStore(plainStore.subscribe, () => plainStore.data.get(kind));
  const data = plainStore.data.get(kind) ?? [];
  return (
    <figure className="plain-chart" data-chart={kind}>
      <figcaption>{kind}</figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="minute" type="number" domain={['dataMin', 'dataMax']} />
          <YAxis />
          <Tooltip />
          <Line type="monotone" dataKey="value" stroke="#0f766e" />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
});

function PlainCharts() {
  return (
    <div className="plain-charts">
      <PlainChart kind="heartRate" height={190} />
      <PlainChart kind="spo2" height={150} />
      <PlainChart kind="bloodPressure" height={200} />
      <PlainChart kind="respiratoryRate" height={140} />
      <PlainChart kind="pain" height={120} />
    </div>
  );
}

function toPlain(column: VitalSeries, zeroMs: number): PlainPoint[] {
  return column.t.map((t, index) => ({ minute: (t - zeroMs) / 60_000, value: column.v[index] as number }));
}

async function mountChart(variant: Variant): Promise<{ ms: number; points: number }> {
  unmount();
  const session = fourHourSession(chartNow);
  chartLastT = session.lastT;
  const zeroMs = Date.parse(session.record.infusionStartedAt ?? '');
  const start = performance.now();
  if (variant === 'ours') {
    queryClient.setQueryData(
      queryKeys.sessionSeries(SESSION_ID),
      cacheSeries({ sessionId: SESSION_ID, from: null, to: null, downsampled: false, seq: 1, series: session.series }),
    );
    root = createRoot(container);
    root.render(
      <QueryClientProvider client={queryClient}>
        <div className="bench-frame">
          <TrendCharts record={session.record} />
        </div>
      </QueryClientProvider>,
    );
    await until(() => document.querySelectorAll('figure[data-chart="heart-rate"] .recharts-line-curve').length > 0);
  } else {
    for (const column of session.series) plainStore.set(column.kind, toPlain(column, zeroMs));
    root = createRoot(container);
    root.render(<PlainCharts />);
    await until(() => document.querySelectorAll('.plain-chart .recharts-line-curve').length >= 5);
  }
  await painted();
  return { ms: performance.now() - start, points: session.series.reduce((sum, column) => sum + column.t.length, 0) };
}

/** One live reading: the next second's heart rate, through the same cache patch the socket uses. */
function appendChartReading(variant: Variant): void {
  chartLastT += 1000;
  const second = (chartLastT - (chartNow - 4 * 3600 * 1000)) / 1000;
  const value = heartRateAt(second);
  if (variant === 'ours') {
    const change: ChangeEvent = {
      seq: serial,
      type: 'observation.recorded',
      sessionId: SESSION_ID,
      at: new Date(chartLastT).toISOString(),
      payload: { observation: reading(SESSION_ID, 'heartRate', chartLastT, value, serial++) },
    };
    queryClient.setQueryData(queryKeys.sessionSeries(SESSION_ID), (current: ReturnType<typeof cacheSeries> | undefined) =>
      current ? patchSeries(current, change).next : current,
    );
  } else {
    const zeroMs = chartNow - 4 * 3600 * 1000;
    const points = plainStore.data.get('heartRate') ?? [];
    plainStore.set('heartRate', [...points, { minute: (chartLastT - zeroMs) / 60_000, value }]);
  }
}

/** How many heart-rate points the chart has drawn (`data-drawn`, or the plain chart's dots). */
function drawnHeartRate(variant: Variant): number {
  if (variant === 'ours') return Number(document.querySelector('figure[data-chart="heart-rate"]')?.getAttribute('data-points') ?? 0);
  return plainStore.data.get('heartRate')?.length ?? 0;
}

/**
 * One live update and the time until the frame showing it: append a reading (or, for the idle
 * reference, do nothing), wait for the chart to take it and two frames, then let the page settle
 * (plain Recharts animates the new line for 1.5 s) so its whole cost falls inside the window.
 */
async function liveUpdate(variant: Variant, settleMs: number, append: boolean): Promise<number> {
  const before = drawnHeartRate(variant);
  const start = performance.now();
  if (append) {
    appendChartReading(variant);
    if (variant === 'ours') await until(() => drawnHeartRate(variant) > before);
  }
  await painted();
  const latency = performance.now() - start;
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return latency;
}

// ---- Ward wall ------------------------------------------------------------------------------

let wardData: SyntheticWard | null = null;
const fullStore = {
  listeners: new Set<() => void>(),
  subscribe(listener: () => void) {
    fullStore.listeners.add(listener);
    return () => fullStore.listeners.delete(listener);
  },
  notify() {
    for (const listener of fullStore.listeners) listener();
  },
};

const EMPTY_TREND: WardSession['trend'] = { heartRate: [], spo2: [], systolic: [] };
const toObjects = (points: Array<[number, number]>) => points.map(([t, value]) => ({ t, value }));

/** The same card with its trends drawn by plain Recharts, fed every reading since check-in. */
const PlainCard = memo(function PlainCard({ session, version }: { session: WardSession; version: number }) {
  const full = wardData?.full.get(session.id);
  void version;
  return (
    <div className="plain-card">
      <SessionCard session={session.trend === EMPTY_TREND ? session : { ...session, trend: EMPTY_TREND }} />
      <ResponsiveContainer width="100%" height={110}>
        <LineChart>
          <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} />
          <YAxis />
          <Tooltip />
          <Line data={toObjects(full?.heartRate ?? [])} dataKey="value" stroke="#0f766e" />
          <Line data={toObjects(full?.spo2 ?? [])} dataKey="value" stroke="#1d4ed8" />
          <Line data={toObjects(full?.systolic ?? [])} dataKey="value" stroke="#7e22ce" />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
});

const versions = new Map<string, number>();

function PlainWard() {
  const ward = useQuery({ queryKey: queryKeys.ward, queryFn: () => wardData?.ward as WardSnapshot }).data;
  useSyncExternalStore(fullStore.subscribe, () => versions.size + [...versions.values()].reduce((a, b) => a + b, 0));
  if (!ward) return null;
  return (
    <ul className="ward-grid plain-ward">
      {ward.sessions.map((session) => (
        <li key={session.id} className="ward-grid__item">
          <PlainCard session={session} version={versions.get(session.id) ?? 0} />
        </li>
      ))}
    </ul>
  );
}

function OurWard() {
  const ward = useQuery({ queryKey: queryKeys.ward, queryFn: () => wardData?.ward as WardSnapshot }).data;
  return ward ? <WardGrid ward={ward} order="chair" /> : null;
}

async function mountWard(variant: Variant): Promise<void> {
  unmount();
  const now = Date.now();
  wardData = twelveChairWard(now);
  versions.clear();
  queryClient.setQueryData(queryKeys.ward, wardData.ward);
  root = createRoot(container);
  root.render(
    <QueryClientProvider client={queryClient}>
      <main className="page ward-page">{variant === 'ours' ? <OurWard /> : <PlainWard />}</main>
    </QueryClientProvider>,
  );
  await until(() => document.querySelectorAll('article.session-card').length === 12);
  await painted();
}

/**
 * Twelve chairs at 1 Hz: every second each chair's monitor sends a heart rate and an SpO₂ together
 * (two change events in one delivery, as the socket hands over a monitor's batch), the chairs
 * spread evenly over the second, applied with the ward patch as the live feed does.
 */
function startStreaming(variant: Variant): void {
  const ward = wardData;
  if (!ward) throw new Error('mount the ward first');
  let tick = 0;
  let seq = 10;
  streamTimer = setInterval(() => {
    const session = ward.ward.sessions[tick % 12] as WardSession;
    tick++;
    const full = ward.full.get(session.id);
    if (!full) return;
    const t = Date.now();
    const second = Math.floor(t / 1000);
    for (const kind of ['heartRate', 'spo2'] as const) {
      const value = kind === 'heartRate' ? heartRateAt(second) : spo2At(second);
      const change: ChangeEvent = {
        seq: ++seq,
        type: 'observation.recorded',
        sessionId: session.id,
        at: new Date(t).toISOString(),
        payload: { observation: reading(session.id, kind, t, value, seq) },
      };
      queryClient.setQueryData(queryKeys.ward, (current: WardSnapshot | undefined) => (current ? { ...patchWard(current, change).next, seq: change.seq } : current));
      if (variant === 'plain') full[kind].push([t, value]);
    }
    if (variant === 'plain') {
      versions.set(session.id, (versions.get(session.id) ?? 0) + 1);
      fullStore.notify();
    }
  }, 1000 / 12);
}

function stopStreaming(): void {
  clearInterval(streamTimer);
}

const api = { mountChart, appendChartReading, drawnHeartRate, liveUpdate, mountWard, startStreaming, stopStreaming, unmount, painted };
(window as unknown as { chairsideBench: typeof api }).chairsideBench = api;
export type BenchApi = typeof api;
