import type { Server, Socket } from 'socket.io';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/realtime/socketEvents.ts';
import type { SessionUser } from '../../shared/schemas/auth.ts';

export interface SocketData {
  user: SessionUser;
  sourceIp: string | null;
  /** How the socket signed in; re-checked on every request and periodically. */
  credential: { kind: 'session'; token: string } | { kind: 'device'; token: string };
}

/** Between the nodes of one deployment, through the Redis adapter. */
export interface InterServerEvents {
  /** What a node has just committed, for the other nodes to pass on to their own sockets. */
  committed: (changes: ChangeEvent[]) => void;
}

export type ChairsideServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ChairsideSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
