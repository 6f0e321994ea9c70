import { waitFor } from '../support/freePort.ts';
import type { SpawnedStore } from '../support/spawnedStore.ts';
import { behind, storedDigest } from './checks.ts';
import { sleep, wallNow } from './clock.ts';
import { type Fleet, startFleet } from './fleet.ts';
import type { ClientSummary, WindowReport } from './fleetProtocol.ts';
import { LatencyHistogram } from './histogram.ts';
import { mergeLedgers } from './ledger.ts';
import { setUpLoadClinic } from './loadClinic.ts';
import { runPaced } from './pacing.ts';
import { mib, median, residentBytes } from './processMemory.ts';
import { SocketProducer } from './producer.ts';
import { LOAD_SERVER_ENV } from './serverEnv.ts';
import { type Verdict, judgeFlatness, judgeIntegrity } from './soakVerdicts.ts';
import { readStoredObservations } from './storedObservations.ts';

export interface SoakOptions {
  store: SpawnedStore;
  durationMs: number;
  /** Observations per second in all. */
  ratePerSecond: number;
  /** Chairs the rate is spread over; each sends rate/chairs readings a second (default: 1 Hz each). */
  chairs?: number;
  dashboards: number;
  /** Gateways (device tokens, one socket each) the chairs are shared between. */
  gateways?: number;
  /** Length of one row of the table (latency and memory per window). */
  windowMs?: number;
  /** How often the server's resident memory is read. */
  sampleMs?: number;
  /** Last-third median RSS may be at most this multiple of the first-third median (after warm-up). */
  memoryGrowthLimit?: number;
  /** Last window's p99 may be at most this multiple of the first window's… */
  latencyGrowthLimit?: number;
  /** …or this many milliseconds, whichever is larger (a 3 ms p99 doubling is noise, not a trend). */
  latencyFloorMs?: number;
  /** Progress lines as the run goes. */
  log?: (line: string) => void;
}

export interface SoakWindow {
  /** False for the closing row: the rest of the load and the catch-up after it. */
  full: boolean;
  fromS: number;
  toS: number;
  sent: number;
  acknowledged: number;
  deliveries: number;
  p50: number;
  p99: number;
  max: number;
  serverRssMiB: number;
  fleetRssMiB: number;
}

export interface SoakResult {
  windows: SoakWindow[];
  /** Every resident-memory sample of the server: seconds since the load began, MiB. */
  memory: Array<[number, number]>;
  totals: { sent: number; acknowledged: number; stored: number; dashboards: number; overall: { p50: number; p99: number; max: number } };
  /** Correctness: nothing lost, nothing duplicated, every dashboard caught up. */
  integrity: Verdict[];
  /** Flatness: memory and latency at the end against the beginning. */
  flatness: Verdict[];
  clients: ClientSummary[];
}

/**
 * A steady load on a real server process for a bounded time, on loopback only: `ratePerSecond`
 * monitors at 1 Hz through device-gateway sockets, `dashboards` ward dashboards in their own
 * process. Samples server memory and ingest→dashboard latency per window, then checks the store
 * and every dashboard against what was acknowledged.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? (() => undefined);
  const windowMs = options.windowMs ?? Math.min(60_000, Math.max(5_000, options.durationMs / 6));
  // Enough samples for the thirds of the memory check in a short run, few enough in a long one.
  const sampleMs = options.sampleMs ?? Math.min(5_000, Math.max(500, options.durationMs / 60));
  const chairs = options.chairs ?? options.ratePerSecond;
  const server = await options.store.start(LOAD_SERVER_ENV);
  const producers: SocketProducer[] = [];
  let fleet: Fleet | undefined;
  let sampler: ReturnType<typeof setInterval> | undefined;
  try {
    log(`server pid ${server.pid} on ${server.baseUrl} (${options.store.database.engine}); opening ${chairs} chairs`);
    const clinic = await setUpLoadClinic(server.baseUrl, chairs, options.gateways ?? 4);
    fleet = await startFleet({ url: server.baseUrl, clients: options.dashboards, cookie: clinic.readerCookie, measureLatency: true });
    const activeFleet = fleet;
    log(`${fleet.clients} dashboards subscribed (fleet pid ${fleet.pid})`);
    for (const [i, token] of clinic.deviceTokens.entries()) {
      producers.push(await SocketProducer.connect({ name: `gateway ${i + 1}`, url: server.baseUrl, token }));
    }
    const acknowledged = () => producers.reduce((n, p) => n + p.ledger.acknowledged.size, 0);

    const memory: Array<[number, number]> = [];
    const windows: SoakWindow[] = [];
    const overall = new LatencyHistogram();
    let sent = 0;
    let loadDone = false;
    const start = wallNow();
    const seconds = () => (wallNow() - start) / 1000;
    sampler = setInterval(() => {
      const rss = residentBytes(server.pid);
      if (rss !== undefined) memory.push([seconds(), mib(rss)]);
    }, sampleMs);

    let lastSent = 0;
    let lastAcked = 0;
    const addWindow = (report: WindowReport, fromS: number, full: boolean) => {
      const latency = LatencyHistogram.from(report.latency);
      overall.merge(report.latency);
      const toS = seconds();
      const inWindow = memory.filter(([t]) => t >= fromS && t <= toS).map(([, m]) => m);
      const row: SoakWindow = {
        full,
        fromS,
        toS,
        sent: sent - lastSent,
        acknowledged: acknowledged() - lastAcked,
        deliveries: report.deliveries,
        p50: latency.percentile(50),
        p99: latency.percentile(99),
        max: latency.max,
        serverRssMiB: median(inWindow),
        fleetRssMiB: mib(report.fleetRss),
      };
      lastSent = sent;
      lastAcked = acknowledged();
      windows.push(row);
      log(formatWindow(row));
    };
    const windowLoop = (async () => {
      await activeFleet.report();
      let from = 0;
      while (!loadDone) {
        const boundary = start + (windows.length + 1) * windowMs;
        while (!loadDone && wallNow() < boundary) await sleep(Math.min(250, boundary - wallNow()));
        if (loadDone) break;
        addWindow(await activeFleet.report(), from, true);
        from = seconds();
      }
      return from;
    })();

    const plan = {
      sessions: clinic.sessions,
      producers,
      onSent: (id: string, at: number) => {
        sent++;
        activeFleet.noteSent(id, at);
      },
    };
    await runPaced(plan, options.ratePerSecond, options.durationMs);
    loadDone = true;
    const tailFrom = await windowLoop;

    // Every dashboard must catch up with what the store holds; the tail counts in the last row.
    const ledger = mergeLedgers(producers.map((p) => p.ledger));
    const sessionIds = clinic.sessions;
    let stored = await readStoredObservations(options.store.database, sessionIds);
    const expected = storedDigest(stored);
    let clients: ClientSummary[] = [];
    try {
      await waitFor(
        async () => {
          clients = await activeFleet.summary();
          return behind(clients, expected) === 0;
        },
        'every dashboard to hold every stored observation',
        120_000,
        500,
      );
    } catch (error) {
      log(`not caught up: ${(error as Error).message}`);
    }
    clients = await activeFleet.summary();
    const tail = await activeFleet.report();
    if (tail.deliveries > 0 || sent > lastSent) addWindow(tail, tailFrom, false);
    clearInterval(sampler);
    sampler = undefined;
    stored = await readStoredObservations(options.store.database, sessionIds);

    const integrity = judgeIntegrity(ledger, stored, clients, { expected: storedDigest(stored), steady: true });
    const flatness = judgeFlatness(memory, windows, windowMs / 1000, options);
    return {
      windows,
      memory,
      totals: {
        sent,
        acknowledged: ledger.acknowledged.size,
        stored: new Set(stored.rows).size,
        dashboards: clients.length,
        overall: { p50: overall.percentile(50), p99: overall.percentile(99), max: overall.max },
      },
      integrity,
      flatness,
      clients,
    };
  } finally {
    clearInterval(sampler);
    for (const p of producers) p.close();
    await fleet?.close();
    await server.stop();
  }
}

export function formatWindow(w: SoakWindow): string {
  const n = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '—');
  return [
    `${w.full ? '    ' : 'tail'} ${n(w.fromS, 0).padStart(5)}–${n(w.toS, 0).padEnd(5)} s`,
    `sent ${String(w.sent).padStart(6)}`,
    `acked ${String(w.acknowledged).padStart(6)}`,
    `delivered ${String(w.deliveries).padStart(8)}`,
    `p50 ${n(w.p50).padStart(6)} ms`,
    `p99 ${n(w.p99).padStart(6)} ms`,
    `max ${n(w.max).padStart(7)} ms`,
    `server RSS ${n(w.serverRssMiB).padStart(6)} MiB`,
    `fleet RSS ${n(w.fleetRssMiB).padStart(6)} MiB`,
  ].join('  ');
}
