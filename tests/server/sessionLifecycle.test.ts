import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import type { InfusionEvent, SessionSummary } from '../../shared/schemas/session.ts';
import type { ApiClient } from '../support/api.ts';
import { expectError, expectStatus } from '../support/api.ts';
import { bloodPressure, createChair, createPatient, heartRate, readSession, sessionInput } from '../support/clinic.ts';
import { describeEachEngine, useTestServer } from '../support/engines.ts';

type InfusionAnswer = { event: InfusionEvent; session: SessionSummary };

function infusion(nurse: ApiClient, sessionId: string, body: Record<string, unknown>) {
  return nurse.post<InfusionAnswer>(`/api/sessions/${sessionId}/infusion-events`, { id: randomUUID(), ...body });
}

describeEachEngine('the life of a session', (engine) => {
  const fx = useTestServer(engine);

  it('runs from booking through infusion to discharge, keeping every transition with its time', async () => {
    const nurse = fx.api('nurse');
    const ward = await fx.socket('reviewer');
    await ward.subscribeWard();
    const chair = await createChair(fx.api('admin'));
    const patient = await createPatient(nurse, { weightKg: 82.4 });
    expect(patient.weightKg).toBe(82.4);

    // Booked (entered late) before the back-dated steps that follow.
    const input = sessionInput(fx, patient.id, chair.id, { doseMgPerKg: 0.5, plannedInfusionMinutes: 40, bookedAt: '2026-11-20T09:30:00+02:00' });
    const created = expectStatus(await nurse.post<{ session: SessionSummary }>('/api/sessions', input), 201).session;
    expect(created).toMatchObject({
      id: input.id,
      phase: 'scheduled',
      doseMgPerKg: 0.5,
      weightKg: 82.4,
      totalDoseMg: 41.2,
      rateMgPerHour: 61.8,
      plannedInfusionMinutes: 40,
      patient: { id: patient.id, weightKg: 82.4 },
      chair: { id: chair.id, label: chair.label },
      nurse: { id: fx.server.cast.nurse.userId },
      physician: { id: fx.server.cast.physicianId },
      infusionStartedAt: null,
    });
    expect(created.transitions).toMatchObject([{ from: null, to: 'scheduled', at: '2026-11-20T07:30:00.000Z', byName: 'Nora Nurse, RN' }]);
    // A retried booking is the same booking.
    expect(expectStatus(await nurse.post<{ session: SessionSummary }>('/api/sessions', input), 201).session.id).toBe(input.id);

    // Not checked in yet: no readings, no infusion.
    expectError(await nurse.post('/api/observations', { observations: [heartRate(input.id, 70)] }), 422, 'session_not_started');
    expectError(await infusion(nurse, input.id, { kind: 'started', at: '2026-11-20T10:00:00+02:00' }), 409, 'not_allowed_in_phase');

    const checkedIn = expectStatus(
      await nurse.post<{ session: SessionSummary }>(`/api/sessions/${input.id}/phase`, { to: 'baseline', at: '2026-11-20T09:45:00+02:00' }),
      200,
    ).session;
    expect(checkedIn).toMatchObject({ phase: 'baseline', phaseChangedAt: '2026-11-20T07:45:00.000Z' });

    // Transitions that skip a step are refused and change nothing.
    expectError(await nurse.post(`/api/sessions/${input.id}/phase`, { to: 'discharged' }), 409, 'invalid_transition');
    expectError(await infusion(nurse, input.id, { kind: 'paused', at: '2026-11-20T10:00:00+02:00' }), 409, 'not_allowed_in_phase');
    expectError(await infusion(nurse, input.id, { kind: 'stopped', at: '2026-11-20T10:00:00+02:00' }), 409, 'not_allowed_in_phase');

    const start = expectStatus(await infusion(nurse, input.id, { kind: 'started', at: '2026-11-20T10:00:00+02:00' }), 201);
    expect(start.event).toMatchObject({ kind: 'started', at: '2026-11-20T08:00:00.000Z', atOffsetMinutes: 120, recordedByName: 'Nora Nurse, RN' });
    expect(start.session).toMatchObject({ phase: 'infusing', infusionStartedAt: '2026-11-20T08:00:00.000Z' });
    expectError(await infusion(nurse, input.id, { kind: 'started', at: '2026-11-20T10:01:00+02:00' }), 409, 'not_allowed_in_phase');
    expectError(await infusion(nurse, input.id, { kind: 'resumed', at: '2026-11-20T10:01:00+02:00' }), 409, 'not_allowed_in_phase');

    const rate = expectStatus(await infusion(nurse, input.id, { kind: 'rateChanged', at: '2026-11-20T10:05:00+02:00', rateMgPerHour: 50 }), 201);
    expect(rate.session).toMatchObject({ phase: 'infusing', rateMgPerHour: 50 });
    const rateMissing = expectError(await infusion(nurse, input.id, { kind: 'rateChanged', at: '2026-11-20T10:06:00+02:00' }), 422, 'validation_failed');
    expect(rateMissing.issues?.map((i) => i.path)).toEqual(['rateMgPerHour']);

    const pauseId = randomUUID();
    const pauseBody = { id: pauseId, kind: 'paused', at: '2026-11-20T10:10:00+02:00', reason: 'Patient anxious' };
    expect(expectStatus(await nurse.post<InfusionAnswer>(`/api/sessions/${input.id}/infusion-events`, pauseBody), 201).session.phase).toBe('paused');
    // A retried event is stored once; the same id with other content is refused.
    expectStatus(await nurse.post(`/api/sessions/${input.id}/infusion-events`, pauseBody), 201);
    expectError(await nurse.post(`/api/sessions/${input.id}/infusion-events`, { ...pauseBody, reason: 'Other' }), 409, 'id_conflict');

    expect(expectStatus(await infusion(nurse, input.id, { kind: 'resumed', at: '2026-11-20T10:15:00+02:00' }), 201).session.phase).toBe('infusing');
    expect(
      expectStatus(
        await infusion(nurse, input.id, { kind: 'medicationGiven', at: '2026-11-20T10:20:00+02:00', drug: 'Ondansetron', dose: 4, doseUnit: 'mg', route: 'IV' }),
        201,
      ).session.phase,
    ).toBe('infusing');
    expect(expectStatus(await infusion(nurse, input.id, { kind: 'stopped', at: '2026-11-20T10:45:00+02:00' }), 201).session.phase).toBe('recovery');
    expectError(await infusion(nurse, input.id, { kind: 'resumed', at: '2026-11-20T10:46:00+02:00' }), 409, 'not_allowed_in_phase');

    // Discharge waits for the checklist: vitals back near baseline, an escort, instructions.
    const blocked = expectError(await nurse.post(`/api/sessions/${input.id}/phase`, { to: 'discharged', at: '2026-11-20T11:30:00+02:00' }), 409, 'discharge_criteria_unmet');
    expect(blocked.issues?.map((i) => i.path).sort()).toEqual(['checklist.escortPresent', 'checklist.instructionsGiven', 'checklist.vitalsNearBaseline']);
    expectStatus(
      await nurse.post('/api/observations', {
        observations: [
          bloodPressure(input.id, 124, 78, '2026-11-20T09:50:00+02:00'),
          heartRate(input.id, 72, '2026-11-20T09:50:00+02:00'),
          bloodPressure(input.id, 130, 82, '2026-11-20T11:20:00+02:00'),
          heartRate(input.id, 78, '2026-11-20T11:20:00+02:00'),
        ],
      }),
      201,
    );
    expectStatus(await nurse.post(`/api/sessions/${input.id}/discharge-checks`, { escortPresent: true, instructionsGiven: true, escortName: 'Sam (partner)' }), 200);
    const status = expectStatus(await nurse.get<{ met: boolean }>(`/api/sessions/${input.id}/discharge`), 200);
    expect(status.met).toBe(true);
    const discharged = expectStatus(
      await nurse.post<{ session: SessionSummary }>(`/api/sessions/${input.id}/phase`, { to: 'discharged', at: '2026-11-20T11:30:00+02:00' }),
      200,
    ).session;
    expect(discharged.phase).toBe('discharged');
    expectError(await nurse.post(`/api/sessions/${input.id}/phase`, { to: 'aborted', reason: 'too late' }), 409, 'invalid_transition');
    expectError(await infusion(nurse, input.id, { kind: 'medicationGiven', at: '2026-11-20T11:31:00+02:00', drug: 'x', dose: 1, doseUnit: 'mg', route: 'PO' }), 409, 'not_allowed_in_phase');

    const record = await readSession(nurse, input.id);
    expect(record.transitions.map((t) => [t.from, t.to, t.at, t.reason])).toEqual([
      [null, 'scheduled', created.transitions[0]?.at, null],
      ['scheduled', 'baseline', '2026-11-20T07:45:00.000Z', null],
      ['baseline', 'infusing', '2026-11-20T08:00:00.000Z', null],
      ['infusing', 'paused', '2026-11-20T08:10:00.000Z', 'Patient anxious'],
      ['paused', 'infusing', '2026-11-20T08:15:00.000Z', null],
      ['infusing', 'recovery', '2026-11-20T08:45:00.000Z', null],
      ['recovery', 'discharged', '2026-11-20T09:30:00.000Z', null],
    ]);
    expect(record.transitions.every((t) => t.by === fx.server.cast.nurse.userId)).toBe(true);
    expect(record.infusionEvents.map((e) => e.kind)).toEqual(['started', 'rateChanged', 'paused', 'resumed', 'medicationGiven', 'stopped']);
    expect(record.infusionEvents.find((e) => e.kind === 'medicationGiven')).toMatchObject({ drug: 'Ondansetron', dose: 4, doseUnit: 'mg', route: 'IV' });
    expect(record).toMatchObject({ phase: 'discharged', totalDoseMg: 41.2, rateMgPerHour: 50, infusionStartedAt: '2026-11-20T08:00:00.000Z' });

    // Every stored step was pushed, in order, once.
    const pushed = await ward.waitForChanges(13, (c) => c.sessionId === input.id);
    expect(pushed.map((c: ChangeEvent) => c.type)).toEqual([
      'session.created',
      'session.phaseChanged',
      'infusion.recorded',
      'infusion.recorded',
      'infusion.recorded',
      'infusion.recorded',
      'infusion.recorded',
      'infusion.recorded',
      'observation.recorded',
      'observation.recorded',
      'observation.recorded',
      'observation.recorded',
      'session.phaseChanged',
    ]);
    const db = fx.server.server.services.db;
    const audits = await db.selectFrom('audit_log').select('action').where('entity_id', '=', input.id).orderBy('id').execute();
    expect(audits.filter((a) => a.action === 'session.created')).toHaveLength(1);
    expect(audits.filter((a) => a.action === 'session.phaseChanged')).toHaveLength(6);
    expect(audits.filter((a) => a.action === 'infusion.recorded')).toHaveLength(6);

    // Closed to device readings; a nurse's late entry is still accepted.
    const late = heartRate(input.id, 70);
    expectError(await nurse.post('/api/observations', { observations: [{ ...late, source: 'device', deviceId: 'mon-1' }] }), 422, 'session_closed');
    expectStatus(await nurse.post('/api/observations', { observations: [late] }), 201);
  });

  it('refuses steps in the future or out of order, naming the field, and lets clock drift through', async () => {
    const nurse = fx.api('nurse');
    const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();
    const chair = await createChair(fx.api('admin'));
    const patient = await createPatient(nurse);
    const fieldOf = (body: { issues?: Array<{ path: string }> }) => body.issues?.map((issue) => issue.path);

    const futureBooking = sessionInput(fx, patient.id, chair.id, { bookedAt: minutes(60) });
    expect(fieldOf(expectError(await nurse.post('/api/sessions', futureBooking), 422, 'time_in_future'))).toEqual(['bookedAt']);
    const input = sessionInput(fx, patient.id, chair.id, { bookedAt: minutes(-120) });
    const booked = expectStatus(await nurse.post<{ session: SessionSummary }>('/api/sessions', input), 201).session;
    expect(booked.createdAt).toBe(new Date(Date.parse(input.bookedAt ?? '')).toISOString());
    const phase = (body: Record<string, unknown>) => nurse.post<{ session: SessionSummary }>(`/api/sessions/${input.id}/phase`, body);

    // Checked in before the booking, or hours from now: refused, and the session stays booked.
    expect(fieldOf(expectError(await phase({ to: 'baseline', at: minutes(-180) }), 422, 'before_previous_step'))).toEqual(['at']);
    expect(fieldOf(expectError(await phase({ to: 'baseline', at: minutes(90) }), 422, 'time_in_future'))).toEqual(['at']);
    expect((await readSession(nurse, input.id)).phase).toBe('scheduled');
    // A tablet whose clock runs two minutes behind the server's is not out of order.
    expectStatus(await phase({ to: 'baseline', at: minutes(-122) }), 200);

    // The infusion cannot start before the patient sat down, nor stop before it started.
    expect(fieldOf(expectError(await infusion(nurse, input.id, { kind: 'started', at: minutes(-150) }), 422, 'before_check_in'))).toEqual(['at']);
    expect(fieldOf(expectError(await infusion(nurse, input.id, { kind: 'medicationGiven', at: minutes(30), drug: 'Ondansetron', dose: 4, doseUnit: 'mg', route: 'IV' }), 422, 'time_in_future'))).toEqual(['at']);
    expectStatus(await infusion(nurse, input.id, { kind: 'started', at: minutes(-60) }), 201);
    expect(fieldOf(expectError(await infusion(nurse, input.id, { kind: 'stopped', at: minutes(-90) }), 422, 'before_previous_step'))).toEqual(['at']);
    // A late entry of a premedication given in the chair before the start is fine.
    expectStatus(await infusion(nurse, input.id, { kind: 'medicationGiven', at: minutes(-70), drug: 'Ondansetron', dose: 4, doseUnit: 'mg', route: 'IV' }), 201);

    const record = await readSession(nurse, input.id);
    expect(record.phase).toBe('infusing');
    expect(record.infusionEvents.map((event) => event.kind)).toEqual(['medicationGiven', 'started']);
    expect(record.transitions.map((transition) => transition.to)).toEqual(['scheduled', 'baseline', 'infusing']);
  });

  it('keeps one running session per chair and per patient, and frees the chair at the end', async () => {
    const nurse = fx.api('nurse');
    const chair = await createChair(fx.api('admin'));
    const first = await createPatient(nurse);
    const second = await createPatient(nurse);
    const one = sessionInput(fx, first.id, chair.id);
    expectStatus(await nurse.post('/api/sessions', one), 201);
    expectStatus(await nurse.post(`/api/sessions/${one.id}/phase`, { to: 'baseline' }), 200);

    const sameChair = expectError(await nurse.post('/api/sessions', sessionInput(fx, second.id, chair.id)), 409, 'chair_occupied');
    expect(sameChair.issues?.map((i) => i.path)).toEqual(['chairId']);
    const otherChair = await createChair(fx.api('admin'));
    expectError(await nurse.post('/api/sessions', sessionInput(fx, first.id, otherChair.id)), 409, 'patient_in_session');

    const abortNoReason = expectError(await nurse.post(`/api/sessions/${one.id}/phase`, { to: 'aborted' }), 422, 'validation_failed');
    expect(abortNoReason.issues?.map((i) => i.path)).toEqual(['reason']);
    const aborted = expectStatus(
      await nurse.post<{ session: SessionSummary }>(`/api/sessions/${one.id}/phase`, { to: 'aborted', reason: 'Hypertensive at baseline' }),
      200,
    ).session;
    expect(aborted.transitions.at(-1)).toMatchObject({ from: 'baseline', to: 'aborted', reason: 'Hypertensive at baseline' });
    expectStatus(await nurse.post('/api/sessions', sessionInput(fx, second.id, chair.id)), 201);
  });

  it('refuses to check a second patient into an occupied chair, naming the chair, and lets them in once it is free', async () => {
    const nurse = fx.api('nurse');
    const chair = await createChair(fx.api('admin'));
    const [first, second] = [await createPatient(nurse), await createPatient(nurse)];
    // Two bookings may share a chair (one after the other); only one may be sitting in it.
    const early = sessionInput(fx, first.id, chair.id);
    const late = sessionInput(fx, second.id, chair.id);
    expectStatus(await nurse.post('/api/sessions', early), 201);
    expectStatus(await nurse.post('/api/sessions', late), 201);
    // The first patient is also booked into another chair (a booking made twice by mistake).
    const otherChair = await createChair(fx.api('admin'));
    const again = sessionInput(fx, first.id, otherChair.id);
    expectStatus(await nurse.post('/api/sessions', again), 201);
    expectStatus(await nurse.post(`/api/sessions/${early.id}/phase`, { to: 'baseline' }), 200);

    const refused = expectError(await nurse.post(`/api/sessions/${late.id}/phase`, { to: 'baseline' }), 409, 'chair_occupied');
    expect(refused.issues?.map((issue) => [issue.path, issue.code])).toEqual([['chairId', 'chair_occupied']]);
    expect(refused.message).toContain(chair.label);
    // Refused means unchanged: still waiting, no transition, no audit entry.
    const waiting = await readSession(nurse, late.id);
    expect(waiting.phase).toBe('scheduled');
    expect(waiting.transitions.map((t) => t.to)).toEqual(['scheduled']);
    const db = fx.server.server.services.db;
    const running = await db.selectFrom('sessions').select('id').where('chair_id', '=', chair.id).where('phase', 'in', ['baseline', 'infusing', 'paused', 'recovery']).execute();
    expect(running.map((row) => row.id)).toEqual([early.id]);

    // A patient booked twice is not checked in twice either, though that chair is free.
    const twice = expectError(await nurse.post(`/api/sessions/${again.id}/phase`, { to: 'baseline' }), 409, 'patient_in_session');
    expect(twice.issues?.map((issue) => issue.path)).toEqual(['patientId']);

    expectStatus(await nurse.post(`/api/sessions/${early.id}/phase`, { to: 'aborted', reason: 'Felt unwell before the start' }), 200);
    const checkedIn = expectStatus(await nurse.post<{ session: SessionSummary }>(`/api/sessions/${late.id}/phase`, { to: 'baseline' }), 200).session;
    expect(checkedIn).toMatchObject({ phase: 'baseline', chair: { id: chair.id } });
  });

  it('refuses a booking that names the wrong things, naming the field', async () => {
    const nurse = fx.api('nurse');
    const chair = await createChair(fx.api('admin'));
    const patient = await createPatient(nurse);
    const cases: Array<[Record<string, unknown>, number, string, string]> = [
      [{ patientId: randomUUID() }, 404, 'not_found', 'patientId'],
      [{ chairId: randomUUID() }, 404, 'not_found', 'chairId'],
      [{ physicianId: fx.server.cast.nurse.userId }, 422, 'wrong_role', 'physicianId'],
      [{ doseMgPerKg: 5 }, 422, 'validation_failed', 'doseMgPerKg'],
      [{ plannedInfusionMinutes: 2 }, 422, 'validation_failed', 'plannedInfusionMinutes'],
      [{ indication: 'other' }, 422, 'validation_failed', 'indicationOther'],
    ];
    for (const [override, status, code, path] of cases) {
      const body = expectError(await nurse.post('/api/sessions', { ...sessionInput(fx, patient.id, chair.id), ...override }), status, code);
      expect(body.issues?.map((i) => i.path)).toEqual([path]);
    }
    const heavy = expectError(await nurse.post('/api/patients', { id: randomUUID(), mrn: 'X-1', name: 'Heavy', dateOfBirth: '1990-01-01', weightKg: 500 }), 422, 'validation_failed');
    expect(heavy.issues?.map((i) => i.path)).toEqual(['weightKg']);
    const sessions = await fx.server.server.services.db.selectFrom('sessions').select('id').where('chair_id', '=', chair.id).execute();
    expect(sessions).toEqual([]);
  });
});
