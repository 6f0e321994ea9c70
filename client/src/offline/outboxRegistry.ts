import { type Lock, Outbox } from './outbox.ts';
import { parseEntry } from './outbox.ts';
import { browserStorage, keysWithPrefix } from './storage.ts';
import { restTransport } from './transport.ts';

const outboxes = new Map<string, Outbox>();

export const OUTBOX_PREFIX = 'chairside.outbox.v1.';

/** Storage prefix of one user's outbox: entries are only ever sent under their author's sign-in. */
export function outboxNamespace(userId: string): string {
  return `${OUTBOX_PREFIX}${userId}.`;
}

/** One drain at a time across the tabs of this browser, where Web Locks exist. */
function webLock(name: string): Lock | undefined {
  const locks = globalThis.navigator?.locks;
  if (!locks) return undefined;
  return <T>(work: () => Promise<T>) => locks.request(name, () => work()) as Promise<T>;
}

/** The signed-in user's outbox, created on first use and shared by every screen of the tab. */
export function outboxFor(userId: string, onSignedOut?: () => void): Outbox {
  let outbox = outboxes.get(userId);
  if (!outbox) {
    const { storage, persistent } = browserStorage();
    outbox = new Outbox({
      storage,
      persistent,
      namespace: outboxNamespace(userId),
      transport: restTransport(),
      lock: webLock(`chairside-outbox-${userId}`),
      onSignedOut: () => signedOutHandlers.get(userId)?.(),
    });
    outboxes.set(userId, outbox);
  }
  if (onSignedOut) signedOutHandlers.set(userId, onSignedOut);
  return outbox;
}

const signedOutHandlers = new Map<string, () => void>();

/**
 * Entries another user saved on this device and that have not reached the server: they are sent
 * only under their author's sign-in, so the screen says they are waiting for that person.
 */
export function pendingFromOtherUsers(userId: string): number {
  const { storage } = browserStorage();
  const mine = outboxNamespace(userId);
  try {
    return keysWithPrefix(storage, OUTBOX_PREFIX)
      .filter((key) => !key.startsWith(mine))
      .map((key) => parseEntry(storage.getItem(key)))
      .filter((entry) => entry !== null && entry.status !== 'sent').length;
  } catch {
    return 0;
  }
}
