import { type Socket, io } from 'socket.io-client';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import type {
  ClientToServerEvents,
  RecordAck,
  RecordedResult,
  ServerToClientEvents,
  SubscribeAck,
} from '../../shared/realtime/socketEvents.ts';
import type { ObservationInput } from '../../shared/schemas/observation.ts';
import type { SideEffectInput } from '../../shared/schemas/sideEffect.ts';

export type ChairsideClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long any single wait in a test may take before it fails with a description. */
const DEFAULT_TIMEOUT_MS = 10_000;

export interface ConnectOptions {
  /** `name=value` of the session cookie; omit for an anonymous connection. */
  cookie?: string;
  /** Handshake auth, e.g. `{ token }` for a device's ingest token. */
  auth?: Record<string, string>;
  timeoutMs?: number;
}

interface Waiter {
  done: () => boolean;
  resolve: () => void;
}

/**
 * A real Socket.IO client over a real WebSocket, signed in with the session cookie. It keeps every
 * change pushed to it, in arrival order, and never reconnects by itself: tests drop and reconnect
 * it explicitly, so what it missed is exactly what the test wrote meanwhile.
 */
export class TestSocket {
  /** Every change received live through `changes`, in arrival order (never de-duplicated: tests check for repeats). */
  readonly changes: ChangeEvent[] = [];
  /** The `changes` messages themselves, one per pushed run. */
  readonly batches: ChangeEvent[][] = [];
  /** Every change received live through `alarms` (the alarms room), in arrival order. */
  readonly alarmChanges: ChangeEvent[] = [];
  readonly socket: ChairsideClientSocket;
  private readonly waiters = new Set<Waiter>();
  private readonly timeoutMs: number;

  constructor(baseUrl: string, options: ConnectOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.socket = io(baseUrl, {
      transports: ['websocket'],
      extraHeaders: options.cookie ? { cookie: options.cookie } : {},
      ...(options.auth ? { auth: options.auth } : {}),
      reconnection: false,
      autoConnect: false,
      forceNew: true,
      timeout: this.timeoutMs,
    });
    this.socket.on('changes', (batch) => {
      this.batches.push(batch);
      this.changes.push(...batch);
      this.wake();
    });
    this.socket.on('alarms', (batch) => {
      this.alarmChanges.push(...batch);
      this.wake();
    });
  }

  /** Connects and resolves once the handshake is accepted; rejects with the server's refusal. */
  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        this.socket.off('connect', onConnect);
        this.socket.off('connect_error', onError);
      };
      const onConnect = () => {
        cleanup();
        resolve();
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      this.socket.on('connect', onConnect);
      this.socket.on('connect_error', onError);
      this.socket.connect();
    });
  }

  /** Drops the connection (as a network loss would, from the server's point of view). */
  async disconnect(): Promise<void> {
    if (!this.socket.connected) return;
    await new Promise<void>((resolve) => {
      this.socket.once('disconnect', () => resolve());
      this.socket.disconnect();
    });
  }

  close(): void {
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters.clear();
    this.socket.disconnect();
  }

  subscribeWard(since?: number): Promise<SubscribeAck> {
    return this.socket.timeout(this.timeoutMs).emitWithAck('ward:subscribe', since === undefined ? {} : { since });
  }

  subscribeAlarms(since?: number): Promise<SubscribeAck> {
    return this.socket.timeout(this.timeoutMs).emitWithAck('alarms:subscribe', since === undefined ? {} : { since });
  }

  subscribeSession(sessionId: string, since?: number): Promise<SubscribeAck> {
    return this.socket
      .timeout(this.timeoutMs)
      .emitWithAck('session:subscribe', since === undefined ? { sessionId } : { sessionId, since });
  }

  recordObservations(observations: ObservationInput[]): Promise<RecordAck<RecordedResult>> {
    return this.socket.timeout(this.timeoutMs).emitWithAck('observations:record', { observations });
  }

  recordSideEffects(sideEffects: SideEffectInput[]): Promise<RecordAck<RecordedResult>> {
    return this.socket.timeout(this.timeoutMs).emitWithAck('sideEffects:record', { sideEffects });
  }

  /** Sends any payload under any event name, for malformed-input tests; resolves with the ack. */
  emitUntyped(event: string, ...payload: unknown[]): Promise<unknown> {
    const untyped = this.socket as unknown as Socket;
    return untyped.timeout(this.timeoutMs).emitWithAck(event, ...payload);
  }

  /** Sends any payload without an ack callback (fire-and-forget), for malformed-input tests. */
  sendUntyped(event: string, ...payload: unknown[]): void {
    (this.socket as unknown as Socket).emit(event, ...payload);
  }

  /** Changes received so far that match. */
  received(predicate: (change: ChangeEvent) => boolean = () => true): ChangeEvent[] {
    return this.changes.filter(predicate);
  }

  /** Resolves with the matching changes once at least `count` have arrived. */
  async waitForChanges(
    count: number,
    predicate: (change: ChangeEvent) => boolean = () => true,
    what = `${count} change(s)`,
  ): Promise<ChangeEvent[]> {
    await this.waitUntil(() => this.received(predicate).length >= count, what);
    return this.received(predicate);
  }

  /** Resolves with the first change that matches, waiting for it if it has not arrived yet. */
  async waitForChange(predicate: (change: ChangeEvent) => boolean, what = 'a matching change'): Promise<ChangeEvent> {
    const [first] = await this.waitForChanges(1, predicate, what);
    if (!first) throw new Error(`no ${what}`);
    return first;
  }

  /** Resolves once `done` holds, checked now and after every push. */
  waitUntil(done: () => boolean, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        done,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out after ${this.timeoutMs} ms waiting for ${what}; received ${this.changes.length} change(s)`));
      }, this.timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private wake(): void {
    for (const waiter of this.waiters) if (waiter.done()) waiter.resolve();
  }
}

/** A connected client signed in with `cookie`. */
export async function connectSocket(baseUrl: string, cookie: string, options: Omit<ConnectOptions, 'cookie'> = {}): Promise<TestSocket> {
  const client = new TestSocket(baseUrl, { ...options, cookie });
  await client.connect();
  return client;
}

/** Tries to connect and returns the refusal; fails if the server accepts the connection. */
export async function connectionRefusal(baseUrl: string, cookie?: string): Promise<Error> {
  const client = new TestSocket(baseUrl, cookie ? { cookie } : {});
  try {
    await client.connect();
  } catch (error) {
    return error as Error;
  } finally {
    client.close();
  }
  throw new Error('the server accepted the connection');
}

/** Seqs of changes, for order and duplicate checks. */
export const seqsOf = (changes: readonly ChangeEvent[]): number[] => changes.map((c) => c.seq);

/** The observation id a change is about, if it is about one. */
export function observationIdOf(change: ChangeEvent): string | undefined {
  switch (change.type) {
    case 'observation.recorded':
    case 'observation.corrected':
    case 'observation.enteredInError':
      return change.payload.observation.id;
    default:
      return undefined;
  }
}
