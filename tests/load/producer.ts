import { type Socket, io } from 'socket.io-client';
import type { ClientToServerEvents, RecordAck, RecordedResult } from '../../shared/realtime/socketEvents.ts';
import type { ObservationInput } from '../../shared/schemas/observation.ts';
import { type Outcome, WriteLedger } from './ledger.ts';

/** Something that sends observations and books every answer in its ledger. */
export interface Producer {
  readonly name: string;
  readonly ledger: WriteLedger;
  send(batch: ObservationInput[]): Promise<Outcome>;
  close(): void;
}

type ProducerSocket = Socket<Record<string, never>, Pick<ClientToServerEvents, 'observations:record'>>;

export interface SocketProducerOptions {
  name: string;
  url: string;
  /** A device (ingest) token, as a monitor gateway signs in; the bare relay ignores it. */
  token?: string;
  /** How long to wait for an ack before counting the write as unanswered. */
  ackTimeoutMs?: number;
}

/**
 * A monitor gateway on one websocket, recording through `observations:record` with an ack. It never
 * reconnects or re-sends by itself: a write whose connection drops is left unanswered, and the
 * test decides when to reconnect (`retarget`) and retry, with the same ids.
 */
export class SocketProducer implements Producer {
  readonly ledger = new WriteLedger();
  private socket: ProducerSocket;
  /** Settles every write still waiting, as unanswered, when the connection drops. */
  private readonly abandoners = new Set<() => void>();
  private readonly ackTimeoutMs: number;

  private constructor(private readonly options: SocketProducerOptions) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 30_000;
    this.socket = this.open(options.url);
  }

  static async connect(options: SocketProducerOptions): Promise<SocketProducer> {
    const producer = new SocketProducer(options);
    await producer.connected();
    return producer;
  }

  get name(): string {
    return this.options.name;
  }

  get isConnected(): boolean {
    return this.socket.connected;
  }

  /** Drops the current connection (its waiting writes become unanswered) and connects to `url`. */
  async retarget(url: string): Promise<void> {
    this.close();
    this.socket = this.open(url);
    await this.connected();
  }

  send(batch: ObservationInput[]): Promise<Outcome> {
    this.ledger.attempt(batch);
    if (!this.socket.connected) return Promise.resolve('unanswered');
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        this.abandoners.delete(abandon);
        resolve(outcome);
      };
      const abandon = () => settle('unanswered');
      this.abandoners.add(abandon);
      this.socket
        .timeout(this.ackTimeoutMs)
        .emit('observations:record', { observations: batch }, (error: Error | null, ack: RecordAck<RecordedResult>) => {
          if (settled) return;
          settle(error ? 'unanswered' : this.ledger.answer(batch, ack));
        });
    });
  }

  close(): void {
    this.socket.removeAllListeners();
    this.socket.disconnect();
    for (const abandon of [...this.abandoners]) abandon();
  }

  private open(url: string): ProducerSocket {
    const socket: ProducerSocket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: 20_000,
      ...(this.options.token ? { auth: { token: this.options.token } } : {}),
    });
    socket.on('disconnect', () => {
      for (const abandon of [...this.abandoners]) abandon();
    });
    return socket;
  }

  private connected(): Promise<void> {
    const socket = this.socket;
    if (socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(new Error(`${this.name} could not connect: ${error.message}`)));
    });
  }
}
