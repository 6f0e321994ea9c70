import type { ChangeEvent } from './changes.ts';

/**
 * Applies a stream of numbered changes exactly once and in order, whatever the mix of live pushes
 * and replayed history. Live changes that arrive while a replay is in flight wait until it lands.
 */
export class ChangeCursor {
  private lastSeq: number;
  private replaying = false;
  private held: ChangeEvent[] = [];

  constructor(
    private readonly apply: (change: ChangeEvent) => void,
    lastSeq = 0,
  ) {
    this.lastSeq = lastSeq;
  }

  get position(): number {
    return this.lastSeq;
  }

  /** Call before asking the server to replay; live changes are held until `endReplay`. */
  beginReplay(): void {
    this.replaying = true;
  }

  endReplay(missed: readonly ChangeEvent[]): void {
    this.replaying = false;
    const pending = [...missed, ...this.held].sort((a, b) => a.seq - b.seq);
    this.held = [];
    for (const change of pending) this.accept(change);
  }

  /** After a resync the caller refetched a snapshot as of `seq`; skip everything up to it. */
  resetTo(seq: number): void {
    this.lastSeq = seq;
    const held = this.held;
    this.held = [];
    this.replaying = false;
    for (const change of held.sort((a, b) => a.seq - b.seq)) this.accept(change);
  }

  push(change: ChangeEvent): void {
    if (this.replaying) {
      this.held.push(change);
      return;
    }
    this.accept(change);
  }

  private accept(change: ChangeEvent): void {
    if (change.seq <= this.lastSeq) return;
    this.lastSeq = change.seq;
    this.apply(change);
  }
}
