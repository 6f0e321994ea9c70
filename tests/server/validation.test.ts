import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RecordedResult, SocketFailure } from '../../shared/realtime/socketEvents.ts';
import type { ApiErrorBody } from '../../shared/schemas/common.ts';
import { expectError, expectStatus } from '../support/api.ts';
import { heartRate, openSession, readSession, spo2 } from '../support/clinic.ts';
import { type ServerFixture, describeEachEngine, useTestServer } from '../support/engines.ts';

/** Nothing at all was stored for the session: no rows, no event-log entries. */
async function expectNothingStored(fx: ServerFixture, sessionId: string): Promise<void> {
  expect((await readSession(fx.api('nurse'), sessionId)).observations).toEqual([]);
  const db = fx.server.server.services.db;
  const rows = await db.selectFrom('observations').select('id').where('session_id', '=', sessionId).execute();
  expect(rows).toEqual([]);
  const log = await db
    .selectFrom('event_log')
    .select('type')
    .where('session_id', '=', sessionId)
    .where('type', 'like', 'observation.%')
    .execute();
  expect(log).toEqual([]);
}

const paths = (body: { issues?: Array<{ path: string }> }): string[] => (body.issues ?? []).map((i) => i.path);

describeEachEngine('refusing bad input', (engine) => {
  const fx = useTestServer(engine);

  describe('over HTTP', () => {
    it('refuses an out-of-physiological-range value with 400 naming the field, storing nothing', async () => {
      const session = await openSession(fx);
      const follower = await fx.socket('nurse');
      await follower.subscribeSession(session.id);
      const response = await fx.api('nurse').post('/api/observations', { observations: [heartRate(session.id, 400)] });
      const body = expectError(response, 400, 'out_of_physiological_range');
      expect(body.issues).toContainEqual(expect.objectContaining({ path: 'observations.0.value', code: 'out_of_physiological_range' }));
      expect(body.message).toMatch(/physiological range/);
      await expectNothingStored(fx, session.id);
      expect(follower.received()).toEqual([]);
    });

    it('stores nothing of a batch when one item is out of range, and names that item', async () => {
      const session = await openSession(fx);
      const batch = [heartRate(session.id, 70), spo2(session.id, 97), heartRate(session.id, 400), heartRate(session.id, 72)];
      const body = expectError(await fx.api('nurse').post('/api/observations', { observations: batch }), 400, 'out_of_physiological_range');
      expect(paths(body)).toEqual(['observations.2.value']);
      await expectNothingStored(fx, session.id);
    });

    it('stores nothing of a batch when a later item is refused by the store itself', async () => {
      const session = await openSession(fx);
      const stored = heartRate(session.id, 70);
      expectStatus(await fx.api('nurse').post('/api/observations', { observations: [stored] }), 201);
      const follower = await fx.socket('nurse');
      await follower.subscribeSession(session.id);

      // Item 1 passes validation but names a session that does not exist: 404 after item 0 was written.
      const fresh = heartRate(session.id, 71);
      const missingSession = heartRate(randomUUID(), 72);
      const notFound = expectError(
        await fx.api('nurse').post('/api/observations', { observations: [fresh, missingSession] }),
        404,
        'not_found',
      );
      expect(paths(notFound)).toEqual(['observations.1.sessionId']);

      // Item 1 reuses an id with other content: a conflict after item 0 was written.
      const conflict = expectError(
        await fx.api('nurse').post('/api/observations', { observations: [fresh, { ...stored, value: 99 }] }),
        409,
        'id_conflict',
      );
      expect(paths(conflict)).toEqual(['observations.1.id']);

      const after = await readSession(fx.api('nurse'), session.id);
      expect(after.observations.map((o) => o.id)).toEqual([stored.id]);
      expect(follower.received()).toEqual([]);
    });

    it('answers malformed JSON with 400 malformed_json', async () => {
      const session = await openSession(fx);
      const body = expectError(await fx.api('nurse').postRaw('/api/observations', '{"observations": [ {"kind": "heartRate",'), 400, 'malformed_json');
      expect(body.issues?.[0]?.code).toBe('malformed_json');
      await expectNothingStored(fx, session.id);
    });

    it('answers a body over the limit with 413', async () => {
      const session = await openSession(fx);
      const observations = Array.from({ length: 900 }, () => ({ ...heartRate(session.id, 70), deviceId: 'x'.repeat(1200) }));
      const raw = JSON.stringify({ observations });
      expect(raw.length).toBeGreaterThan(1024 * 1024);
      expectError(await fx.api('nurse').postRaw('/api/observations', raw), 413, 'payload_too_large');
      await expectNothingStored(fx, session.id);
    });

    it('answers missing fields with 422 naming each of them', async () => {
      const session = await openSession(fx);
      const nurse = fx.api('nurse');
      const item = expectError(
        await nurse.post('/api/observations', { observations: [{ id: randomUUID(), kind: 'heartRate' }] }),
        422,
        'validation_failed',
      );
      expect(paths(item).sort()).toEqual(['observations.0.observedAt', 'observations.0.sessionId', 'observations.0.value']);
      expect(item.issues?.find((i) => i.path === 'observations.0.observedAt')?.message).toBe('required');

      const envelope = expectError(await nurse.post('/api/observations', {}), 422, 'validation_failed');
      expect(paths(envelope)).toEqual(['observations']);

      const bp = expectError(
        await nurse.post('/api/observations', {
          observations: [{ id: randomUUID(), sessionId: session.id, kind: 'bloodPressure', systolic: 120, observedAt: '2026-11-20T10:00:00Z' }],
        }),
        422,
        'validation_failed',
      );
      expect(paths(bp)).toEqual(['observations.0.diastolic']);

      const patient = expectError(await nurse.post('/api/patients', { id: randomUUID() }), 422, 'validation_failed');
      expect(paths(patient).sort()).toEqual(['dateOfBirth', 'mrn', 'name', 'weightKg']);
      await expectNothingStored(fx, session.id);
    });

    it('never answers odd input with a 500', async () => {
      const session = await openSession(fx);
      const nurse = fx.api('nurse');
      const valid = heartRate(session.id, 70);
      const raws = [
        'null',
        '"text"',
        '42',
        '[]',
        '{"observations": null}',
        '{"observations": [null]}',
        '{"observations": ["x"]}',
        '{"observations": [{"kind": "nope"}]}',
        `{"observations": [${JSON.stringify({ ...valid, value: 'seventy' })}]}`,
        `{"observations": [${JSON.stringify(valid).replace('"value":70', '"value":1e400')}]}`,
        `{"observations": [${JSON.stringify({ ...valid, observedAt: '2026-11-20 10:00' })}]}`,
        `{"observations": [${JSON.stringify({ ...valid, observedAt: '2026-11-20T25:00:00Z' })}]}`,
        `{"observations": [${JSON.stringify({ ...valid, unit: 'furlongs' })}]}`,
        `{"observations": [${JSON.stringify({ ...valid, kind: 'temperature', value: 98.6, unit: 'kelvin' })}]}`,
        `{"observations": [${JSON.stringify({ ...valid, sessionId: 'not-a-uuid' })}]}`,
        `{"observations": [${JSON.stringify({ ...valid, onOxygen: true })}]}`,
        `{"__proto__": {"observations": [1]}}`,
        JSON.stringify({ observations: Array.from({ length: 1001 }, () => valid) }),
      ];
      for (const raw of raws) {
        const response = await nurse.postRaw<ApiErrorBody>('/api/observations', raw);
        expect({ raw: raw.slice(0, 80), status: response.status }).toMatchObject({ status: expect.any(Number) });
        expect([400, 404, 409, 413, 422], `${raw.slice(0, 80)} → ${response.status}`).toContain(response.status);
        expect(typeof response.body.error, raw.slice(0, 80)).toBe('string');
      }
      const wrongType = await nurse.postRaw('/api/observations', JSON.stringify({ observations: [valid] }), 'text/plain');
      expectError(wrongType, 422, 'validation_failed');
      expectError(await nurse.post('/api/observations/not-a-uuid/correct', {}), 422, 'validation_failed');
      expectError(await nurse.get('/api/sessions/not-a-uuid'), 422, 'validation_failed');
      expectError(await nurse.get(`/api/sessions/${randomUUID()}`), 404, 'not_found');
      expectError(await nurse.get('/api/nothing-here'), 404, 'not_found');
      expectError(await nurse.get('/api/changes?since=-4'), 422, 'validation_failed');
      await expectNothingStored(fx, session.id);
    });
  });

  it('refuses an impossible calendar date instead of storing another day', async () => {
    const session = await openSession(fx);
    const response = await fx.api('nurse').post('/api/observations', { observations: [heartRate(session.id, 70, '2026-02-30T10:00:00Z')] });
    expectError(response, 422, 'validation_failed');
  });

  describe('over the socket', () => {
    it('answers a malformed record with an error ack and keeps the connection usable', async () => {
      const session = await openSession(fx);
      const writer = await fx.socket('nurse');

      const text = (await writer.emitUntyped('observations:record', 'not an object')) as SocketFailure;
      expect(text).toMatchObject({ ok: false, error: 'validation_failed' });
      expect(text.issues?.length).toBeGreaterThan(0);

      const empty = (await writer.emitUntyped('observations:record', null)) as SocketFailure;
      expect(empty).toMatchObject({ ok: false, error: 'validation_failed' });
      expect(paths(empty)).toEqual(['observations']);

      const badItems = (await writer.emitUntyped('observations:record', {
        observations: [heartRate(session.id, 70), heartRate(session.id, 400), { id: 'x', kind: 'heartRate' }],
      })) as SocketFailure;
      expect(badItems).toMatchObject({ ok: false, error: 'out_of_physiological_range' });
      expect(paths(badItems)).toContain('observations.1.value');
      expect(typeof badItems.message).toBe('string');

      // A fire-and-forget malformed event (no ack callback) must not break anything either.
      writer.sendUntyped('observations:record', { observations: 'nope' });
      const badSubscribe = (await writer.emitUntyped('session:subscribe', { sessionId: 'nope', since: -1 })) as SocketFailure;
      expect(badSubscribe).toMatchObject({ ok: false, error: 'validation_failed' });
      expect(paths(badSubscribe).sort()).toEqual(['sessionId', 'since']);
      await expectNothingStored(fx, session.id);

      expect(writer.socket.connected).toBe(true);
      const good = heartRate(session.id, 71);
      const ack = await writer.recordObservations([good]);
      expect(ack).toEqual({ ok: true, results: [{ id: good.id, created: true } satisfies RecordedResult] });
      expect((await readSession(fx.api('nurse'), session.id)).observations.map((o) => o.id)).toEqual([good.id]);
    });
  });
});
