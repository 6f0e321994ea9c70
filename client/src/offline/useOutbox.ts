import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { queryKeys } from '../api/queryKeys.ts';
import { useSignedInUser } from '../features/auth/signedInUser.ts';
import { useSocket } from '../realtime/socketContext.ts';
import type { Outbox, OutboxState } from './outbox.ts';
import { OUTBOX_PREFIX, outboxFor } from './outboxRegistry.ts';

/** The signed-in user's outbox. */
export function useOutbox(): Outbox {
  return outboxFor(useSignedInUser().id);
}

export function useOutboxState(): OutboxState {
  const outbox = useOutbox();
  return useSyncExternalStore(outbox.subscribe, outbox.getState);
}

/**
 * Keeps the outbox sending while someone is signed in: at once, whenever the socket (re)connects,
 * when the browser says it is back online or the tab comes back to the front, and after back-off
 * otherwise. A 401 pauses it and shows sign-in; it resumes when the same user signs in again.
 */
export function useOutboxRunner(): void {
  const user = useSignedInUser();
  const socket = useSocket();
  const queryClient = useQueryClient();

  useEffect(() => {
    const outbox = outboxFor(user.id, () => queryClient.setQueryData(queryKeys.currentUser, null));
    const sendNow = () => void outbox.flushNow();
    const onVisible = () => {
      if (document.visibilityState === 'visible') sendNow();
    };
    const onStorage = (event: StorageEvent) => {
      if (event.key === null || event.key.startsWith(OUTBOX_PREFIX)) outbox.refresh();
    };
    socket.on('connect', sendNow);
    window.addEventListener('online', sendNow);
    window.addEventListener('storage', onStorage);
    document.addEventListener('visibilitychange', onVisible);
    void outbox.resume();
    return () => {
      socket.off('connect', sendNow);
      window.removeEventListener('online', sendNow);
      window.removeEventListener('storage', onStorage);
      document.removeEventListener('visibilitychange', onVisible);
      outbox.pause();
    };
  }, [user.id, socket, queryClient]);
}
