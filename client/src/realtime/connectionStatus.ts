import type { ChairsideSocket } from './socket.ts';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

export const CONNECTION_LABELS: Readonly<Record<ConnectionStatus, string>> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

/**
 * Watches one socket and reduces its events to the four states the header shows. Shaped for
 * `useSyncExternalStore`: the snapshot is a string, so React re-renders only when it changes.
 */
export class ConnectionStatusStore {
  private status: ConnectionStatus = 'connecting';
  private hasConnected = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly socket: ChairsideSocket) {}

  /** Listens to the socket only while someone is watching, so nothing needs disposing. */
  readonly subscribe = (listener: () => void): (() => void) => {
    if (this.listeners.size === 0) this.attach();
    this.listeners.add(listener);
    this.update();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.detach();
    };
  };

  private attach(): void {
    this.socket.on('connect', this.update);
    this.socket.on('disconnect', this.update);
    this.socket.on('connect_error', this.update);
    this.socket.io.on('reconnect_attempt', this.update);
  }

  private detach(): void {
    this.socket.off('connect', this.update);
    this.socket.off('disconnect', this.update);
    this.socket.off('connect_error', this.update);
    this.socket.io.off('reconnect_attempt', this.update);
  }

  readonly getSnapshot = (): ConnectionStatus => this.status;

  private readonly update = (): void => {
    if (this.socket.connected) this.hasConnected = true;
    const next = this.derive();
    if (next === this.status) return;
    this.status = next;
    for (const listener of this.listeners) listener();
  };

  private derive(): ConnectionStatus {
    if (this.socket.connected) return 'live';
    // `active` means socket.io will keep retrying on its own.
    if (this.socket.active) return this.hasConnected ? 'reconnecting' : 'connecting';
    return 'offline';
  }
}
