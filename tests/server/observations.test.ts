import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import type { RecordedResult } from '../../shared/realtime/socketEvents.ts';
import { expectError, expectStatus } from '../support/api.ts';
import { OBSERVED_AT, bloodPressure, heartRate, openSession, readSession, spo2 } from '../support/clinic.ts';
import { describeEachEngine, useTestServer } from '../support/engines.ts';
import { observationIdOf } from '../support/socketClient.ts';

type Recorded = Extract<ChangeEvent, { type: 'observation.recorded' }>;
const recordedFor =
  (id: string) =>
  (change: ChangeEvent): boolean =>
    change.type === 'observation.recorded' && change.payload.observation.id === id;

describeEachEngine('recording observations', (engine) => {
  const fx = useTestServer(engine);

  describe('over HTTP', () => {
    it('stores the write and pushes it, numbered and interpreted, to ward and session subscribers', async () => {
      const session = await openSession(fx);
      const ward = await fx.socket('reviewer');
      const follower = await fx.socket('physician');
      const wardAck = await ward.subscribeWard();
      const sessionAck = await follower.subscribeSession(session.id);
      expect(wardAck).toMatchObject({ ok: true, missed: [], resync: false });
      expect(sessionAck).toMatchObject({ ok: true, missed: [], resync: false });

      const high = heartRate(session.id, 130);
      const response = await fx.api('nurse').post<{ results: RecordedResult[] }>('/api/observations', { observations: [high] });
      expect(expectStatus(response, 201).results).toEqual([{ id: high.id, created: true }]);

      const [wardChange] = (await ward.waitForChanges(1, recordedFor(high.id))) as Recorded[];
      const [sessionChange] = (await follower.waitForChanges(1, recordedFor(high.id))) as Recorded[];
      expect(wardChange).toBeDefined();
      expect(sessionChange).toEqual(wardChange);
      expect(wardChange?.sessionId).toBe(session.id);
      // Numbered after everything the subscriber already knew about.
      expect(wardChange?.seq).toBeGreaterThan(wardAck.ok ? wardAck.headSeq : Number.POSITIVE_INFINITY);
      expect(wardChange?.payload.observation).toMatchObject({
        id: high.id,
        kind: 'heartRate',
        value: 130,
        unit: '/min',
        interpretation: { value: 'high' },
        abnormal: true,
        status: 'final',
        observedAt: '2026-11-20T08:00:00.000Z',
        observedOffsetMinutes: 120,
        recordedByName: 'Nora Nurse, RN',
      });

      const stored = await readSession(fx.api('reviewer'), session.id);
      expect(stored.observations).toHaveLength(1);
      expect(stored.observations[0]).toEqual(wardChange?.payload.observation);
      expect(stored.seq).toBeGreaterThanOrEqual(wardChange?.seq ?? Number.POSITIVE_INFINITY);
    });

    it('flags low values and keeps normal ones unflagged, per component', async () => {
      const session = await openSession(fx);
      const low = spo2(session.id, 88);
      const normal = heartRate(session.id, 72, '2026-11-20T10:05:00-05:30');
      const lowDiastolic = bloodPressure(session.id, 120, 45);
      const response = await fx.api('nurse').post('/api/observations', { observations: [low, normal, lowDiastolic] });
      expectStatus(response, 201);

      const stored = await readSession(fx.api('nurse'), session.id);
      const byId = new Map(stored.observations.map((o) => [o.id, o]));
      expect(byId.get(low.id)).toMatchObject({ interpretation: { value: 'low' }, abnormal: true, onOxygen: false });
      expect(byId.get(normal.id)).toMatchObject({
        interpretation: { value: 'normal' },
        abnormal: false,
        observedAt: '2026-11-20T15:35:00.000Z',
        observedOffsetMinutes: -330,
      });
      expect(byId.get(lowDiastolic.id)).toMatchObject({
        value: 120,
        value2: 45,
        interpretation: { systolic: 'normal', diastolic: 'low' },
        abnormal: true,
      });
    });

    it('acknowledges a retry of the same write as not created and stores it once', async () => {
      const session = await openSession(fx);
      const follower = await fx.socket('nurse');
      await follower.subscribeSession(session.id);
      const reading = heartRate(session.id, 64);
      const nurse = fx.api('nurse');

      const first = await nurse.post<{ results: RecordedResult[] }>('/api/observations', { observations: [reading] });
      expect(expectStatus(first, 201).results).toEqual([{ id: reading.id, created: true }]);
      await follower.waitForChanges(1, recordedFor(reading.id));

      const retry = await nurse.post<{ results: RecordedResult[] }>('/api/observations', { observations: [reading] });
      expect(expectStatus(retry, 201).results).toEqual([{ id: reading.id, created: false }]);
      // The same retry over the socket is also recognised.
      const socketRetry = await follower.recordObservations([reading]);
      expect(socketRetry).toEqual({ ok: true, results: [{ id: reading.id, created: false }] });

      // A later write proves the pipe is flowing: had the retries been re-published, they would
      // have arrived before it.
      const marker = heartRate(session.id, 66);
      expectStatus(await nurse.post('/api/observations', { observations: [marker] }), 201);
      await follower.waitForChanges(1, recordedFor(marker.id));
      expect(follower.received(recordedFor(reading.id))).toHaveLength(1);

      const stored = await readSession(nurse, session.id);
      expect(stored.observations.filter((o) => o.id === reading.id)).toHaveLength(1);
      const log = await fx.server.server.services.db
        .selectFrom('event_log')
        .select(['payload'])
        .where('session_id', '=', session.id)
        .where('type', '=', 'observation.recorded')
        .execute();
      expect(log.filter((row) => row.payload.includes(reading.id))).toHaveLength(1);
      const audits = await fx.server.server.services.db
        .selectFrom('audit_log')
        .select(['entity_id'])
        .where('action', '=', 'observation.recorded')
        .where('entity_id', '=', reading.id)
        .execute();
      expect(audits).toHaveLength(1);
    });

    it('stores a write once when its retries race each other over HTTP and the socket', async () => {
      const session = await openSession(fx);
      const follower = await fx.socket('reviewer');
      await follower.subscribeSession(session.id);
      const writer = await fx.socket('nurse');
      const reading = heartRate(session.id, 88);
      const [httpAnswers, socketAnswers] = await Promise.all([
        Promise.all(Array.from({ length: 10 }, () => fx.api('nurse').post<{ results: RecordedResult[] }>('/api/observations', { observations: [reading] }))),
        Promise.all(Array.from({ length: 5 }, () => writer.recordObservations([reading]))),
      ]);
      const created = [
        ...httpAnswers.map((r) => expectStatus(r, 201).results[0]?.created),
        ...socketAnswers.map((a) => (a.ok ? a.results[0]?.created : undefined)),
      ];
      expect(created.filter((c) => c === true)).toHaveLength(1);
      expect(created.filter((c) => c === false)).toHaveLength(14);

      const marker = heartRate(session.id, 66);
      expect(await writer.recordObservations([marker])).toMatchObject({ ok: true });
      await follower.waitForChange(recordedFor(marker.id));
      expect(follower.received(recordedFor(reading.id))).toHaveLength(1);
      expect((await readSession(fx.api('nurse'), session.id)).observations.map((o) => o.id)).toEqual([reading.id, marker.id]);
    });

    it('refuses the same id with different content as a conflict and keeps the original', async () => {
      const session = await openSession(fx);
      const reading = heartRate(session.id, 64);
      const nurse = fx.api('nurse');
      expectStatus(await nurse.post('/api/observations', { observations: [reading] }), 201);

      const clash = await nurse.post('/api/observations', { observations: [{ ...reading, value: 65 }] });
      const body = expectError(clash, 409, 'id_conflict');
      expect(body.issues?.[0]?.path).toBe('observations.0.id');

      const stored = await readSession(nurse, session.id);
      expect(stored.observations).toHaveLength(1);
      expect(stored.observations[0]?.value).toBe(64);
    });

    it('stores a batch whole and pushes each item once, in order', async () => {
      const session = await openSession(fx);
      const follower = await fx.socket('nurse');
      await follower.subscribeSession(session.id);
      const batch = [heartRate(session.id, 70), spo2(session.id, 98), bloodPressure(session.id, 118, 76)];
      const response = await fx.api('nurse').post<{ results: RecordedResult[] }>('/api/observations', { observations: batch });
      expect(expectStatus(response, 201).results).toEqual(batch.map((o) => ({ id: o.id, created: true })));

      const changes = await follower.waitForChanges(3, (c) => c.type === 'observation.recorded');
      expect(changes.map(observationIdOf)).toEqual(batch.map((o) => o.id));
      const seqs = changes.map((c) => c.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(3);
    });
  });

  describe('over the socket', () => {
    it('stores the write, acknowledges it, and pushes it to ward and session subscribers', async () => {
      const session = await openSession(fx);
      const writer = await fx.socket('nurse');
      const ward = await fx.socket('reviewer');
      const follower = await fx.socket('physician');
      await ward.subscribeWard();
      await follower.subscribeSession(session.id);

      const reading = heartRate(session.id, 42, OBSERVED_AT);
      const ack = await writer.recordObservations([reading]);
      expect(ack).toEqual({ ok: true, results: [{ id: reading.id, created: true }] });

      const wardChange = (await ward.waitForChange(recordedFor(reading.id))) as Recorded;
      const sessionChange = await follower.waitForChange(recordedFor(reading.id));
      expect(sessionChange).toEqual(wardChange);
      expect(wardChange.payload.observation).toMatchObject({
        value: 42,
        interpretation: { value: 'low' },
        abnormal: true,
        observedAt: '2026-11-20T08:00:00.000Z',
        observedOffsetMinutes: 120,
      });
      // The writer did not subscribe, so it is not sent the change.
      expect(writer.received()).toEqual([]);

      const stored = await readSession(fx.api('physician'), session.id);
      expect(stored.observations.map((o) => o.id)).toEqual([reading.id]);

      const retry = await writer.recordObservations([reading]);
      expect(retry).toEqual({ ok: true, results: [{ id: reading.id, created: false }] });
      const conflict = await writer.recordObservations([{ ...reading, value: 43 }]);
      expect(conflict).toMatchObject({ ok: false, error: 'id_conflict' });
      expect((await readSession(fx.api('physician'), session.id)).observations).toHaveLength(1);
    });

    it('sends a session subscriber only its own session', async () => {
      const mine = await openSession(fx);
      const other = await openSession(fx);
      const follower = await fx.socket('nurse');
      await follower.subscribeSession(mine.id);
      const elsewhere = heartRate(other.id, 70);
      const here = heartRate(mine.id, 71);
      expectStatus(await fx.api('nurse').post('/api/observations', { observations: [elsewhere] }), 201);
      expectStatus(await fx.api('nurse').post('/api/observations', { observations: [here] }), 201);
      await follower.waitForChange(recordedFor(here.id));
      expect(follower.received().map((c) => c.sessionId)).toEqual([mine.id]);
    });
  });

  it('refuses a reading from the future beyond clock-skew tolerance, naming observedAt', async () => {
    const session = await openSession(fx);
    const future = heartRate(session.id, 70, new Date(Date.now() + 3_600_000).toISOString());
    const body = expectError(await fx.api('nurse').post('/api/observations', { observations: [future] }), 422, 'observed_in_future');
    expect(body.issues?.map((i) => i.path)).toEqual(['observations.0.observedAt']);
    expect((await readSession(fx.api('nurse'), session.id)).observations).toEqual([]);
  });
});
