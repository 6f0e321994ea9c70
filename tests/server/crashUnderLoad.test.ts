import { afterAll, expect, it } from 'vitest';
import { checkDashboards, checkStore, storedDigest } from '../load/checks.ts';
import { deliveredToAll } from '../load/delivery.ts';
import { type Fleet, startFleet } from '../load/fleet.ts';
import { HttpProducer } from '../load/httpProducer.ts';
import { mergeLedgers } from '../load/ledger.ts';
import { setUpLoadClinic } from '../load/loadClinic.ts';
import { type LoadPlan, runSaturated } from '../load/pacing.ts';
import { type Producer, SocketProducer } from '../load/producer.ts';
import { LOAD_SERVER_ENV } from '../load/serverEnv.ts';
import { readStoredObservations } from '../load/storedObservations.ts';
import { type ChildServer, killAllSpawned } from '../support/childServer.ts';
import { describeEachEngine } from '../support/engines.ts';
import { waitFor } from '../support/freePort.ts';
import { type SpawnedStore, storeFor } from '../support/spawnedStore.ts';

const CHAIRS = 8;
const SOCKET_GATEWAYS = 3;
const DASHBOARDS = 10;
const IN_FLIGHT = 24;
const ACKS_BEFORE_KILL = 300;
const RETRY_ROUNDS = 10;

/**
 * Sends what each producer had no answer for at the crash again, same ids and content, until each
 * is answered. Only those: a write still in flight now is not a write to retry.
 */
async function retryUnanswered(producers: readonly Producer[]): Promise<void> {
  const unanswered = new Map(producers.map((p) => [p, new Set(p.ledger.unanswered.keys())]));
  for (let round = 1; round <= RETRY_ROUNDS; round++) {
    await Promise.all(
      producers.map(async (p) => {
        const ids = unanswered.get(p) ?? new Set<string>();
        const again = [...ids].flatMap((id) => p.ledger.unanswered.get(id) ?? []);
        for (let i = 0; i < again.length; i += 50) await p.send(again.slice(i, i + 50));
        for (const id of ids) if (!p.ledger.unanswered.has(id)) ids.delete(id);
      }),
    );
    if ([...unanswered.values()].every((ids) => ids.size === 0)) return;
  }
}

describeEachEngine('crash under load', (engine) => {
  const stores: SpawnedStore[] = [];
  const fleets: Fleet[] = [];
  const producers: Producer[] = [];
  afterAll(async () => {
    for (const p of producers) p.close();
    for (const f of fleets) await f.close();
    await killAllSpawned();
    for (const s of stores) await s.remove();
  });

  it('SIGKILL mid-load, restart: nothing acknowledged lost, retries stored once, every dashboard caught up from its cursor', async () => {
    const store = storeFor(await engine.freshDatabase());
    stores.push(store);
    let server: ChildServer = await store.start(LOAD_SERVER_ENV);
    const clinic = await setUpLoadClinic(server.baseUrl, CHAIRS, SOCKET_GATEWAYS + 1);
    const fleet = await startFleet({ url: server.baseUrl, clients: DASHBOARDS, cookie: clinic.readerCookie, measureLatency: false });
    fleets.push(fleet);

    // Several gateways on sockets and one posting over HTTP, all at once, as fast as acks allow.
    const sockets: SocketProducer[] = [];
    for (const [i, token] of clinic.deviceTokens.slice(0, SOCKET_GATEWAYS).entries()) {
      sockets.push(await SocketProducer.connect({ name: `gateway ${i + 1}`, url: server.baseUrl, token, ackTimeoutMs: 20_000 }));
    }
    const http = new HttpProducer('http gateway', server.baseUrl, clinic.deviceTokens[SOCKET_GATEWAYS] ?? '', 20_000);
    producers.push(...sockets, http);
    const acknowledged = () => producers.reduce((n, p) => n + p.ledger.acknowledged.size, 0);
    const waiting = () => producers.reduce((n, p) => n + p.ledger.unanswered.size, 0);

    let killed = false;
    const plan: LoadPlan = { sessions: clinic.sessions, producers, stop: () => killed };
    const load = runSaturated(plan, IN_FLIGHT, 120_000);
    await waitFor(() => acknowledged() >= ACKS_BEFORE_KILL, `${ACKS_BEFORE_KILL} acknowledged writes`, 60_000);
    const waitingAtKill = waiting();
    killed = true;
    await server.kill();
    await load;
    const before = mergeLedgers(producers.map((p) => p.ledger));
    // The kill came mid-stream: writes were waiting for their answer; none had been refused.
    expect(waitingAtKill).toBeGreaterThan(0);
    expect(before.refused.size, before.refusalSamples.join('\n')).toBe(0);
    expect(before.recognisedRetries).toBe(0);

    // Restart on the same database: everything acknowledged is there, once, and logged once.
    server = await store.start(LOAD_SERVER_ENV);
    const afterCrash = await readStoredObservations(store.database, clinic.sessions);
    expect(checkStore(before, afterCrash)).toEqual([]);
    const storedBeforeRetry = new Set(afterCrash.rows);
    const unansweredStored = [...before.unanswered.keys()].filter((id) => storedBeforeRetry.has(id)).length;

    // Dashboards reconnect with their cursors; gateways reconnect and retry what was never answered,
    // with the same ids, while fresh readings keep coming.
    await fleet.retarget(server.baseUrl);
    for (const s of sockets) await s.retarget(server.baseUrl);
    http.baseUrl = server.baseUrl;
    killed = false;
    await Promise.all([retryUnanswered(producers), runSaturated(plan, 8, 2_000)]);

    const after = mergeLedgers(producers.map((p) => p.ledger));
    expect(after.unanswered.size).toBe(0);
    expect(after.refused.size, after.refusalSamples.join('\n')).toBe(0);
    // A retry of a write the crash had already stored is recognised, not stored again.
    expect(after.recognisedRetries).toBe(unansweredStored);

    const stored = await readStoredObservations(store.database, clinic.sessions);
    expect(checkStore(after, stored)).toEqual([]);
    expect(new Set(stored.rows)).toEqual(after.attemptedIds());

    const expected = storedDigest(stored);
    await deliveredToAll(fleet, expected.count, 60_000, 200);
    expect(checkDashboards(await fleet.summary(), { expected, steady: false })).toEqual([]);
    await server.stop();
  }, 85_000);
});
