import type { Kysely } from 'kysely';
import type { Role } from '../../shared/auth/permissions.ts';
import { newUserSchema, passwordResetSchema, type SessionUser, type UserAccount, userRolesSchema } from '../../shared/schemas/auth.ts';
import type { Database, UsersTable } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { audit } from '../domain/audit.ts';
import { conflict, invalid, notFound } from '../domain/errors.ts';
import { parseRoles } from '../domain/mappers.ts';
import { validate } from '../domain/validate.ts';
import type { AuthSessionStore } from './authSessions.ts';
import { hashPassword } from './passwords.ts';

type UserRow = Pick<UsersTable, 'id' | 'username' | 'display_name' | 'roles' | 'disabled' | 'locked_at' | 'created_at'> & {
  failed_sign_ins: number;
};

function toAccount(row: UserRow): UserAccount {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: parseRoles(row.roles),
    disabled: row.disabled === 1,
    locked: row.locked_at !== null,
    failedSignIns: row.failed_sign_ins,
    createdAt: row.created_at,
  };
}

/** Roles that can stand on a session as its nurse or physician (the domain checks the same). */
export const CARE_TEAM_ROLES: readonly Role[] = ['nurse', 'physician'];

/**
 * The people a session's nurse and physician are chosen from: enabled accounts of people with a
 * clinical role. Service accounts (ingest tokens, the HL7 listener, the demo monitors) record
 * readings but never look after a patient, and reviewers and admins do not either.
 */
export async function listCareTeam(db: Kysely<Database>): Promise<SessionUser[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'roles'])
    .where('kind', '=', 'person')
    .where('disabled', '=', 0)
    .orderBy('display_name')
    .execute();
  return rows
    .map((row) => ({ id: row.id, username: row.username, displayName: row.display_name, roles: parseRoles(row.roles) }))
    .filter((user) => user.roles.some((role) => CARE_TEAM_ROLES.includes(role)));
}

/**
 * Accounts of people. Users are never deleted — their names stand on the records they made —
 * only disabled; every change is audited, and disabling or a reset ends their open sign-ins.
 */
export function createUserAdmin(db: Kysely<Database>, auth: AuthSessionStore) {
  const columns = ['id', 'username', 'display_name', 'roles', 'disabled', 'locked_at', 'created_at', 'failed_sign_ins'] as const;
  const load = async (id: string): Promise<UserAccount> => {
    const row = await db.selectFrom('users').select(columns).where('id', '=', id).where('kind', '=', 'person').executeTakeFirst();
    if (!row) throw notFound('User', id);
    return toAccount(row);
  };
  const change = async (
    actor: Actor,
    id: string,
    action: string,
    set: Partial<Pick<UsersTable, 'disabled' | 'locked_at' | 'password_hash' | 'roles'>> & { failed_sign_ins?: number },
  ): Promise<UserAccount> => {
    const before = await load(id);
    const now = new Date().toISOString();
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set(set).where('id', '=', id).execute();
      const after = await trx.selectFrom('users').select(columns).where('id', '=', id).executeTakeFirstOrThrow();
      await audit(trx, actor, { action, entityType: 'user', entityId: id, before, after: toAccount(after) }, now);
    });
    return load(id);
  };

  return {
    async list(): Promise<UserAccount[]> {
      const rows = await db.selectFrom('users').select(columns).where('kind', '=', 'person').orderBy('display_name').execute();
      return rows.map(toAccount);
    },

    async create(actor: Actor, body: unknown): Promise<UserAccount> {
      const input = validate(newUserSchema, body);
      const existing = await db.selectFrom('users').select(['id', 'username']).where((eb) => eb.or([eb('id', '=', input.id), eb('username', '=', input.username)])).executeTakeFirst();
      if (existing?.id === input.id && existing.username === input.username) return load(input.id);
      if (existing) throw conflict('username', 'username_taken', `The user name ${input.username} is taken`);
      const now = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('users')
          .values({
            id: input.id,
            username: input.username,
            display_name: input.displayName,
            roles: JSON.stringify(input.roles),
            password_hash: await hashPassword(input.password),
            disabled: 0,
            created_at: now,
            kind: 'person',
          })
          .execute();
        await audit(trx, actor, { action: 'user.created', entityType: 'user', entityId: input.id, after: { username: input.username, displayName: input.displayName, roles: input.roles } }, now);
      });
      return load(input.id);
    },

    async resetPassword(actor: Actor, id: string, body: unknown): Promise<UserAccount> {
      const { password } = validate(passwordResetSchema, body);
      const target = await load(id);
      if (password.toLowerCase().includes(target.username.toLowerCase())) {
        throw invalid('password', 'contains_username', 'must not contain the user name');
      }
      const account = await change(actor, id, 'user.passwordReset', { password_hash: await hashPassword(password), failed_sign_ins: 0, locked_at: null });
      await auth.signOutUser(id);
      return account;
    },

    async setRoles(actor: Actor, id: string, body: unknown): Promise<UserAccount> {
      const { roles } = validate(userRolesSchema, body);
      return change(actor, id, 'user.rolesChanged', { roles: JSON.stringify(roles) });
    },

    async disable(actor: Actor, id: string): Promise<UserAccount> {
      if (id === actor.userId) throw conflict('id', 'cannot_disable_self', 'You cannot disable your own account');
      const account = await change(actor, id, 'user.disabled', { disabled: 1 });
      await auth.signOutUser(id);
      return account;
    },

    async enable(actor: Actor, id: string): Promise<UserAccount> {
      return change(actor, id, 'user.enabled', { disabled: 0 });
    },

    async unlock(actor: Actor, id: string): Promise<UserAccount> {
      return change(actor, id, 'user.unlocked', { locked_at: null, failed_sign_ins: 0 });
    },
  };
}

export type UserAdmin = ReturnType<typeof createUserAdmin>;
