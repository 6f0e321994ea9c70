import type { SessionRecord } from '../../../shared/schemas/session.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { type LiveFeedSpec, emitSubscribe } from './LiveFeed.ts';
import { patchSessionRecord } from './sessionPatch.ts';
import { type WardSnapshot, patchWard } from './wardPatch.ts';

export const wardFeed: LiveFeedSpec<WardSnapshot> = {
  queryKey: queryKeys.ward,
  subscribe: (socket, since) => emitSubscribe(socket, { event: 'ward:subscribe', since }),
  unsubscribe: (socket) => {
    socket.emit('ward:unsubscribe');
  },
  accepts: () => true,
  patch: patchWard,
};

export function sessionFeed(sessionId: string): LiveFeedSpec<SessionRecord> {
  return {
    queryKey: queryKeys.session(sessionId),
    subscribe: (socket, since) => emitSubscribe(socket, { event: 'session:subscribe', sessionId, since }),
    unsubscribe: (socket) => {
      socket.emit('session:unsubscribe', { sessionId });
    },
    // The socket may also be in the ward room; only this session's changes belong here.
    accepts: (change) => change.sessionId === sessionId,
    patch: patchSessionRecord,
  };
}
