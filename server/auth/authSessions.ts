import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SessionUser } from '../../shared/schemas/auth.ts';
import { isTransient } from '../db/groupCommit.ts';
import type { Database } from '../db/schema.ts';
import { parseRoles } from '../domain/mappers.ts';
import { dummyPasswordHash, verifyPassword } from './passwords.ts';

export const SESSION_COOKIE = 'chairside_session';
/** Readable by the page, sent back as a header on writes (double submit against cross-site writes). */
export const CSRF_COOKIE = 'chairside_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Consecutive failed sign-ins after which an account locks until an admin unlocks it. */
export const LOCK_AFTER_FAILURES = 10;
/** Failed sign-ins are answered more slowly as they pile up (capped), to blunt guessing. */
const SLOWDOWN_FREE_FAILURES = 3;
const SLOWDOWN_STEP_MS = 150;
const SLOWDOWN_MAX_MS = 1000;
/** `last_seen_at` is written at most this often, so reads stay reads. */
const TOUCH_EVERY_MS = 30_000;

export type SignInOutcome =
  | { kind: 'signedIn'; token: string; csrfToken: string; user: SessionUser; expiresAt: string }
  | { kind: 'invalid'; userId: string | null; lockedNow: boolean }
  | { kind: 'locked'; userId: string };

export interface ResolvedSession {
  user: SessionUser;
  csrfToken: string | null;
}

export interface AuthPolicy {
  sessionHours: number;
  /** Minutes without activity after which a sign-in ends; 0 disables. */
  idleMinutes: number;
}

/**
 * Sign-in sessions live in the database (so every node sees them); the cookie holds a random
 * token and the table holds only its hash, so a leaked table cannot be replayed as cookies.
 */
export interface AuthSessionStore {
  readonly policy: AuthPolicy;
  signIn(username: string, password: string, sourceIp: string | null): Promise<SignInOutcome>;
  resolve(token: string | undefined): Promise<ResolvedSession | null>;
  /** Marks activity (throttled unless `force`); returns false when the sign-in has already ended. */
  touch(token: string, force?: boolean): Promise<boolean>;
  signOut(token: string): Promise<void>;
  /** Called after a sign-in ends, so open sockets holding that token can be closed. */
  onSignedOut(listener: (token: string) => void): () => void;
  /** Ends every sign-in of a user (disabled, password reset). */
  signOutUser(userId: string): Promise<void>;
  /** Called after every sign-in of a user was ended, so their open sockets can be closed. */
  onUserSignedOut(listener: (userId: string) => void): () => void;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createAuthSessionStore(db: Kysely<Database>, policy: AuthPolicy): AuthSessionStore {
  const signedOutListeners = new Set<(token: string) => void>();
  const userSignedOutListeners = new Set<(userId: string) => void>();
  /** When this node last wrote a sign-in's activity (by token hash). */
  const touchedAt = new Map<string, number>();

  async function resolve(token: string | undefined): Promise<ResolvedSession | null> {
    if (!token) return null;
    const row = await db
      .selectFrom('auth_sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select(['u.id', 'u.username', 'u.display_name', 'u.roles', 'u.disabled', 'u.locked_at', 's.expires_at', 's.ended_at', 's.last_seen_at', 's.csrf_token'])
      .where('s.token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!row || row.disabled || row.locked_at || row.ended_at) return null;
    const now = Date.now();
    if (Date.parse(row.expires_at) <= now) return null;
    if (policy.idleMinutes > 0 && row.last_seen_at && now - Date.parse(row.last_seen_at) > policy.idleMinutes * 60_000) return null;
    return {
      user: { id: row.id, username: row.username, displayName: row.display_name, roles: parseRoles(row.roles) },
      csrfToken: row.csrf_token,
    };
  }

  return {
    policy,
    onSignedOut(listener) {
      signedOutListeners.add(listener);
      return () => signedOutListeners.delete(listener);
    },

    async signIn(username, password, sourceIp) {
      const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
      if (!row || row.disabled || row.kind !== 'person') {
        await verifyPassword(password, await dummyPasswordHash());
        return { kind: 'invalid', userId: null, lockedNow: false };
      }
      const valid = await verifyPassword(password, row.password_hash);
      if (row.locked_at) return { kind: 'locked', userId: row.id };
      if (!valid) {
        const failures = row.failed_sign_ins + 1;
        const lockedNow = failures >= LOCK_AFTER_FAILURES;
        await db
          .updateTable('users')
          .set({ failed_sign_ins: failures, locked_at: lockedNow ? new Date().toISOString() : null })
          .where('id', '=', row.id)
          .execute();
        await sleep(Math.min(Math.max(0, failures - SLOWDOWN_FREE_FAILURES) * SLOWDOWN_STEP_MS, SLOWDOWN_MAX_MS));
        return { kind: 'invalid', userId: row.id, lockedNow };
      }
      if (row.failed_sign_ins > 0) await db.updateTable('users').set({ failed_sign_ins: 0 }).where('id', '=', row.id).execute();
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const now = new Date();
      const expiresAt = new Date(now.getTime() + policy.sessionHours * 3_600_000).toISOString();
      await db
        .insertInto('auth_sessions')
        .values({
          token_hash: hashToken(token),
          user_id: row.id,
          created_at: now.toISOString(),
          expires_at: expiresAt,
          ended_at: null,
          last_seen_at: now.toISOString(),
          csrf_token: csrfToken,
          source_ip: sourceIp,
        })
        .execute();
      return {
        kind: 'signedIn',
        token,
        csrfToken,
        expiresAt,
        user: { id: row.id, username: row.username, displayName: row.display_name, roles: parseRoles(row.roles) },
      };
    },

    resolve,

    async touch(token, force = false) {
      const nowIso = new Date().toISOString();
      // Never throttle so coarsely that a sign-in could idle out while its person is active.
      const every = policy.idleMinutes > 0 ? Math.min(TOUCH_EVERY_MS, (policy.idleMinutes * 60_000) / 4) : TOUCH_EVERY_MS;
      // A bedside tablet or gateway writes every second: skip the write statement, not only its effect.
      const hash = hashToken(token);
      const lastTouched = touchedAt.get(hash);
      if (!force && lastTouched !== undefined && Date.now() - lastTouched < every / 2) return (await resolve(token)) !== null;
      if (touchedAt.size > 10_000) touchedAt.clear();
      touchedAt.set(hash, Date.now());
      const threshold = new Date(Date.now() - (force ? 0 : every)).toISOString();
      try {
        await db
          .updateTable('auth_sessions')
          .set({ last_seen_at: nowIso })
          .where('token_hash', '=', hash)
          .where('ended_at', 'is', null)
          .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<=', threshold)]))
          .execute();
      } catch (error) {
        // Marking activity is best effort: a busy store must not refuse the clinical write behind it.
        if (!isTransient(error)) throw error;
        touchedAt.delete(hash);
      }
      return (await resolve(token)) !== null;
    },
    async signOut(token) {
      await db
        .updateTable('auth_sessions')
        .set({ ended_at: new Date().toISOString() })
        .where('token_hash', '=', hashToken(token))
        .execute();
      for (const listener of signedOutListeners) listener(token);
    },

    async signOutUser(userId) {
      await db.updateTable('auth_sessions').set({ ended_at: new Date().toISOString() }).where('user_id', '=', userId).where('ended_at', 'is', null).execute();
      for (const listener of userSignedOutListeners) listener(userId);
    },
    onUserSignedOut(listener) {
      userSignedOutListeners.add(listener);
      return () => userSignedOutListeners.delete(listener);
    },
  };
}
