import { randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../../shared/auth/permissions.ts';
import { createUser } from '../auth/users.ts';
import { type Actor, actorFromUser } from '../domain/actor.ts';
import { listChairs } from '../domain/chairs.ts';
import type { Services } from '../services.ts';
import type { SimulatorCast } from './simulator.ts';

export const DEMO_PASSWORD = 'chairside-demo';

export const DEMO_USERS: ReadonlyArray<{ username: string; displayName: string; roles: Role[] }> = [
  { username: 'nurse', displayName: 'Nora Nurse, RN', roles: ['nurse'] },
  { username: 'physician', displayName: 'Dr. Paul Physician', roles: ['physician'] },
  { username: 'reviewer', displayName: 'Rita Reviewer', roles: ['reviewer'] },
  { username: 'admin', displayName: 'Adam Admin', roles: ['admin'] },
];

const DEMO_CHAIRS = [
  { label: 'Chair 1', room: 'Room A' },
  { label: 'Chair 2', room: 'Room A' },
  { label: 'Chair 3', room: 'Room B' },
  { label: 'Chair 4', room: 'Room B' },
  { label: 'Chair 5', room: 'Room C' },
  { label: 'Chair 6', room: 'Room C' },
];

const DEMO_MONITOR = { username: 'demo-monitor', displayName: 'Bedside monitor (demo)' } as const;

/** Demo users, chairs and a monitor account; safe to run on every start. */
export async function seedDemo(services: Services): Promise<SimulatorCast> {
  const ids = new Map<string, Actor>();
  for (const user of DEMO_USERS.map((u) => ({ ...u, password: DEMO_PASSWORD }))) {
    const existing = await services.db.selectFrom('users').select(['id', 'roles']).where('username', '=', user.username).executeTakeFirst();
    const created = existing
      ? { id: existing.id, username: user.username, displayName: user.displayName, roles: user.roles }
      : await createUser(services.db, user);
    ids.set(user.username, actorFromUser(created, null));
  }
  const admin = ids.get('admin');
  const nurse = ids.get('nurse');
  const physician = ids.get('physician');
  if (!admin || !nurse || !physician) throw new Error('demo users missing');
  const monitor = await ensureMonitorAccount(services);

  const existingChairs = await listChairs(services.db);
  for (const chair of DEMO_CHAIRS) {
    if (!existingChairs.some((c) => c.label === chair.label)) {
      await services.chairs.createChair(admin, { id: randomUUID(), ...chair });
    }
  }
  const chairs = (await listChairs(services.db)).filter((c) => DEMO_CHAIRS.some((d) => d.label === c.label));
  await abandonRunningDemoSessions(services, nurse);
  return { nurse, physician, physicianId: physician.userId, monitor, chairs };
}

/**
 * The demo monitors record as their own service account, like a device behind an ingest token:
 * never a person, so it cannot sign in and is never offered as anyone's nurse. Demo data made
 * before this (a person with the nurse role) is turned into one on the next start.
 */
async function ensureMonitorAccount(services: Services): Promise<Actor> {
  const roles: Role[] = ['device'];
  const existing = await services.db.selectFrom('users').select(['id']).where('username', '=', DEMO_MONITOR.username).executeTakeFirst();
  const id = existing?.id ?? randomUUID();
  if (existing) {
    await services.db.updateTable('users').set({ kind: 'device', roles: JSON.stringify(roles), password_hash: '!' }).where('id', '=', id).execute();
  } else {
    await services.db
      .insertInto('users')
      .values({
        id,
        username: DEMO_MONITOR.username,
        display_name: DEMO_MONITOR.displayName,
        roles: JSON.stringify(roles),
        // Service accounts never sign in with a password.
        password_hash: '!',
        disabled: 0,
        created_at: new Date().toISOString(),
        kind: 'device',
      })
      .execute();
  }
  return { userId: id, username: DEMO_MONITOR.username, displayName: DEMO_MONITOR.displayName, roles, sourceIp: null };
}

/** A restarted demo starts its chairs afresh; earlier demo sessions are closed, not deleted. */
async function abandonRunningDemoSessions(services: Services, nurse: Actor): Promise<void> {
  const running = await services.db
    .selectFrom('sessions')
    .select(['id', 'phase'])
    .where('phase', 'in', ['scheduled', 'baseline', 'infusing', 'paused', 'recovery'])
    .execute();
  for (const session of running) {
    await services.sessions.changePhase(nurse, session.id, { to: 'aborted', reason: 'Demo restarted' });
  }
}

/** Production first start: an `admin` account with the configured or a generated password. */
export async function ensureAdmin(services: Services, configured: string | undefined): Promise<string | null> {
  const count = await services.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  if (Number(count?.n ?? 0) > 0) return null;
  const password = configured ?? randomBytes(12).toString('base64url');
  await createUser(services.db, { username: 'admin', displayName: 'Administrator', roles: ['admin'], password });
  return configured ? '(from CHAIRSIDE_ADMIN_PASSWORD)' : password;
}
