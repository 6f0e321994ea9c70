import type { ChangeEvent } from '../../shared/realtime/changes.ts';

/** The committed event log, as the relay reads it. */
export interface ChangeLogReader {
  /** The newest committed sequence number. */
  head(): Promise<number>;
  /** Up to `limit` committed changes after `seq`, in order. */
  after(seq: number, limit: number): Promise<ChangeEvent[]>;
}

export interface ChangeRelayOptions {
  /** How long a gap may wait for its missing changes to be announced before they are read from the log. */
  gapWaitMs?: number;
  /** How often the log is read for changes nobody announced (Redis down, a node killed before it published). */
  tailEveryMs?: number;
  /** Changes per read of the log. */
  readLimit?: number;
  /** Announced changes held while waiting for a gap; beyond it they are left for the log to supply. */
  maxHeld?: number;
  onError?: (error: unknown) => void;
}

/**
 * Hands this node's sockets every committed change exactly once and in sequence order, whichever
 * node committed it. Changes are announced by this node's commits and by the other nodes (in any
 * order, possibly twice, possibly never); they wait in a reorder buffer until the next number in
 * line is there. Sequence numbers are contiguous and commit in order on every node, so a gap means
 * an announcement is late or lost: if it is not filled soon, the missing range is read from the
 * event log, and a periodic read of the log's tail catches up whatever was never announced.
 *
 * What the log returns is authoritative: every change committed after the position read from is in
 * the answer, so a number absent from it (a gap left by an older store) never will be.
 */
export class ChangeRelay {
  /** The last sequence number delivered; null until `start` has read the head. */
  private delivered: number | null = null;
  private readonly held = new Map<number, ChangeEvent>();
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  private tailTimer: ReturnType<typeof setInterval> | undefined;
  private reading: Promise<void> | null = null;
  private stopped = false;
  private readonly gapWaitMs: number;
  private readonly tailEveryMs: number;
  private readonly readLimit: number;
  private readonly maxHeld: number;
  private readonly onError: (error: unknown) => void;

  constructor(
    private readonly log: ChangeLogReader,
    private readonly deliver: (run: ChangeEvent[]) => void,
    options: ChangeRelayOptions = {},
  ) {
    this.gapWaitMs = options.gapWaitMs ?? 300;
    this.tailEveryMs = options.tailEveryMs ?? 1_000;
    this.readLimit = options.readLimit ?? 1_000;
    this.maxHeld = options.maxHeld ?? 10_000;
    this.onError = options.onError ?? (() => undefined);
  }

  /** The last sequence number handed to the sockets. */
  get position(): number | null {
    return this.delivered;
  }

  /** Starts at the log's head: sockets that connect later replay older changes with `since`. */
  async start(): Promise<void> {
    this.delivered = await this.log.head();
    for (const seq of this.held.keys()) if (seq <= this.delivered) this.held.delete(seq);
    this.drain([]);
    this.tailTimer = setInterval(() => void this.catchUp(), this.tailEveryMs);
    this.tailTimer.unref?.();
  }

  /** Committed changes, from this node or another, in any order; repeats are ignored. */
  accept(changes: readonly ChangeEvent[]): void {
    if (this.stopped) return;
    for (const change of changes) {
      if (this.delivered !== null && change.seq <= this.delivered) continue;
      if (this.held.size >= this.maxHeld && !this.held.has(change.seq)) continue;
      this.held.set(change.seq, change);
    }
    if (this.delivered !== null) this.drain([]);
  }

  /** Stops the timers and waits for a read in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.gapTimer);
    clearInterval(this.tailTimer);
    this.held.clear();
    await this.reading;
  }

  /** Reads the log after the last delivered change until it has nothing more. */
  catchUp(): Promise<void> {
    if (this.reading) return this.reading;
    if (this.stopped || this.delivered === null) return Promise.resolve();
    this.reading = this.readLog().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async readLog(): Promise<void> {
    try {
      for (;;) {
        const from = this.delivered;
        if (from === null || this.stopped) return;
        const read = await this.log.after(from, this.readLimit);
        if (this.stopped) return;
        this.drain(read);
        if (read.length < this.readLimit) return;
      }
    } catch (error) {
      this.onError(error);
    }
  }

  /** Delivers `fromLog` (a complete, ordered stretch of the log), then every held change next in line. */
  private drain(fromLog: readonly ChangeEvent[]): void {
    let position = this.delivered;
    if (position === null) return;
    const run: ChangeEvent[] = [];
    for (const change of fromLog) {
      if (change.seq <= position) continue;
      run.push(change);
      position = change.seq;
    }
    for (const seq of this.held.keys()) if (seq <= position) this.held.delete(seq);
    for (let next = this.held.get(position + 1); next; next = this.held.get(position + 1)) {
      this.held.delete(next.seq);
      run.push(next);
      position = next.seq;
    }
    this.delivered = position;
    if (run.length > 0) {
      try {
        this.deliver(run);
      } catch (error) {
        this.onError(error);
      }
    }
    this.watchGap();
  }

  /** A gap gets a short grace period for its announcement, then the log is read. */
  private watchGap(): void {
    if (this.held.size === 0) {
      clearTimeout(this.gapTimer);
      this.gapTimer = undefined;
      return;
    }
    if (this.gapTimer || this.stopped) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined;
      void this.catchUp().then(() => this.watchGap());
    }, this.gapWaitMs);
    this.gapTimer.unref?.();
  }
}
