import { type Socket, io } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/realtime/socketEvents.ts';

export type ChairsideSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The tab's one socket. Same origin, so the httpOnly session cookie authenticates it; it is
 * created disconnected and connected by the provider once someone is signed in.
 */
export function createChairsideSocket(): ChairsideSocket {
  return io({
    autoConnect: false,
    withCredentials: true,
    reconnectionDelay: 1_000,
    // A wall display should come back quickly after a Wi-Fi blip, without hammering the server.
    reconnectionDelayMax: 5_000,
  });
}
