import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Chair } from '../../shared/schemas/chair.ts';
import type { Observation, ObservationInput } from '../../shared/schemas/observation.ts';
import type { Patient, PatientInput } from '../../shared/schemas/patient.ts';
import type { ObservationPage, SessionInput, SessionRecord, SessionSummary } from '../../shared/schemas/session.ts';
import type { DatabaseConfig } from '../../server/config.ts';
import { ApiClient, expectStatus } from './api.ts';
import type { ServerFixture } from './engines.ts';
import { startTestServer } from './testServer.ts';

/** Ready-made clinical set-up over the real API, so each test owns its chair, patient and session. */

const shortId = (): string => randomUUID().slice(0, 8);

export async function createChair(admin: ApiClient): Promise<Chair> {
  const response = await admin.post<{ chair: Chair }>('/api/chairs', { id: randomUUID(), label: `Chair ${shortId()}`, room: 'Test room' });
  return expectStatus(response, 201).chair;
}

export async function createPatient(nurse: ApiClient, overrides: Partial<PatientInput> = {}): Promise<Patient> {
  const response = await nurse.post<{ patient: Patient }>('/api/patients', {
    id: randomUUID(),
    mrn: `MRN-${shortId()}`,
    name: `Test Patient ${shortId()}`,
    dateOfBirth: '1980-04-12',
    weightKg: 80,
    allergies: [],
    ...overrides,
  });
  return expectStatus(response, 201).patient;
}

export function sessionInput(fx: ServerFixture, patientId: string, chairId: string, overrides: Partial<SessionInput> = {}): SessionInput {
  return {
    id: randomUUID(),
    patientId,
    chairId,
    indication: 'treatmentResistantDepression',
    doseMgPerKg: 0.5,
    plannedInfusionMinutes: 40,
    nurseId: fx.server.cast.nurse.userId,
    physicianId: fx.server.cast.physicianId,
    ...overrides,
  };
}

/** A new chair, patient and scheduled session. */
export async function scheduleSession(fx: ServerFixture, overrides: Partial<SessionInput> = {}): Promise<SessionSummary> {
  const nurse = fx.api('nurse');
  const chair = await createChair(fx.api('admin'));
  const patient = await createPatient(nurse);
  const response = await nurse.post<{ session: SessionSummary }>('/api/sessions', sessionInput(fx, patient.id, chair.id, overrides));
  return expectStatus(response, 201).session;
}

/** A new session, checked in (phase `baseline`), ready to take observations. */
export async function openSession(fx: ServerFixture): Promise<SessionSummary> {
  const session = await scheduleSession(fx);
  const response = await fx.api('nurse').post<{ session: SessionSummary }>(`/api/sessions/${session.id}/phase`, { to: 'baseline' });
  return expectStatus(response, 200).session;
}

/** A session's record with every observation version, read through the record and its pages. */
export type SessionWithObservations = SessionRecord & { observations: Observation[] };

export async function readSession(api: ApiClient, sessionId: string): Promise<SessionWithObservations> {
  const record = expectStatus(await api.get<{ session: SessionRecord }>(`/api/sessions/${sessionId}`), 200).session;
  const observations: Observation[] = [];
  let before: string | null = null;
  do {
    const query: string = before ? `?limit=500&before=${encodeURIComponent(before)}` : '?limit=500';
    const page: ObservationPage = expectStatus(await api.get<ObservationPage>(`/api/sessions/${sessionId}/observations${query}`), 200);
    observations.push(...page.observations);
    before = page.nextBefore;
  } while (before);
  // Oldest first, as a chart or a reader would go through them.
  observations.sort((a, b) => a.observedAt.localeCompare(b.observedAt) || a.recordedAt.localeCompare(b.recordedAt));
  expect(observations).toHaveLength(record.observationCount);
  return { ...record, observations };
}

/** An observation of one scalar kind (everything but blood pressure). */
export type ScalarObservationInput = Exclude<ObservationInput, { kind: 'bloodPressure' }>;

/** A fixed past instant written the way a device in UTC+2 would send it. */
export const OBSERVED_AT = '2026-11-20T10:00:00+02:00';

export function heartRate(sessionId: string, value: number, observedAt = OBSERVED_AT): ScalarObservationInput {
  return { id: randomUUID(), sessionId, kind: 'heartRate', value, observedAt, source: 'manual' };
}

export function bloodPressure(sessionId: string, systolic: number, diastolic: number, observedAt = OBSERVED_AT): ObservationInput {
  return { id: randomUUID(), sessionId, kind: 'bloodPressure', systolic, diastolic, observedAt, source: 'manual' };
}

export function spo2(sessionId: string, value: number, observedAt = OBSERVED_AT): ScalarObservationInput {
  return { id: randomUUID(), sessionId, kind: 'spo2', value, observedAt, source: 'manual', onOxygen: false };
}

/** `count` heart-rate readings a second apart, all normal. */
export function heartRateSeries(sessionId: string, count: number, startMs = Date.parse('2026-11-20T08:00:00Z')): ScalarObservationInput[] {
  return Array.from({ length: count }, (_, i) => heartRate(sessionId, 60 + (i % 20), new Date(startMs + i * 1000).toISOString()));
}

/**
 * For tests that run real server processes on `database`: the demo users, a chair, a patient and
 * one checked-in session, set up through an in-process server that is closed again. Returns the
 * session's id.
 */
export async function prepareCheckedInSession(database: DatabaseConfig): Promise<string> {
  const setup = await startTestServer(database);
  try {
    const admin = new ApiClient(setup.baseUrl, await setup.signIn('admin'));
    const nurse = new ApiClient(setup.baseUrl, await setup.signIn('nurse'));
    const chair = await createChair(admin);
    const patient = await createPatient(nurse);
    const sessionId = randomUUID();
    const booking = {
      id: sessionId,
      patientId: patient.id,
      chairId: chair.id,
      indication: 'chronicPain',
      doseMgPerKg: 0.5,
      plannedInfusionMinutes: 40,
      nurseId: setup.cast.nurse.userId,
      physicianId: setup.cast.physicianId,
    } satisfies SessionInput;
    expectStatus(await nurse.post<{ session: SessionSummary }>('/api/sessions', booking), 201);
    expectStatus(await nurse.post(`/api/sessions/${sessionId}/phase`, { to: 'baseline' }), 200);
    return sessionId;
  } finally {
    await setup.close();
  }
}
