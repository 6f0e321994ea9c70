import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import type { RecordedResult } from '../../shared/realtime/socketEvents.ts';
import type { ObservationInput } from '../../shared/schemas/observation.ts';
import { ApiClient, signInCookies, expectStatus } from '../support/api.ts';
import { type ChildServer, killAllSpawned } from '../support/childServer.ts';
import { prepareCheckedInSession, readSession } from '../support/clinic.ts';
import { describeEachEngine } from '../support/engines.ts';
import { TestSocket, observationIdOf } from '../support/socketClient.ts';
import { type SpawnedStore, storeFor } from '../support/spawnedStore.ts';

const HTTP_WRITERS = 3;
const ACKS_BEFORE_KILL = 150;

async function signIn(baseUrl: string, username: string, password = 'chairside-demo'): Promise<ApiClient> {
  return new ApiClient(baseUrl, await signInCookies(baseUrl, username, password));
}

function reading(sessionId: string, n: number): ObservationInput {
  // Values 40..159 cover low, normal and high; all are physiological.
  return { id: randomUUID(), sessionId, kind: 'heartRate', value: 40 + (n % 120), observedAt: new Date(Date.now() - 60_000).toISOString(), source: 'device', deviceId: 'crash-monitor' };
}

describeEachEngine('crash durability', (engine) => {
  const stores: SpawnedStore[] = [];
  afterAll(async () => {
    await killAllSpawned();
    for (const store of stores) await store.remove();
  });

  it('keeps every acknowledged write, exactly once, when the server is SIGKILLed mid-stream', async () => {
    // Set-up on the same store the real server will use.
    const store = storeFor(await engine.freshDatabase());
    stores.push(store);
    const sessionId = await prepareCheckedInSession(store.database);

    // The real server, as its own process.
    let server: ChildServer = await store.start();
    const nurse = await signIn(server.baseUrl, 'nurse');
    const socket = new TestSocket(server.baseUrl, { cookie: nurse.cookie, timeoutMs: 5_000 });
    await socket.connect();

    const attempted = new Map<string, ObservationInput>();
    const acknowledged = new Set<string>();
    const inFlight = new Set<string>();
    const unexpected: string[] = [];
    let inFlightAtKill = 0;
    let n = 0;
    let killed: Promise<void> | undefined;

    const killWhenEnough = () => {
      if (!killed && acknowledged.size >= ACKS_BEFORE_KILL) {
        inFlightAtKill = inFlight.size;
        killed = server.kill();
      }
    };

    const httpWriter = async () => {
      while (!killed) {
        const observation = reading(sessionId, n++);
        attempted.set(observation.id, observation);
        inFlight.add(observation.id);
        try {
          const response = await nurse.post<{ results: RecordedResult[] }>('/api/observations', { observations: [observation] });
          if (response.status === 201 && response.body.results[0]?.created === true) acknowledged.add(observation.id);
          else if (!killed) unexpected.push(`HTTP ${response.status} ${JSON.stringify(response.body)}`);
        } catch (error) {
          if (!killed) unexpected.push(`HTTP error before the kill: ${(error as Error).message}`);
        } finally {
          inFlight.delete(observation.id);
        }
        killWhenEnough();
      }
    };

    const socketWriter = async () => {
      while (!killed) {
        const batch = [reading(sessionId, n++), reading(sessionId, n++), reading(sessionId, n++)];
        for (const o of batch) {
          attempted.set(o.id, o);
          inFlight.add(o.id);
        }
        try {
          const ack = await socket.recordObservations(batch);
          if (ack.ok && ack.results.every((r) => r.created)) for (const o of batch) acknowledged.add(o.id);
          else if (!killed) unexpected.push(`socket ack ${JSON.stringify(ack)}`);
        } catch (error) {
          if (!killed) unexpected.push(`socket error before the kill: ${(error as Error).message}`);
        } finally {
          for (const o of batch) inFlight.delete(o.id);
        }
        killWhenEnough();
      }
    };

    await Promise.all([...Array.from({ length: HTTP_WRITERS }, httpWriter), socketWriter()]);
    await killed;
    socket.close();
    expect(unexpected).toEqual([]);
    expect(acknowledged.size).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);
    // The kill really came mid-stream: other writes were still waiting for their answer.
    expect(inFlightAtKill).toBeGreaterThan(0);

    // Restart on the same data.
    server = await store.start();
    try {
      const reader = await signIn(server.baseUrl, 'nurse');
      const record = await readSession(reader, sessionId);
      const storedIds = record.observations.map((o) => o.id);
      const stored = new Set(storedIds);

      expect(storedIds.length).toBe(stored.size);
      const lost = [...acknowledged].filter((id) => !stored.has(id));
      expect(lost, 'acknowledged writes missing after the crash').toEqual([]);
      const unknown = storedIds.filter((id) => !attempted.has(id));
      expect(unknown).toEqual([]);
      for (const observation of record.observations) {
        expect(observation.value).toBe((attempted.get(observation.id) as { value: number }).value);
      }

      // Each stored observation has exactly one entry in the change log, and nothing else does.
      const feed = expectStatus(
        await reader.get<{ missed: ChangeEvent[]; resync: boolean }>(`/api/changes?since=0&sessionId=${sessionId}`),
        200,
      );
      expect(feed.resync).toBe(false);
      const logged = feed.missed.filter((c) => c.type === 'observation.recorded').map(observationIdOf);
      expect(logged.length).toBe(new Set(logged).size);
      expect(new Set(logged)).toEqual(stored);

      // Clients retry what they never heard back about: stored ones are recognised, the rest stored now.
      const unanswered = [...attempted.values()].filter((o) => !acknowledged.has(o.id));
      for (let i = 0; i < unanswered.length; i += 100) {
        const chunk = unanswered.slice(i, i + 100);
        const retry = expectStatus(await reader.post<{ results: RecordedResult[] }>('/api/observations', { observations: chunk }), 201);
        expect(retry.results).toEqual(chunk.map((o) => ({ id: o.id, created: !stored.has(o.id) })));
      }
      const after = await readSession(reader, sessionId);
      expect(after.observations.length).toBe(attempted.size);
      expect(new Set(after.observations.map((o) => o.id))).toEqual(new Set(attempted.keys()));
    } finally {
      await server.stop();
    }
  });
});
