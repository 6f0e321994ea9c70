import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SessionUser } from '../../shared/schemas/auth.ts';
import type { Database } from '../db/schema.ts';
import { parseRoles } from '../domain/mappers.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';

export const SESSION_COOKIE = 'chairside_session';

/**
 * Sign-in sessions live in the database (so every node sees them); the cookie holds a random
 * token and the table holds only its hash, so a leaked table cannot be replayed as cookies.
 */
export interface AuthSessionStore {
  signIn(username: string, password: string): Promise<{ token: string; user: SessionUser; expiresAt: string } | null>;
  resolve(token: string | undefined): Promise<SessionUser | null>;
  signOut(token: string): Promise<void>;
  /** Called after a sign-in ends, so open sockets holding that token can be closed. */
  onSignedOut(listener: (token: string) => void): () => void;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

export function createAuthSessionStore(db: Kysely<Database>, sessionHours: number): AuthSessionStore {
  const signedOutListeners = new Set<(token: string) => void>();
  return {
    onSignedOut(listener) {
      signedOutListeners.add(listener);
      return () => signedOutListeners.delete(listener);
    },

    async signIn(username, password) {
      const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
      if (!row || row.disabled) {
        await verifyPassword(password, await dummyPasswordHash());
        return null;
      }
      if (!(await verifyPassword(password, row.password_hash))) return null;
      const token = randomBytes(32).toString('base64url');
      const now = new Date();
      const expiresAt = new Date(now.getTime() + sessionHours * 3_600_000).toISOString();
      await db
        .insertInto('auth_sessions')
        .values({ token_hash: hashToken(token), user_id: row.id, created_at: now.toISOString(), expires_at: expiresAt, ended_at: null })
        .execute();
      return {
        token,
        expiresAt,
        user: { id: row.id, username: row.username, displayName: row.display_name, roles: parseRoles(row.roles) },
      };
    },

    async resolve(token) {
      if (!token) return null;
      const row = await db
        .selectFrom('auth_sessions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select(['u.id', 'u.username', 'u.display_name', 'u.roles', 'u.disabled', 's.expires_at', 's.ended_at'])
        .where('s.token_hash', '=', hashToken(token))
        .executeTakeFirst();
      if (!row || row.disabled || row.ended_at || row.expires_at <= new Date().toISOString()) return null;
      return { id: row.id, username: row.username, displayName: row.display_name, roles: parseRoles(row.roles) };
    },

    async signOut(token) {
      await db
        .updateTable('auth_sessions')
        .set({ ended_at: new Date().toISOString() })
        .where('token_hash', '=', hashToken(token))
        .execute();
      for (const listener of signedOutListeners) listener(token);
    },
  };
}
