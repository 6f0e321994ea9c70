import { DashboardClient } from './dashboardClient.ts';
import type { FleetMessage, FleetOptions, ParentMessage, WindowReport } from './fleetProtocol.ts';
import { LatencyHistogram } from './histogram.ts';
import { wallNow } from './clock.ts';

/**
 * The dashboard fleet: N ward dashboards in this one process, away from the server and the
 * producer, driven by its parent over IPC (`fleet.ts`). Start it with `node --import tsx`.
 *
 * Latency is joined here: the parent streams each observation's send time, the dashboards report
 * each arrival, and whichever comes second completes the pair. A pair is forgotten once every
 * dashboard has had the observation (or after RETENTION_MS), so memory stays flat in a long soak.
 */

const RETENTION_MS = 120_000;
const CONNECT_CONCURRENCY = 10;

interface Pending {
  sentAt?: number;
  /** Arrivals that came before their send time did. */
  early?: number[];
  seen: number;
  bornAt: number;
}

let options: FleetOptions | undefined;
const clients: DashboardClient[] = [];
const pending = new Map<string, Pending>();
let measuring = freshWindow();

function freshWindow(): { from: number; latency: LatencyHistogram; deliveries: number; unmatched: number } {
  return { from: wallNow(), latency: new LatencyHistogram(), deliveries: 0, unmatched: 0 };
}

function send(message: FleetMessage): void {
  process.send?.(message);
}

function settleIfComplete(id: string, entry: Pending): void {
  if (options && entry.sentAt !== undefined && entry.seen >= options.clients) pending.delete(id);
}

const hooks = {
  onLiveObservation(id: string, arrivedAt: number): void {
    measuring.deliveries++;
    if (!options?.measureLatency) return;
    const entry = pending.get(id) ?? { seen: 0, bornAt: arrivedAt };
    pending.set(id, entry);
    entry.seen++;
    if (entry.sentAt !== undefined) measuring.latency.add(arrivedAt - entry.sentAt);
    else if (entry.early) entry.early.push(arrivedAt);
    else entry.early = [arrivedAt];
    settleIfComplete(id, entry);
  },
};

function noteSent(items: Array<[string, number]>): void {
  for (const [id, sentAt] of items) {
    const entry = pending.get(id) ?? { seen: 0, bornAt: sentAt };
    pending.set(id, entry);
    entry.sentAt = sentAt;
    for (const arrivedAt of entry.early ?? []) measuring.latency.add(arrivedAt - sentAt);
    entry.early = undefined;
    settleIfComplete(id, entry);
  }
}

function sweep(): void {
  const horizon = wallNow() - RETENTION_MS;
  for (const [id, entry] of pending) {
    if (entry.bornAt >= horizon) continue;
    measuring.unmatched += entry.early?.length ?? 0;
    pending.delete(id);
  }
}

async function start(given: FleetOptions): Promise<number> {
  options = given;
  for (let i = 0; i < given.clients; i++) clients.push(new DashboardClient(i, given.cookie, hooks));
  for (let i = 0; i < clients.length; i += CONNECT_CONCURRENCY) {
    await Promise.all(clients.slice(i, i + CONNECT_CONCURRENCY).map((c) => c.open(given.url)));
  }
  measuring = freshWindow();
  return clients.length;
}

function report(): WindowReport {
  const current = measuring;
  measuring = freshWindow();
  return {
    from: current.from,
    to: measuring.from,
    latency: current.latency.toData(),
    deliveries: current.deliveries,
    unmatched: current.unmatched,
    connected: clients.filter((c) => c.summary().connected).length,
    fleetRss: process.memoryUsage.rss(),
  };
}

async function handle(message: ParentMessage): Promise<void> {
  switch (message.kind) {
    case 'sent':
      noteSent(message.items);
      return;
    case 'start':
      send({ kind: 'started', requestId: message.requestId, connected: await start(message.options) });
      return;
    case 'report':
      send({ kind: 'report', requestId: message.requestId, report: report() });
      return;
    case 'summary':
      send({ kind: 'summary', requestId: message.requestId, clients: clients.map((c) => c.summary()) });
      return;
    case 'retarget':
      await Promise.all(clients.map((c) => c.open(message.url)));
      send({ kind: 'retargeted', requestId: message.requestId });
      return;
    case 'close':
      for (const client of clients) client.close();
      send({ kind: 'closed', requestId: message.requestId });
      process.disconnect?.();
      return;
  }
}

process.on('message', (message: ParentMessage) => {
  handle(message).catch((error: unknown) => {
    const requestId = 'requestId' in message ? message.requestId : -1;
    send({ kind: 'failed', requestId, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  });
});

// The parent owns this process: when it goes, so does the fleet (no orphaned sockets).
process.on('disconnect', () => {
  for (const client of clients) client.close();
  process.exit(0);
});

setInterval(sweep, 5_000).unref();
