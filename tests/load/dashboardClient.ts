import { type Socket, io } from 'socket.io-client';
import { ChangeCursor } from '../../shared/realtime/changeCursor.ts';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import type { ClientToServerEvents, SubscribeAck } from '../../shared/realtime/socketEvents.ts';
import { sleep, wallNow } from './clock.ts';
import type { ClientSummary } from './fleetProtocol.ts';
import { addToDigest, emptyDigest } from './idDigest.ts';

/**
 * Both shapes of the push: one `change` per event, and coalesced `changes` batches. Listening to
 * both keeps the fleet working while the server moves from the one to the other.
 */
interface PushEvents {
  change: (event: ChangeEvent) => void;
  changes: (events: ChangeEvent[]) => void;
}

type FleetSocket = Socket<PushEvents, Pick<ClientToServerEvents, 'ward:subscribe'>>;

export interface DashboardHooks {
  /** A live delivery of an observation, timed on arrival (before ordering and de-duplication). */
  onLiveObservation(id: string, arrivedAt: number): void;
}

const SUBSCRIBE_TIMEOUT_MS = 30_000;
const SUBSCRIBE_RETRY_MS = 500;
const OPEN_TIMEOUT_MS = 90_000;

/**
 * One ward dashboard as the app runs it: a websocket, `ward:subscribe` with ack, and a
 * `ChangeCursor` that applies every change exactly once and in order across live pushes and
 * replays. On every (re)connection it resubscribes from its cursor. It keeps counts and a digest,
 * never the changes themselves, so a long soak costs it no memory.
 */
export class DashboardClient {
  private socket: FleetSocket | undefined;
  private cursor: ChangeCursor | undefined;
  /** Bumped on every connection, so an answer meant for an earlier one is ignored. */
  private generation = 0;
  private replaying = false;
  private ready = false;
  private readyWaiters: Array<() => void> = [];
  private lastApplied: number | undefined;
  private connections = 0;
  private readonly state: Omit<ClientSummary, 'index' | 'connected' | 'position'> = {
    observations: emptyDigest(),
    repeats: 0,
    gaps: 0,
    resyncs: 0,
    reconnects: 0,
    disconnects: 0,
    lastError: null,
  };

  constructor(
    readonly index: number,
    private readonly cookie: string | undefined,
    private readonly hooks: DashboardHooks,
  ) {}

  /** Connects to `url` and resolves once the ward subscription is answered. */
  async open(url: string): Promise<void> {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.ready = false;
    const socket: FleetSocket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      extraHeaders: this.cookie ? { cookie: this.cookie } : {},
      reconnectionDelay: 250,
      reconnectionDelayMax: 2_000,
      timeout: 20_000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.connections++;
      if (this.connections > 1) this.state.reconnects++;
      this.ready = false;
      void this.subscribe(socket, ++this.generation);
    });
    socket.on('disconnect', () => {
      this.state.disconnects++;
      this.ready = false;
    });
    socket.on('connect_error', (error) => {
      this.state.lastError = `connect: ${error.message}`;
    });
    socket.on('change', (change) => this.receive([change]));
    socket.on('changes', (changes) => this.receive(changes));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`dashboard ${this.index} not subscribed after ${OPEN_TIMEOUT_MS} ms: ${this.state.lastError ?? 'no error seen'}`)), OPEN_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.whenReady(), gaveUp]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.ready = false;
  }

  summary(): ClientSummary {
    return {
      index: this.index,
      connected: this.socket?.connected === true,
      position: this.cursor?.position ?? 0,
      ...this.state,
      observations: { ...this.state.observations },
    };
  }

  private whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private async subscribe(socket: FleetSocket, generation: number): Promise<void> {
    const cursor = this.cursor ?? new ChangeCursor((change) => this.apply(change));
    const first = this.cursor === undefined;
    this.cursor = cursor;
    // Live pushes that arrive before the answer wait behind the replay, as in the app.
    cursor.beginReplay();
    this.replaying = true;
    while (generation === this.generation && socket.connected) {
      try {
        const ack = (await socket
          .timeout(SUBSCRIBE_TIMEOUT_MS)
          .emitWithAck('ward:subscribe', first ? {} : { since: cursor.position })) as SubscribeAck;
        if (generation !== this.generation) return;
        if (!ack.ok) throw new Error(`${ack.error}: ${ack.message}`);
        this.replaying = false;
        if (first || ack.resync) {
          // From "now" (or, after a resync, from the head: a real screen would refetch its snapshot).
          if (ack.resync) this.state.resyncs++;
          this.lastApplied = ack.headSeq;
          cursor.resetTo(ack.headSeq);
        } else {
          cursor.endReplay(ack.missed);
        }
        this.ready = true;
        for (const resolve of this.readyWaiters.splice(0)) resolve();
        return;
      } catch (error) {
        this.state.lastError = `subscribe: ${(error as Error).message}`;
        await sleep(SUBSCRIBE_RETRY_MS);
      }
    }
  }

  private receive(changes: readonly ChangeEvent[]): void {
    const cursor = this.cursor;
    if (!cursor) return;
    const arrivedAt = wallNow();
    for (const change of changes) {
      if (!this.replaying && change.seq <= cursor.position) this.state.repeats++;
      else if (change.type === 'observation.recorded') this.hooks.onLiveObservation(change.payload.observation.id, arrivedAt);
      cursor.push(change);
    }
  }

  private apply(change: ChangeEvent): void {
    if (this.lastApplied !== undefined && change.seq !== this.lastApplied + 1) this.state.gaps++;
    this.lastApplied = change.seq;
    if (change.type === 'observation.recorded') addToDigest(this.state.observations, change.payload.observation.id);
  }
}
