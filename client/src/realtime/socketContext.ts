import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ConnectionStatus, ConnectionStatusStore } from './connectionStatus.ts';
import type { ChairsideSocket } from './socket.ts';

export interface RealtimeConnection {
  socket: ChairsideSocket;
  status: ConnectionStatusStore;
}

export const RealtimeContext = createContext<RealtimeConnection | null>(null);

function useRealtimeConnection(): RealtimeConnection {
  const connection = useContext(RealtimeContext);
  if (!connection) throw new Error('Realtime hooks need <SocketProvider> above them');
  return connection;
}

export function useSocket(): ChairsideSocket {
  return useRealtimeConnection().socket;
}

export function useConnectionStatus(): ConnectionStatus {
  const { status } = useRealtimeConnection();
  return useSyncExternalStore(status.subscribe, status.getSnapshot);
}
