import { randomUUID } from 'node:crypto';
import type { SessionSummary } from '../../shared/schemas/session.ts';
import { ApiClient, expectStatus, signInCookies } from '../support/api.ts';
import { createChair, createPatient } from '../support/clinic.ts';
import { SPAWNED_ADMIN_PASSWORD } from '../support/spawnedStore.ts';

/** What a load run needs from a freshly started server: open chairs, gateways' tokens, a reader. */
export interface LoadClinic {
  /** One checked-in session per chair. */
  sessions: string[];
  /** Ingest tokens, one per gateway. */
  deviceTokens: string[];
  /** Cookie header of a signed-in physician, for the ward dashboards. */
  readerCookie: string;
  nurse: ApiClient;
}

const PASSWORD = 'load-test-password-1';
const SETUP_CONCURRENCY = 8;

/**
 * The server answers /api/health before it has created its first admin (that waits for a password
 * hash), so the admin's first sign-in may be refused: retry, a second apart, within the per-address
 * sign-in limit.
 */
async function signInAdmin(baseUrl: string): Promise<ApiClient> {
  for (let attempt = 1; ; attempt++) {
    try {
      return new ApiClient(baseUrl, await signInCookies(baseUrl, 'admin', SPAWNED_ADMIN_PASSWORD));
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

async function createUser(admin: ApiClient, username: string, roles: string[]): Promise<string> {
  const response = await admin.post<{ user: { id: string } }>('/api/admin/users', { id: randomUUID(), username, displayName: `Load ${username}`, roles, password: PASSWORD });
  return expectStatus(response, 201).user.id;
}

/**
 * Sets a spawned server (first admin `SPAWNED_ADMIN_PASSWORD`) up over its own API, as a clinic
 * would: a nurse and a physician, `devices` ingest tokens, and `chairs` chairs each with a patient
 * checked in.
 */
export async function setUpLoadClinic(baseUrl: string, chairs: number, devices: number): Promise<LoadClinic> {
  const admin = await signInAdmin(baseUrl);
  const suffix = randomUUID().slice(0, 6);
  const nurseId = await createUser(admin, `nurse-${suffix}`, ['nurse']);
  const physicianId = await createUser(admin, `physician-${suffix}`, ['physician']);
  const nurse = new ApiClient(baseUrl, await signInCookies(baseUrl, `nurse-${suffix}`, PASSWORD));
  const readerCookie = await signInCookies(baseUrl, `physician-${suffix}`, PASSWORD);

  const deviceTokens: string[] = [];
  for (let i = 0; i < devices; i++) {
    const created = await admin.post<{ token: string }>('/api/admin/device-tokens', { name: `Load gateway ${i + 1}` });
    deviceTokens.push(expectStatus(created, 201).token);
  }

  const sessions: string[] = new Array(chairs);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(SETUP_CONCURRENCY, chairs) }, async () => {
      while (next < chairs) {
        const i = next++;
        const chair = await createChair(admin);
        const patient = await createPatient(nurse);
        const created = await nurse.post<{ session: SessionSummary }>('/api/sessions', {
          id: randomUUID(),
          patientId: patient.id,
          chairId: chair.id,
          indication: 'chronicPain',
          doseMgPerKg: 0.5,
          plannedInfusionMinutes: 40,
          nurseId,
          physicianId,
        });
        const session = expectStatus(created, 201).session;
        expectStatus(await nurse.post(`/api/sessions/${session.id}/phase`, { to: 'baseline' }), 200);
        sessions[i] = session.id;
      }
    }),
  );
  return { sessions, deviceTokens, readerCookie, nurse };
}
