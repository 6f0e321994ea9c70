import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { queryKeys } from '../api/queryKeys.ts';
import { ConnectionStatusStore } from '../realtime/connectionStatus.ts';
import { createChairsideSocket } from '../realtime/socket.ts';
import { type RealtimeConnection, RealtimeContext } from '../realtime/socketContext.ts';

const MANUAL_RETRY_MS = 3_000;

function createConnection(): RealtimeConnection {
  const socket = createChairsideSocket();
  return { socket, status: new ConnectionStatusStore(socket) };
}

/**
 * Owns the tab's one socket while someone is signed in. socket.io retries dropped connections
 * itself; it gives up when the server refuses the handshake or closes the socket, and then this
 * provider re-checks the sign-in and tries again.
 */
export function SocketProvider({ children }: { children: ReactNode }) {
  const [connection] = useState(createConnection);
  const queryClient = useQueryClient();

  useEffect(() => {
    const { socket } = connection;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    const retryLater = () => {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => socket.connect(), MANUAL_RETRY_MS);
    };
    const onConnectError = (error: Error) => {
      if (socket.active) return;
      // Refused at the handshake: an expired sign-in shows the sign-in page; anything else, retry.
      if (error.message === 'unauthenticated') void queryClient.invalidateQueries({ queryKey: queryKeys.currentUser });
      retryLater();
    };
    const onDisconnect = (reason: string) => {
      if (reason === 'io server disconnect') retryLater();
    };
    socket.on('connect_error', onConnectError);
    socket.on('disconnect', onDisconnect);
    socket.connect();
    return () => {
      clearTimeout(retryTimer);
      socket.off('connect_error', onConnectError);
      socket.off('disconnect', onDisconnect);
      socket.disconnect();
    };
  }, [connection, queryClient]);

  return <RealtimeContext value={connection}>{children}</RealtimeContext>;
}
