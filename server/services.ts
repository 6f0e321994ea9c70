import { type AuthPolicy, createAuthSessionStore } from './auth/authSessions.ts';
import { createDeviceTokenStore } from './auth/deviceTokens.ts';
import { createUserAdmin } from './auth/userAdmin.ts';
import type { DatabaseHandle } from './db/database.ts';
import { GroupCommitter } from './db/groupCommit.ts';
import { createAlarmService } from './domain/alarms.ts';
import { createChairService } from './domain/chairs.ts';
import { createDischargeService } from './domain/discharge.ts';
import { createSignOffService } from './domain/history.ts';
import { createObservationService } from './domain/observations.ts';
import { createPatientService } from './domain/patients.ts';
import { createSessionService } from './domain/sessions.ts';
import { createSideEffectService } from './domain/sideEffects.ts';
import { createImportService } from './ingest/imports.ts';
import { createIngestService } from './ingest/service.ts';

/** The domain services every adapter (HTTP, sockets, demo simulator) works through. */
export function createServices(database: DatabaseHandle, policy: AuthPolicy, ingestOptions: { defaultTimeZone: string } = { defaultTimeZone: 'UTC' }) {
  const writer = new GroupCommitter(database.db, database.engine);
  const auth = createAuthSessionStore(database.db, policy);
  const observations = createObservationService(writer);
  return {
    database,
    db: database.db,
    writer,
    auth,
    deviceTokens: createDeviceTokenStore(database.db),
    users: createUserAdmin(database.db, auth),
    alarms: createAlarmService(writer),
    discharge: createDischargeService(writer, database.db),
    signOff: createSignOffService(writer),
    observations,
    sideEffects: createSideEffectService(writer),
    sessions: createSessionService(writer),
    patients: createPatientService(writer),
    chairs: createChairService(writer),
    ingest: createIngestService(writer, database.db, observations, ingestOptions),
    imports: createImportService(writer, database.db, observations, ingestOptions.defaultTimeZone),
  };
}

export type Services = ReturnType<typeof createServices>;
