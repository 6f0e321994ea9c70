import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SessionUser } from '../../shared/schemas/auth.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from '../domain/actor.ts';
import { audit } from '../domain/audit.ts';
import { notFound } from '../domain/errors.ts';
import { hashToken } from './authSessions.ts';

/** Tokens start with a fixed prefix so a leaked one is easy to spot in logs and scanners. */
const TOKEN_PREFIX = 'csd_';
const TOUCH_EVERY_MS = 60_000;

export interface DeviceToken {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/**
 * Ingest tokens for monitors and gateways. Each token has its own service account (role `device`,
 * which may only record observations), so every reading names the device that sent it. The token
 * is shown once and stored hashed; revoking it takes effect on the next request.
 */
export function createDeviceTokenStore(db: Kysely<Database>) {
  const revokedListeners = new Set<(deviceUserId: string) => void>();
  return {
    /** Called with the device's service account after its token is revoked (to close its sockets). */
    onRevoked(listener: (deviceUserId: string) => void): () => void {
      revokedListeners.add(listener);
      return () => revokedListeners.delete(listener);
    },

    async create(actor: Actor, name: string): Promise<{ token: string; deviceToken: DeviceToken }> {
      const id = randomUUID();
      const userId = randomUUID();
      const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const now = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('users')
          .values({
            id: userId,
            username: `device:${id}`,
            display_name: name,
            roles: JSON.stringify(['device']),
            // Service accounts never sign in with a password.
            password_hash: '!',
            disabled: 0,
            created_at: now,
            kind: 'device',
          })
          .execute();
        await trx
          .insertInto('device_tokens')
          .values({ id, name, token_hash: hashToken(token), user_id: userId, created_at: now, created_by: actor.userId, revoked_at: null, last_used_at: null })
          .execute();
        await audit(trx, actor, { action: 'deviceToken.created', entityType: 'deviceToken', entityId: id, after: { name } }, now);
      });
      return { token, deviceToken: { id, name, createdAt: now, createdBy: actor.displayName, revokedAt: null, lastUsedAt: null } };
    },

    async revoke(actor: Actor, id: string): Promise<void> {
      const row = await db.selectFrom('device_tokens').select(['revoked_at', 'user_id']).where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound('Device token', id);
      if (row.revoked_at) return;
      const now = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('device_tokens').set({ revoked_at: now }).where('id', '=', id).execute();
        await trx.updateTable('users').set({ disabled: 1 }).where('id', '=', row.user_id).execute();
        await audit(trx, actor, { action: 'deviceToken.revoked', entityType: 'deviceToken', entityId: id }, now);
      });
      for (const listener of revokedListeners) listener(row.user_id);
    },

    async list(): Promise<DeviceToken[]> {
      const rows = await db
        .selectFrom('device_tokens as d')
        .innerJoin('users as u', 'u.id', 'd.created_by')
        .select(['d.id', 'd.name', 'd.created_at', 'u.display_name', 'd.revoked_at', 'd.last_used_at'])
        .orderBy('d.created_at', 'desc')
        .execute();
      return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, createdBy: r.display_name, revokedAt: r.revoked_at, lastUsedAt: r.last_used_at }));
    },

    /** The device's service account, or null for an unknown or revoked token. */
    async resolve(token: string): Promise<SessionUser | null> {
      if (!token.startsWith(TOKEN_PREFIX)) return null;
      const row = await db
        .selectFrom('device_tokens as d')
        .innerJoin('users as u', 'u.id', 'd.user_id')
        .select(['d.id', 'd.revoked_at', 'd.last_used_at', 'u.id as user_id', 'u.username', 'u.display_name'])
        .where('d.token_hash', '=', hashToken(token))
        .executeTakeFirst();
      if (!row || row.revoked_at) return null;
      const now = Date.now();
      if (!row.last_used_at || now - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) {
        await db.updateTable('device_tokens').set({ last_used_at: new Date(now).toISOString() }).where('id', '=', row.id).execute();
      }
      return { id: row.user_id, username: row.username, displayName: row.display_name, roles: ['device'] };
    },
  };
}

export type DeviceTokenStore = ReturnType<typeof createDeviceTokenStore>;
