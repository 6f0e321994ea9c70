import { createHash } from 'node:crypto';

/**
 * The room of every socket opened with one sign-in (or device token), so ending it can close them
 * on every node. Room names travel through Redis, so the name is a hash, and not the one the
 * sign-in table stores.
 */
/** The room of every socket of one account (a person or a device), to close them all when it ends. */
export function accountRoom(userId: string): string {
  return `account:${userId}`;
}

export function credentialRoom(token: string): string {
  return `credential:${createHash('sha256').update('chairside socket room\0').update(token).digest('base64url')}`;
}
