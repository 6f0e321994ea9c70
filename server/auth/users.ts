import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role } from '../../shared/auth/permissions.ts';
import type { SessionUser } from '../../shared/schemas/auth.ts';
import type { Database } from '../db/schema.ts';
import { hashPassword } from './passwords.ts';

export interface NewUser {
  username: string;
  displayName: string;
  roles: Role[];
  password: string;
}

export async function createUser(db: Kysely<Database>, user: NewUser): Promise<SessionUser> {
  const id = randomUUID();
  await db
    .insertInto('users')
    .values({
      id,
      username: user.username,
      display_name: user.displayName,
      roles: JSON.stringify(user.roles),
      password_hash: await hashPassword(user.password),
      disabled: 0,
      created_at: new Date().toISOString(),
    })
    .execute();
  return { id, username: user.username, displayName: user.displayName, roles: user.roles };
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}
