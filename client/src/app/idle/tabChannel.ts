/**
 * The tabs of one browser share one sign-in (one cookie), so they share its idle clock: each tab
 * tells the others when the person is active, and when the sign-in ends on purpose.
 */

export type TabMessage = { type: 'activity'; at: number } | { type: 'signedOut'; notice: string | null };

export interface TabChannel {
  post(message: TabMessage): void;
  listen(listener: (message: TabMessage) => void): () => void;
  close(): void;
}

const CHANNEL_NAME = 'chairside-sign-in';

interface Envelope {
  userId: string;
  message: TabMessage;
}

/** A channel for one user's tabs; messages about someone else (an older tab) are ignored. */
export function openTabChannel(userId: string): TabChannel {
  if (typeof BroadcastChannel === 'undefined') return { post: () => undefined, listen: () => () => undefined, close: () => undefined };
  const channel = new BroadcastChannel(CHANNEL_NAME);
  return {
    post(message) {
      const envelope: Envelope = { userId, message };
      channel.postMessage(envelope);
    },
    listen(listener) {
      const onMessage = (event: MessageEvent<unknown>) => {
        const message = messageFor(userId, event.data);
        if (message) listener(message);
      };
      channel.addEventListener('message', onMessage);
      return () => channel.removeEventListener('message', onMessage);
    },
    close() {
      channel.close();
    },
  };
}

/** Checks what arrives: another tab may run an older build of the page. */
export function messageFor(userId: string, data: unknown): TabMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const { userId: from, message } = data as Partial<Envelope>;
  if (from !== userId || typeof message !== 'object' || message === null) return null;
  if (message.type === 'activity' && typeof message.at === 'number' && Number.isFinite(message.at)) return { type: 'activity', at: message.at };
  if (message.type === 'signedOut') return { type: 'signedOut', notice: typeof message.notice === 'string' ? message.notice : null };
  return null;
}
