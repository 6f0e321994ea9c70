import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import type { Observation } from '../../shared/schemas/observation.ts';
import type { SideEffectNote } from '../../shared/schemas/sideEffect.ts';
import type { WardSession } from '../../shared/schemas/session.ts';
import { expectError, expectStatus } from '../support/api.ts';
import { bloodPressure, heartRate, openSession, readSession } from '../support/clinic.ts';
import { type ServerFixture, describeEachEngine, useTestServer } from '../support/engines.ts';

async function auditRows(fx: ServerFixture, action: string, entityId: string) {
  return fx.server.server.services.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
}

async function record(fx: ServerFixture, observation: ReturnType<typeof heartRate>): Promise<void> {
  expectStatus(await fx.api('nurse').post('/api/observations', { observations: [observation] }), 201);
}

describeEachEngine('correcting the record', (engine) => {
  const fx = useTestServer(engine);

  it('corrects an observation as a new version linked to the old, audited and pushed live', async () => {
    const session = await openSession(fx);
    const original = heartRate(session.id, 130, '2026-11-20T10:00:00+01:00');
    await record(fx, original);
    const follower = await fx.socket('reviewer');
    await follower.subscribeSession(session.id);

    const correctionId = randomUUID();
    const response = await fx.api('physician').post<{ observation: Observation }>(`/api/observations/${original.id}/correct`, {
      id: correctionId,
      reason: 'Transcription error: 73 not 130',
      values: { value: 73 },
    });
    const corrected = expectStatus(response, 201).observation;
    expect(corrected).toMatchObject({
      id: correctionId,
      sessionId: session.id,
      kind: 'heartRate',
      value: 73,
      status: 'amended',
      statusReason: 'Transcription error: 73 not 130',
      amendsId: original.id,
      supersededById: null,
      interpretation: { value: 'normal' },
      abnormal: false,
      // The time of the reading is the original's unless the correction says otherwise.
      observedAt: '2026-11-20T09:00:00.000Z',
      observedOffsetMinutes: 60,
      recordedByName: 'Dr. Paul Physician',
    });

    const stored = await readSession(fx.api('nurse'), session.id);
    const old = stored.observations.find((o) => o.id === original.id);
    expect(old).toMatchObject({ status: 'final', value: 130, supersededById: correctionId, amendsId: null });
    expect(stored.observations.find((o) => o.id === correctionId)).toEqual(corrected);
    expect(stored.observations).toHaveLength(2);

    const change = (await follower.waitForChange((c) => c.type === 'observation.corrected')) as Extract<
      ChangeEvent,
      { type: 'observation.corrected' }
    >;
    expect(change.payload.observation).toEqual(corrected);
    expect(change.payload.replaced).toMatchObject({ id: original.id, supersededById: correctionId, value: 130 });

    const audits = await auditRows(fx, 'observation.corrected', original.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ username: 'physician', entity_type: 'observation', reason: 'Transcription error: 73 not 130' });
    expect(JSON.parse(audits[0]?.before_state ?? 'null')).toMatchObject({ id: original.id, value: 130 });
    expect(JSON.parse(audits[0]?.after_state ?? 'null')).toMatchObject({ id: correctionId, value: 73, amendsId: original.id });

    // The ward shows the current version only.
    const ward = expectStatus(await fx.api('reviewer').get<{ sessions: WardSession[] }>('/api/ward'), 200);
    const latest = ward.sessions.find((s) => s.id === session.id)?.latest.find((o) => o.kind === 'heartRate');
    expect(latest?.id).toBe(correctionId);
  });

  it('treats a repeated correction as a retry, but refuses the same correction id with other values', async () => {
    const session = await openSession(fx);
    const original = heartRate(session.id, 130);
    await record(fx, original);
    const body = { id: randomUUID(), reason: 'Wrong reading', values: { value: 75 } };
    const nurse = fx.api('nurse');
    const first = expectStatus(await nurse.post<{ observation: Observation }>(`/api/observations/${original.id}/correct`, body), 201);
    const retry = expectStatus(await nurse.post<{ observation: Observation }>(`/api/observations/${original.id}/correct`, body), 201);
    expect(retry.observation).toEqual(first.observation);
    expect(await auditRows(fx, 'observation.corrected', original.id)).toHaveLength(1);

    const clash = await nurse.post(`/api/observations/${original.id}/correct`, { ...body, values: { value: 80 } });
    expectError(clash, 409, 'id_conflict');
    const stored = await readSession(nurse, session.id);
    expect(stored.observations.find((o) => o.id === body.id)?.value).toBe(75);

    // The replaced version cannot be corrected again; the current one can.
    const again = await nurse.post(`/api/observations/${original.id}/correct`, { id: randomUUID(), reason: 'Second go', values: { value: 76 } });
    expectError(again, 409, 'not_current');
    const chained = await nurse.post<{ observation: Observation }>(`/api/observations/${body.id}/correct`, {
      id: randomUUID(),
      reason: 'Second go',
      values: { value: 76 },
    });
    expect(expectStatus(chained, 201).observation).toMatchObject({ amendsId: body.id, value: 76 });
    const log = await fx.server.server.services.db
      .selectFrom('event_log')
      .select('type')
      .where('session_id', '=', session.id)
      .where('type', '=', 'observation.corrected')
      .execute();
    expect(log).toHaveLength(2);
  });

  it('checks a correction like a new reading, and keeps what it does not change', async () => {
    const session = await openSession(fx);
    const bp = bloodPressure(session.id, 150, 95);
    expectStatus(await fx.api('nurse').post('/api/observations', { observations: [bp] }), 201);
    const nurse = fx.api('nurse');

    const impossible = expectError(
      await nurse.post(`/api/observations/${bp.id}/correct`, { id: randomUUID(), reason: 'typo', values: { systolic: 400 } }),
      400,
      'out_of_physiological_range',
    );
    expect(impossible.issues?.map((i) => i.path)).toContain('values.systolic');
    const noReason = expectError(await nurse.post(`/api/observations/${bp.id}/correct`, { id: randomUUID(), values: { systolic: 130 } }), 422, 'validation_failed');
    expect(noReason.issues?.map((i) => i.path)).toEqual(['reason']);
    expectError(
      await nurse.post(`/api/observations/${randomUUID()}/correct`, { id: randomUUID(), reason: 'missing', values: { value: 1 } }),
      404,
      'not_found',
    );

    const fixed = expectStatus(
      await nurse.post<{ observation: Observation }>(`/api/observations/${bp.id}/correct`, {
        id: randomUUID(),
        reason: 'Cuff too small',
        values: { systolic: 128 },
        observedAt: '2026-11-20T10:02:00-03:00',
      }),
      201,
    ).observation;
    expect(fixed).toMatchObject({
      value: 128,
      value2: 95,
      interpretation: { systolic: 'normal', diastolic: 'high' },
      abnormal: true,
      observedAt: '2026-11-20T13:02:00.000Z',
      observedOffsetMinutes: -180,
    });
    expect((await readSession(nurse, session.id)).observations).toHaveLength(2);
  });

  it('marks an observation entered-in-error with its reason, audited and pushed live', async () => {
    const session = await openSession(fx);
    const wrong = heartRate(session.id, 110);
    const kept = heartRate(session.id, 80, '2026-11-20T09:00:00+02:00');
    await record(fx, kept);
    await record(fx, wrong);
    const follower = await fx.socket('physician');
    await follower.subscribeSession(session.id);
    const nurse = fx.api('nurse');

    const noReason = expectError(await nurse.post(`/api/observations/${wrong.id}/entered-in-error`, {}), 422, 'validation_failed');
    expect(noReason.issues?.map((i) => i.path)).toEqual(['reason']);

    const marked = expectStatus(
      await nurse.post<{ observation: Observation }>(`/api/observations/${wrong.id}/entered-in-error`, { reason: 'Wrong patient' }),
      200,
    ).observation;
    expect(marked).toMatchObject({ id: wrong.id, status: 'entered-in-error', statusReason: 'Wrong patient', value: 110 });

    const change = await follower.waitForChange((c) => c.type === 'observation.enteredInError');
    expect(change).toMatchObject({ sessionId: session.id, payload: { observation: { id: wrong.id, status: 'entered-in-error' } } });

    // Kept, not deleted: the record still shows it, marked.
    const stored = await readSession(nurse, session.id);
    expect(stored.observations.find((o) => o.id === wrong.id)).toMatchObject({ status: 'entered-in-error', statusReason: 'Wrong patient' });

    const audits = await auditRows(fx, 'observation.enteredInError', wrong.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ username: 'nurse', reason: 'Wrong patient' });
    expect(JSON.parse(audits[0]?.before_state ?? 'null')).toMatchObject({ status: 'final' });
    expect(JSON.parse(audits[0]?.after_state ?? 'null')).toMatchObject({ status: 'entered-in-error' });

    // A retry changes nothing more.
    expectStatus(await nurse.post(`/api/observations/${wrong.id}/entered-in-error`, { reason: 'Wrong patient' }), 200);
    expect(await auditRows(fx, 'observation.enteredInError', wrong.id)).toHaveLength(1);

    // The ward's latest heart rate falls back to the reading still in force.
    const ward = expectStatus(await fx.api('reviewer').get<{ sessions: WardSession[] }>('/api/ward'), 200);
    const latest = ward.sessions.find((s) => s.id === session.id)?.latest.find((o) => o.kind === 'heartRate');
    expect(latest?.id).toBe(kept.id);
  });

  it('refuses to mark a replaced version, and to correct a withdrawn one', async () => {
    const session = await openSession(fx);
    const original = heartRate(session.id, 130);
    await record(fx, original);
    const nurse = fx.api('nurse');
    const correctionId = randomUUID();
    expectStatus(await nurse.post(`/api/observations/${original.id}/correct`, { id: correctionId, reason: 'typo', values: { value: 73 } }), 201);
    expectError(await nurse.post(`/api/observations/${original.id}/entered-in-error`, { reason: 'oops' }), 409, 'not_current');
    expectStatus(await nurse.post(`/api/observations/${correctionId}/entered-in-error`, { reason: 'oops' }), 200);
    expectError(await nurse.post(`/api/observations/${correctionId}/correct`, { id: randomUUID(), reason: 'typo', values: { value: 74 } }), 409, 'not_current');
  });

  it('corrects a side-effect note the same way, refusing a reused correction id with other content', async () => {
    const session = await openSession(fx);
    const note = { id: randomUUID(), sessionId: session.id, kind: 'nausea', severity: 'mild', scale: 'nrs', score: 3, observedAt: '2026-11-20T10:00:00+02:00' };
    const nurse = fx.api('nurse');
    expectStatus(await nurse.post('/api/side-effects', { sideEffects: [note] }), 201);
    const body = { id: randomUUID(), reason: 'Patient clarified', severity: 'moderate', scale: 'nrs', score: 6 };
    const first = expectStatus(await nurse.post<{ sideEffect: SideEffectNote }>(`/api/side-effects/${note.id}/correct`, body), 201).sideEffect;
    expect(first).toMatchObject({ amendsId: note.id, status: 'amended', severity: 'moderate', score: 6, observedOffsetMinutes: 120 });
    const retry = expectStatus(await nurse.post<{ sideEffect: SideEffectNote }>(`/api/side-effects/${note.id}/correct`, body), 201).sideEffect;
    expect(retry).toEqual(first);
    expectError(await nurse.post(`/api/side-effects/${note.id}/correct`, { ...body, score: 7 }), 409, 'id_conflict');
    const stored = await readSession(nurse, session.id);
    expect(stored.sideEffects.find((s) => s.id === note.id)).toMatchObject({ supersededById: body.id });
    expect(stored.sideEffects.find((s) => s.id === body.id)).toMatchObject({ score: 6 });
    expect(await auditRows(fx, 'sideEffect.corrected', note.id)).toHaveLength(1);
  });

  it('clears a side-effect note’s text when a correction gives it empty, and keeps it when none is given', async () => {
    const session = await openSession(fx);
    const nurse = fx.api('nurse');
    const original = { id: randomUUID(), sessionId: session.id, kind: 'dizziness', severity: 'mild', note: 'Wrong patient’s remark', observedAt: '2026-11-20T10:00:00+02:00' };
    expectStatus(await nurse.post('/api/side-effects', { sideEffects: [original] }), 201);
    const kept = expectStatus(await nurse.post<{ sideEffect: SideEffectNote }>(`/api/side-effects/${original.id}/correct`, { id: randomUUID(), reason: 'Severity clarified', severity: 'moderate' }), 201).sideEffect;
    expect(kept).toMatchObject({ severity: 'moderate', note: 'Wrong patient’s remark' });
    const cleared = expectStatus(await nurse.post<{ sideEffect: SideEffectNote }>(`/api/side-effects/${kept.id}/correct`, { id: randomUUID(), reason: 'Remark was not this patient’s', note: '  ' }), 201).sideEffect;
    expect(cleared).toMatchObject({ severity: 'moderate', note: null, amendsId: kept.id });
    const stored = await readSession(nurse, session.id);
    expect(stored.sideEffects.find((s) => s.id === original.id)?.note).toBe('Wrong patient’s remark');
  });
});
