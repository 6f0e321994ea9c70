import { type AuthPolicy, createAuthSessionStore } from './auth/authSessions.ts';
import { createDeviceTokenStore } from './auth/deviceTokens.ts';
import { createUserAdmin } from './auth/userAdmin.ts';
import type { DatabaseHandle } from './db/database.ts';
import { GroupCommitter } from './db/groupCommit.ts';
import { createAlarmService } from './domain/alarms.ts';
import { createChairService } from './domain/chairs.ts';
import { createDischargeService } from './domain/discharge.ts';
import { createObservationService } from './domain/observations.ts';
import { createPatientService } from './domain/patients.ts';
import { createSessionService } from './domain/sessions.ts';
import { createSideEffectService } from './domain/sideEffects.ts';

/** The domain services every adapter (HTTP, sockets, demo simulator) works through. */
export function createServices(database: DatabaseHandle, policy: AuthPolicy) {
  const writer = new GroupCommitter(database.db, database.engine);
  const auth = createAuthSessionStore(database.db, policy);
  return {
    database,
    db: database.db,
    writer,
    auth,
    deviceTokens: createDeviceTokenStore(database.db),
    users: createUserAdmin(database.db, auth),
    alarms: createAlarmService(writer, database.db),
    discharge: createDischargeService(writer, database.db),
    observations: createObservationService(writer),
    sideEffects: createSideEffectService(writer),
    sessions: createSessionService(writer),
    patients: createPatientService(writer),
    chairs: createChairService(writer),
  };
}

export type Services = ReturnType<typeof createServices>;
