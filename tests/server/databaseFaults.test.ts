import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStore } from '../load/checks.ts';
import { sleep } from '../load/clock.ts';
import { HttpProducer } from '../load/httpProducer.ts';
import { type Outcome, mergeLedgers } from '../load/ledger.ts';
import { type LoadClinic, setUpLoadClinic } from '../load/loadClinic.ts';
import { runSaturated } from '../load/pacing.ts';
import { type Producer, SocketProducer } from '../load/producer.ts';
import { monitorReading } from '../load/readings.ts';
import { LOAD_SERVER_ENV } from '../load/serverEnv.ts';
import { readStoredObservations } from '../load/storedObservations.ts';
import { type ChildServer, killAllSpawned } from '../support/childServer.ts';
import { engineTargets } from '../support/engines.ts';
import { describeWhen } from '../support/requirements.ts';
import { type SpawnedStore, sqliteStore, storeFor } from '../support/spawnedStore.ts';

/**
 * The store misbehaves under the real server process: locked by another connection, slow, or its
 * connections killed. The contract: every write is answered; an acknowledged write is stored;
 * a refused one says so with a machine-readable reason (503 `storage_unavailable`, or the socket
 * ack `{ ok: false, error: 'storage_unavailable' }`) and stored nothing, not even part of its batch.
 */

/** How long a write facing a stuck store may wait for its answer: a nurse must learn it was not stored. */
const ANSWER_WITHIN_MS = 30_000;
const BATCH = 3;

interface Rig {
  store: SpawnedStore;
  server: ChildServer;
}

/** A server on the store, restarted if an earlier fault took it down (so each test stands alone). */
async function serverUp(rig: Rig): Promise<ChildServer> {
  const alive = await fetch(`${rig.server.baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) }).then(
    (r) => r.status === 200,
    () => false,
  );
  if (!alive) {
    await rig.server.kill();
    rig.server = await rig.store.start(LOAD_SERVER_ENV);
  }
  return rig.server;
}

interface Gateways {
  clinic: LoadClinic;
  producers: Producer[];
  close(): void;
}

/**
 * Fresh chairs and two gateways, one on a socket and one over HTTP, each with its own ledger. Each
 * has written once before the fault, so the fault meets the write path itself, not a token's
 * first-use bookkeeping.
 */
async function gateways(server: ChildServer): Promise<Gateways> {
  const clinic = await setUpLoadClinic(server.baseUrl, 4, 2);
  const [socketToken, httpToken] = clinic.deviceTokens;
  const socket = await SocketProducer.connect({ name: 'socket gateway', url: server.baseUrl, token: socketToken, ackTimeoutMs: 120_000 });
  const http = new HttpProducer('http gateway', server.baseUrl, httpToken ?? '', 120_000);
  const producers = [socket, http];
  for (const producer of producers) {
    expect(await producer.send([monitorReading(clinic.sessions[0] ?? '', 0)]), `${producer.name} before the fault`).toBe('acknowledged');
  }
  return { clinic, producers, close: () => socket.close() };
}

/** `count` batches of BATCH readings, alternating between the gateways, all sent at once. */
function fire(g: Gateways, count: number): Promise<Outcome[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) => {
      const producer = g.producers[i % g.producers.length] as Producer;
      const batch = Array.from({ length: BATCH }, (_, k) => monitorReading(g.clinic.sessions[(i + k) % g.clinic.sessions.length] ?? '', i * BATCH + k));
      return producer.send(batch);
    }),
  );
}

/** The store against the gateways' ledgers, and every refusal a clear, retryable one. */
async function expectNothingLost(rig: Rig, g: Gateways): Promise<void> {
  const ledger = mergeLedgers(g.producers.map((p) => p.ledger));
  expect(ledger.unanswered.size, 'writes never answered').toBe(0);
  expect(new Set(ledger.refused.values()), ledger.refusalSamples.join('\n')).toEqual(new Set(ledger.refused.size > 0 ? ['storage_unavailable'] : []));
  const stored = await readStoredObservations(rig.store.database, g.clinic.sessions);
  expect(checkStore(ledger, stored)).toEqual([]);
}

/** After the fault, the same gateways write again and are acknowledged. */
async function expectRecovered(g: Gateways): Promise<void> {
  for (const producer of g.producers) {
    const reading = monitorReading(g.clinic.sessions[0] ?? '', 0);
    let outcome: Outcome = 'unanswered';
    // A pooled connection killed during the fault may fail the first write after it.
    for (let attempt = 1; attempt <= 5 && outcome !== 'acknowledged'; attempt++) {
      outcome = await producer.send([reading]);
      if (outcome !== 'acknowledged') await sleep(500);
    }
    expect(outcome, `${producer.name} after the fault: ${producer.ledger.refusalSamples.join(' | ')}`).toBe('acknowledged');
  }
}

/** Sends 10 batches while `lock` holds the store for `holdMs`, then lets go: their outcomes. */
async function writesDuringBriefLock(g: Gateways, lock: { release(): Promise<void> }, holdMs: number): Promise<Outcome[]> {
  let writes: Promise<Outcome[]>;
  try {
    writes = fire(g, 10);
    await sleep(holdMs);
  } finally {
    await lock.release();
  }
  return writes;
}

/** Longer than SQLite's busy timeout (5 s), so a stuck lock is never mistaken for a brief one. */
const STUCK_AT_LEAST_MS = 6_000;

/**
 * Sends writes while `lock` keeps the store locked, holds it at least STUCK_AT_LEAST_MS and until
 * every write is answered (up to ANSWER_WITHIN_MS): a write must be refused in bounded time, never
 * left hanging until the lock happens to end.
 */
async function writesDuringStuckLock(g: Gateways, lock: { release(): Promise<void> }): Promise<{ answeredWhileLocked: boolean; outcomes: Outcome[] }> {
  let answered = false;
  const writes = fire(g, 6).then((outcomes) => {
    answered = true;
    return outcomes;
  });
  const start = Date.now();
  while ((!answered || Date.now() - start < STUCK_AT_LEAST_MS) && Date.now() - start < ANSWER_WITHIN_MS) await sleep(100);
  const answeredWhileLocked = answered;
  await lock.release();
  return { answeredWhileLocked, outcomes: await writes };
}

describe('database faults [sqlite]', () => {
  const rig = {} as Rig;
  beforeAll(async () => {
    rig.store = sqliteStore();
    rig.server = await rig.store.start(LOAD_SERVER_ENV);
  });
  afterAll(async () => {
    await killAllSpawned();
    await rig.store.remove();
  });

  /** Another connection holds the write lock (BEGIN IMMEDIATE) until released. */
  function lockSqlite(): { release(): Promise<void> } {
    if (rig.store.database.engine !== 'sqlite') throw new Error('not SQLite');
    const holder = new SQLite(rig.store.database.file);
    holder.exec('BEGIN IMMEDIATE');
    return {
      async release() {
        holder.exec('ROLLBACK');
        holder.close();
      },
    };
  }

  it('a write lock held 2 s is ridden out by the retries: every write waits and is acknowledged', async () => {
    const g = await gateways(await serverUp(rig));
    try {
      const outcomes = await writesDuringBriefLock(g, lockSqlite(), 2_000);
      const ledger = mergeLedgers(g.producers.map((p) => p.ledger));
      expect(outcomes, `refused although the lock ended well within the retry budget: ${ledger.refusalSamples.join(' | ')}`).toEqual(outcomes.map(() => 'acknowledged'));
      await expectNothingLost(rig, g);
      await expectRecovered(g);
    } finally {
      g.close();
    }
  });

  it('a write lock held past every retry: writes are refused loudly in time, nothing half-stored', async () => {
    const g = await gateways(await serverUp(rig));
    try {
      const { answeredWhileLocked, outcomes } = await writesDuringStuckLock(g, lockSqlite());
      expect(answeredWhileLocked, `writes still unanswered after ${ANSWER_WITHIN_MS} ms while the store stayed locked`).toBe(true);
      expect(outcomes).toEqual(outcomes.map(() => 'refused'));
      await expectNothingLost(rig, g);
      await expectRecovered(g);
    } finally {
      g.close();
    }
  }, 80_000);
});

const postgres = engineTargets().find((e) => e.name === 'postgres');

describeWhen(postgres?.unavailable === undefined, postgres?.unavailable ?? 'no PostgreSQL target', 'database faults [postgres]', () => {
  const rig = {} as Rig;
  beforeAll(async () => {
    if (!postgres) throw new Error('no PostgreSQL target');
    rig.store = storeFor(await postgres.freshDatabase());
    rig.server = await rig.store.start(LOAD_SERVER_ENV);
  });
  afterAll(async () => {
    await killAllSpawned();
    await rig.store.remove();
  });

  async function admin(): Promise<pg.Client> {
    if (rig.store.database.engine !== 'postgres') throw new Error('not PostgreSQL');
    const client = new pg.Client({ connectionString: rig.store.database.url });
    await client.connect();
    return client;
  }

  /** Another connection holds ACCESS EXCLUSIVE on observations (no reads, no writes) until released. */
  async function lockObservations(): Promise<{ release(): Promise<void> }> {
    const holder = await admin();
    await holder.query('begin');
    await holder.query('lock table observations in access exclusive mode');
    return {
      async release() {
        await holder.query('rollback');
        await holder.end();
      },
    };
  }

  it('observations locked for 3 s: writes wait and are stored and acknowledged, or refused loudly', async () => {
    const g = await gateways(await serverUp(rig));
    try {
      const outcomes = await writesDuringBriefLock(g, await lockObservations(), 3_000);
      expect(outcomes.every((o) => o === 'acknowledged' || o === 'refused')).toBe(true);
      await expectNothingLost(rig, g);
      await expectRecovered(g);
    } finally {
      g.close();
    }
  });

  it("the server's connections terminated mid-load: the server stays up, writes retry or fail loudly, none acknowledged is lost", async () => {
    const server = await serverUp(rig);
    const g = await gateways(server);
    const terminator = await admin();
    try {
      let terminated = 0;
      const load = runSaturated({ sessions: g.clinic.sessions, producers: g.producers }, 16, 6_000);
      for (const at of [1_500, 1_500]) {
        await sleep(at);
        const result = await terminator.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
        terminated += result.rowCount ?? 0;
      }
      await load;
      expect(terminated).toBeGreaterThan(0);
      // Data first, whatever happened to the process: nothing acknowledged may be missing.
      const ledger = mergeLedgers(g.producers.map((p) => p.ledger));
      const stored = await readStoredObservations(rig.store.database, g.clinic.sessions);
      expect(checkStore(ledger, stored)).toEqual([]);
      const health = await fetch(`${server.baseUrl}/api/health`, { signal: AbortSignal.timeout(10_000) }).then(
        (r) => r.status,
        (e: Error) => e.message,
      );
      expect(health, `the server did not survive its connections being terminated:\n${server.output().slice(-2_000)}`).toBe(200);
      await expectNothingLost(rig, g);
      await expectRecovered(g);
    } finally {
      await terminator.end();
      g.close();
    }
  }, 80_000);

  it('observations locked past any retry budget: writes are refused loudly in time, not left waiting', async () => {
    const g = await gateways(await serverUp(rig));
    try {
      const { answeredWhileLocked, outcomes } = await writesDuringStuckLock(g, await lockObservations());
      expect(answeredWhileLocked, `writes still unanswered after ${ANSWER_WITHIN_MS} ms while observations stayed locked`).toBe(true);
      expect(outcomes).toEqual(outcomes.map(() => 'refused'));
      await expectNothingLost(rig, g);
      await expectRecovered(g);
    } finally {
      g.close();
    }
  }, 80_000);
});
