import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import { ALARMS_ROOM, WARD_ROOM, isAlarmChange, sessionRoom } from '../../shared/realtime/socketEvents.ts';
import type { ChairsideServer } from './socketTypes.ts';

/**
 * Pushes one in-order run of committed changes to this node's sockets (the other nodes push it to
 * theirs): one message per room instead of one per change. The ward room gets the whole run; a
 * session room gets its session's part, except for sockets in the ward room, which already have it.
 */
export function fanOut(io: ChairsideServer, run: ChangeEvent[]): void {
  const rooms = io.of('/').adapter.rooms;
  const occupied = (room: string): boolean => (rooms.get(room)?.size ?? 0) > 0;
  const local = io.local;

  if (occupied(WARD_ROOM)) local.to(WARD_ROOM).emit('changes', run);

  // Also to sockets in the ward room: alarm changes are few, and each feed then reads one stream.
  if (occupied(ALARMS_ROOM)) {
    const alarms = run.filter(isAlarmChange);
    if (alarms.length > 0) local.to(ALARMS_ROOM).emit('alarms', alarms);
  }

  const bySession = new Map<string, ChangeEvent[]>();
  for (const change of run) {
    if (!occupied(sessionRoom(change.sessionId))) continue;
    const changes = bySession.get(change.sessionId);
    if (changes) changes.push(change);
    else bySession.set(change.sessionId, [change]);
  }
  for (const [sessionId, changes] of bySession) local.to(sessionRoom(sessionId)).except(WARD_ROOM).emit('changes', changes);
}
