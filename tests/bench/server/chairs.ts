import { randomUUID } from 'node:crypto';
import type { TestServer } from '../../support/testServer.ts';

/** A checked-in session per chair, so readings are accepted. */
export async function openChairs(server: TestServer, count: number): Promise<string[]> {
  const { services } = server.server;
  const nurse = server.cast.nurse;
  const admin = { ...nurse, roles: ['admin' as const] };
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const chair = await services.chairs.createChair(admin, { id: randomUUID(), label: `Bench ${i}`, room: 'Bench' });
    const patient = await services.patients.createPatient(nurse, { id: randomUUID(), mrn: `B-${i}-${Date.now()}`, name: `Bench ${i}`, dateOfBirth: '1980-01-01', weightKg: 70 });
    const session = await services.sessions.createSession(nurse, {
      id: randomUUID(),
      patientId: patient.id,
      chairId: chair.id,
      indication: 'chronicPain',
      doseMgPerKg: 0.5,
      plannedInfusionMinutes: 40,
      nurseId: nurse.userId,
      physicianId: server.cast.physicianId,
    });
    await services.sessions.changePhase(nurse, session.id, { to: 'baseline' });
    ids.push(session.id);
  }
  return ids;
}
