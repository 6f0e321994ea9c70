import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../shared/alarms/lifecycle.ts';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import type { SessionSummary } from '../../shared/schemas/session.ts';
import { ApiClient, expectError, expectStatus } from '../support/api.ts';
import { bloodPressure, openSession, readSession } from '../support/clinic.ts';
import { describeEachEngine, useTestServer } from '../support/engines.ts';
import { startTestServer, tempSqlite } from '../support/testServer.ts';

const isoAgo = (ms: number) => new Date(Date.now() - ms).toISOString();
const device = (sessionId: string, kind: 'spo2' | 'heartRate', value: number, observedAt: string) => ({
  id: randomUUID(),
  sessionId,
  kind,
  value,
  observedAt,
  source: 'device' as const,
  deviceId: 'monitor-7',
});
const alarmOf = (change: ChangeEvent): Alarm | undefined =>
  change.type === 'alarm.raised' || change.type === 'alarm.updated' ? change.payload.alarm : undefined;

describeEachEngine('alarms', (engine) => {
  const fx = useTestServer(engine);

  async function openAlarmsOf(sessionId: string): Promise<Alarm[]> {
    return expectStatus(await fx.api('physician').get<{ alarms: Alarm[] }>('/api/alarms'), 200).alarms.filter((a) => a.sessionId === sessionId);
  }

  it('raises a high alarm from a device feed that stays low past the delay, and pushes it to the ward within a second', async () => {
    const session = await openSession(fx);
    const ward = await fx.socket('physician');
    await ward.subscribeWard();
    const nurse = fx.api('nurse');
    expectStatus(await nurse.post('/api/observations', { observations: [device(session.id, 'spo2', 88, isoAgo(20_000))] }), 201);
    expect(await openAlarmsOf(session.id)).toEqual([]);
    const sentAt = Date.now();
    expectStatus(await nurse.post('/api/observations', { observations: [device(session.id, 'spo2', 87, isoAgo(2_000))] }), 201);
    const raised = await ward.waitForChange((c) => c.type === 'alarm.raised' && c.sessionId === session.id, 'the alarm');
    expect(Date.now() - sentAt).toBeLessThan(1000);
    expect(alarmOf(raised)).toMatchObject({ ruleId: 'spo2.low', priority: 'high', alarmClass: 'physiological', value: '87 %', acknowledgedAt: null });
  });

  it('raises nothing for a single artefact shorter than the delay', async () => {
    const session = await openSession(fx);
    const nurse = fx.api('nurse');
    expectStatus(await nurse.post('/api/observations', { observations: [device(session.id, 'spo2', 84, isoAgo(6_000))] }), 201);
    expectStatus(await nurse.post('/api/observations', { observations: [device(session.id, 'spo2', 98, isoAgo(3_000))] }), 201);
    expectStatus(await nurse.post('/api/observations', { observations: [device(session.id, 'spo2', 97, isoAgo(1_000))] }), 201);
    expect(await openAlarmsOf(session.id)).toEqual([]);
  });

  it('alarms at once on a manual entry, latches after recovery until a physician acknowledges it', async () => {
    const session = await openSession(fx);
    const nurse = fx.api('nurse');
    expectStatus(await nurse.post('/api/observations', { observations: [bloodPressure(session.id, 192, 96, isoAgo(60_000))] }), 201);
    const [alarm] = await openAlarmsOf(session.id);
    expect(alarm).toMatchObject({ ruleId: 'bp.high', priority: 'high' });
    expectStatus(await nurse.post('/api/observations', { observations: [bloodPressure(session.id, 150, 90, isoAgo(30_000))] }), 201);
    const [latched] = await openAlarmsOf(session.id);
    expect(latched?.resolvedAt).not.toBeNull();
    expect(latched?.closedAt).toBeNull();

    expectError(await nurse.post(`/api/alarms/${alarm?.id}/acknowledge`), 403, 'forbidden');
    const acked = expectStatus(await fx.api('physician').post<{ alarm: Alarm }>(`/api/alarms/${alarm?.id}/acknowledge`), 200).alarm;
    expect(acked).toMatchObject({ acknowledgedByName: 'Dr. Paul Physician', closedAt: expect.any(String) });
    expect(await openAlarmsOf(session.id)).toEqual([]);
    const record = await readSession(fx.api('reviewer'), session.id);
    expect(record.alarms.map((a) => a.id)).toEqual([alarm?.id]);
    const audit = expectStatus(await fx.api('admin').get<{ entries: Array<{ action: string }> }>(`/api/admin/audit?action=alarm.acknowledged&entityId=${alarm?.id}`), 200);
    expect(audit.entries).toHaveLength(1);
  });

  it('re-announces an acknowledged alarm whose condition persists, and escalates an unanswered high one', async () => {
    const session = await openSession(fx);
    expectStatus(await fx.api('nurse').post('/api/observations', { observations: [bloodPressure(session.id, 85, 50, isoAgo(1000))] }), 201);
    expectStatus(await fx.api('nurse').post('/api/observations', { observations: [bloodPressure(session.id, 190, 100, isoAgo(500))] }), 201);
    const alarms = await openAlarmsOf(session.id);
    const hypotension = alarms.find((a) => a.ruleId === 'bp.low');
    const hypertension = alarms.find((a) => a.ruleId === 'bp.high');
    expect(hypotension?.resolvedAt).not.toBeNull();
    expectStatus(await fx.api('physician').post(`/api/alarms/${hypertension?.id}/acknowledge`), 200);

    const alarmsService = fx.server.server.services.alarms;
    await alarmsService.tick(Date.now() + 2.5 * 60_000);
    const afterEscalation = await openAlarmsOf(session.id);
    expect(afterEscalation.find((a) => a.id === hypotension?.id)?.escalatedAt).not.toBeNull();
    expect(afterEscalation.find((a) => a.id === hypertension?.id)?.escalatedAt).toBeNull();

    await alarmsService.tick(Date.now() + 6 * 60_000);
    const reannounced = (await openAlarmsOf(session.id)).find((a) => a.id === hypertension?.id);
    expect(reannounced).toMatchObject({ acknowledgedAt: null, resolvedAt: null });
  });

  it('starts the escalation over when an acknowledged, escalated alarm re-announces', async () => {
    const session = await openSession(fx);
    expectStatus(await fx.api('nurse').post('/api/observations', { observations: [bloodPressure(session.id, 190, 100, isoAgo(500))] }), 201);
    const hypertension = (await openAlarmsOf(session.id)).find((a) => a.ruleId === 'bp.high');
    const alarmsService = fx.server.server.services.alarms;
    const start = Date.now();
    await alarmsService.tick(start + 2.5 * 60_000);
    expect((await openAlarmsOf(session.id)).find((a) => a.id === hypertension?.id)?.escalatedAt).not.toBeNull();
    expectStatus(await fx.api('physician').post(`/api/alarms/${hypertension?.id}/acknowledge`), 200);
    await alarmsService.tick(Date.now() + 6 * 60_000);
    const reannounced = (await openAlarmsOf(session.id)).find((a) => a.id === hypertension?.id);
    // Unanswered again, but not already on every screen: it escalates only if it stays unanswered.
    expect(reannounced).toMatchObject({ acknowledgedAt: null, escalatedAt: null });
  });

  it('turns a monitor "no value" code into a technical alarm and stores no reading', async () => {
    const session = await openSession(fx);
    const response = expectStatus(
      await fx.api('nurse').post<{ results: Array<{ unavailable?: boolean }> }>('/api/observations', { observations: [device(session.id, 'spo2', 32767, isoAgo(1000))] }),
      201,
    );
    expect(response.results[0]?.unavailable).toBe(true);
    expect((await readSession(fx.api('nurse'), session.id)).observations).toEqual([]);
    const [inop] = await openAlarmsOf(session.id);
    expect(inop).toMatchObject({ ruleId: 'value.unavailable', alarmClass: 'technical', value: 'SpO₂: 32767' });
    expectStatus(await fx.api('nurse').post('/api/observations', { observations: [device(session.id, 'spo2', 97, isoAgo(500))] }), 201);
    expect((await openAlarmsOf(session.id))[0]?.resolvedAt).not.toBeNull();
  });

  it('raises "monitor feed lost" and "observation overdue" from the clock', async () => {
    const session = await openSession(fx);
    expectStatus(await fx.api('nurse').post('/api/observations', { observations: [device(session.id, 'heartRate', 70, isoAgo(1000))] }), 201);
    await fx.server.server.services.alarms.tick(Date.now() + 21 * 60_000);
    const rules = (await openAlarmsOf(session.id)).map((a) => [a.ruleId, a.priority, a.alarmClass]);
    expect(rules).toEqual(expect.arrayContaining([['feed.stale', 'medium', 'technical'], ['obs.overdue', 'low', 'technical']]));
  });

  it('applies clinic settings and per-session overrides, each change audited', async () => {
    const session = await openSession(fx);
    expectError(await fx.api('nurse').post(`/api/sessions/${session.id}/alarm-settings`, { systolic: { highAbove: 200 } }), 403, 'forbidden');
    expectError(await fx.api('physician').post(`/api/sessions/${session.id}/alarm-settings`, { systolic: { highAbove: 'x' } }), 422, 'validation_failed');
    expectStatus(await fx.api('physician').post(`/api/sessions/${session.id}/alarm-settings`, { systolic: { highAbove: 200 } }), 200);
    expectStatus(await fx.api('nurse').post('/api/observations', { observations: [bloodPressure(session.id, 190, 100, isoAgo(1000))] }), 201);
    expect((await openAlarmsOf(session.id)).map((a) => a.ruleId)).not.toContain('bp.high');
    const audit = expectStatus(await fx.api('admin').get<{ entries: Array<{ entityId: string }> }>('/api/admin/audit?action=alarm.settingsChanged'), 200);
    expect(audit.entries.map((e) => e.entityId)).toContain(session.id);
  });

  it('raises side-effect alarms: deep sedation is high', async () => {
    const session = await openSession(fx);
    const note = { id: randomUUID(), sessionId: session.id, kind: 'sedation', severity: 'severe', scale: 'moaas', score: 1, observedAt: isoAgo(1000) };
    expectStatus(await fx.api('nurse').post('/api/side-effects', { sideEffects: [note] }), 201);
    expect(await openAlarmsOf(session.id)).toEqual([expect.objectContaining({ ruleId: 'sedation.deep', priority: 'high' })]);
  });

  it('blocks discharge until the checklist is met; only a physician may override, with a reason', async () => {
    const session = await openSession(fx);
    const nurse = fx.api('nurse');
    const at = () => new Date().toISOString();
    expectStatus(await nurse.post(`/api/sessions/${session.id}/infusion-events`, { id: randomUUID(), kind: 'started', at: at() }), 201);
    expectStatus(await nurse.post(`/api/sessions/${session.id}/infusion-events`, { id: randomUUID(), kind: 'stopped', at: at() }), 201);
    expectError(await nurse.post(`/api/sessions/${session.id}/phase`, { to: 'discharged' }), 409, 'discharge_criteria_unmet');
    expectError(await nurse.post(`/api/sessions/${session.id}/phase`, { to: 'discharged', overrideDischargeCriteria: true, reason: 'Seen by me' }), 403, 'forbidden');
    expectError(await fx.api('physician').post(`/api/sessions/${session.id}/phase`, { to: 'discharged', overrideDischargeCriteria: true }), 422, 'validation_failed');
    const done = expectStatus(
      await fx.api('physician').post<{ session: SessionSummary }>(`/api/sessions/${session.id}/phase`, { to: 'discharged', overrideDischargeCriteria: true, reason: 'Escort arriving; reviewed at chair' }),
      200,
    );
    expect(done.session.phase).toBe('discharged');
    const audit = expectStatus(await fx.api('admin').get<{ entries: Array<{ reason: string }> }>(`/api/admin/audit?action=discharge.criteriaOverridden&entityId=${session.id}`), 200);
    expect(audit.entries[0]?.reason).toBe('Escort arriving; reviewed at chair');
  });
});

describe('alarms across a restart', () => {
  it('are still there, unacknowledged, after the server restarts', async () => {
    const database = tempSqlite();
    const first = await startTestServer(database);
    let alarmId: string | undefined;
    try {
      const cookie = await first.signIn('nurse');
      const nurse = new ApiClient(first.baseUrl, cookie);
      const patient = expectStatus(
        await nurse.post<{ patient: { id: string } }>('/api/patients', { id: randomUUID(), mrn: `R-${Date.now()}`, name: 'Restart Patient', dateOfBirth: '1980-01-01', weightKg: 70 }),
        201,
      ).patient;
      const created = expectStatus(
        await nurse.post<{ session: SessionSummary }>('/api/sessions', {
          id: randomUUID(),
          patientId: patient.id,
          chairId: first.cast.chairs[0]?.id,
          indication: 'treatmentResistantDepression',
          doseMgPerKg: 0.5,
          plannedInfusionMinutes: 40,
          nurseId: first.cast.nurse.userId,
          physicianId: first.cast.physicianId,
        }),
        201,
      ).session;
      expectStatus(await nurse.post(`/api/sessions/${created.id}/phase`, { to: 'baseline' }), 200);
      expectStatus(await nurse.post('/api/observations', { observations: [bloodPressure(created.id, 195, 112, isoAgo(1000))] }), 201);
      alarmId = expectStatus(await nurse.get<{ alarms: Alarm[] }>('/api/alarms'), 200).alarms[0]?.id;
      expect(alarmId).toBeDefined();
    } finally {
      await first.close();
    }
    const second = await startTestServer(database);
    try {
      const physician = new ApiClient(second.baseUrl, await second.signIn('physician'));
      const alarms = expectStatus(await physician.get<{ alarms: Alarm[] }>('/api/alarms'), 200).alarms;
      expect(alarms.map((a) => [a.id, a.acknowledgedAt])).toEqual([[alarmId, null]]);
    } finally {
      await second.close();
    }
  });
});
