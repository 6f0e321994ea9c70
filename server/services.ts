import { createAuthSessionStore } from './auth/authSessions.ts';
import type { DatabaseHandle } from './db/database.ts';
import { GroupCommitter } from './db/groupCommit.ts';
import { createChairService } from './domain/chairs.ts';
import { createObservationService } from './domain/observations.ts';
import { createPatientService } from './domain/patients.ts';
import { createSessionService } from './domain/sessions.ts';
import { createSideEffectService } from './domain/sideEffects.ts';

/** The domain services every adapter (HTTP, sockets, demo simulator) works through. */
export function createServices(database: DatabaseHandle, sessionHours: number) {
  const writer = new GroupCommitter(database.db, database.engine);
  return {
    database,
    db: database.db,
    writer,
    auth: createAuthSessionStore(database.db, sessionHours),
    observations: createObservationService(writer),
    sideEffects: createSideEffectService(writer),
    sessions: createSessionService(writer),
    patients: createPatientService(writer),
    chairs: createChairService(writer),
  };
}

export type Services = ReturnType<typeof createServices>;
