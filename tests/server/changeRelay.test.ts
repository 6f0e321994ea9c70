import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import { ChangeRelay, type ChangeLogReader } from '../../server/realtime/changeRelay.ts';

const change = (seq: number): ChangeEvent => ({ seq, type: 'session.created', sessionId: `s${seq % 3}`, at: '', payload: {} }) as ChangeEvent;
const changes = (...seqs: number[]): ChangeEvent[] => seqs.map(change);
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The event log as committed so far; records every read. */
class FakeLog implements ChangeLogReader {
  committed: ChangeEvent[] = [];
  readonly reads: number[] = [];
  failing = false;

  constructor(headSeq: number) {
    this.committed = changes(...range(1, headSeq));
  }

  commit(...seqs: number[]): ChangeEvent[] {
    const added = changes(...seqs);
    this.committed.push(...added);
    return added;
  }

  async head(): Promise<number> {
    return this.committed.at(-1)?.seq ?? 0;
  }

  async after(seq: number, limit: number): Promise<ChangeEvent[]> {
    this.reads.push(seq);
    if (this.failing) throw new Error('database unavailable');
    return this.committed.filter((c) => c.seq > seq).slice(0, limit);
  }
}

const GAP_MS = 300;
const TAIL_MS = 1_000;

async function startRelay(log: FakeLog, options: { readLimit?: number; failDeliveries?: number } = {}) {
  const runs: number[][] = [];
  const errors: unknown[] = [];
  let failDeliveries = options.failDeliveries ?? 0;
  const relay = new ChangeRelay(
    log,
    (run) => {
      runs.push(run.map((c) => c.seq));
      if (failDeliveries-- > 0) throw new Error('a socket broke');
    },
    { gapWaitMs: GAP_MS, tailEveryMs: TAIL_MS, readLimit: options.readLimit ?? 100, onError: (error) => errors.push(error) },
  );
  await relay.start();
  return { relay, runs, errors, delivered: () => runs.flat() };
}

describe('ChangeRelay', () => {
  let stop: (() => Promise<void>) | undefined;
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(async () => {
    await stop?.();
    stop = undefined;
    vi.useRealTimers();
  });

  it('starts at the head and delivers changes in line at once, one run per commit', async () => {
    const log = new FakeLog(10);
    const { relay, runs } = await startRelay(log);
    stop = () => relay.stop();
    relay.accept(changes(9, 10));
    relay.accept(log.commit(11, 12, 13));
    relay.accept(log.commit(14));
    expect(runs).toEqual([[11, 12, 13], [14]]);
    expect(relay.position).toBe(14);
    expect(log.reads).toEqual([]);
  });

  it('reorders changes announced out of order and delivers each once however often it is announced', async () => {
    const log = new FakeLog(10);
    const { relay, runs, delivered } = await startRelay(log);
    stop = () => relay.stop();
    log.commit(11, 12, 13, 14);
    relay.accept(changes(13, 14));
    relay.accept(changes(12));
    expect(runs).toEqual([]);
    relay.accept(changes(11, 12));
    expect(runs).toEqual([[11, 12, 13, 14]]);
    relay.accept(changes(11, 13, 14));
    expect(delivered()).toEqual([11, 12, 13, 14]);
    await vi.advanceTimersByTimeAsync(GAP_MS * 2);
    // The gap filled itself in time: nothing needed reading.
    expect(log.reads).toEqual([]);
  });

  it('reads a gap from the log when its announcement does not come within the grace period', async () => {
    const log = new FakeLog(10);
    const { relay, runs } = await startRelay(log);
    stop = () => relay.stop();
    log.commit(11, 12);
    relay.accept(log.commit(13, 14));
    await vi.advanceTimersByTimeAsync(GAP_MS - 50);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(log.reads).toEqual([10]);
    expect(runs).toEqual([[11, 12, 13, 14]]);
    // The late announcement, when it finally comes, changes nothing.
    relay.accept(changes(11, 12));
    expect(runs).toEqual([[11, 12, 13, 14]]);
  });

  it('catches up from the log tail what was never announced at all', async () => {
    const log = new FakeLog(5);
    const { relay, runs } = await startRelay(log);
    stop = () => relay.stop();
    log.commit(6, 7, 8);
    await vi.advanceTimersByTimeAsync(TAIL_MS + 10);
    expect(runs).toEqual([[6, 7, 8]]);
    await vi.advanceTimersByTimeAsync(TAIL_MS);
    expect(runs).toEqual([[6, 7, 8]]);
  });

  it('reads a long backlog page by page until it is caught up', async () => {
    const log = new FakeLog(0);
    const { relay, delivered, runs } = await startRelay(log, { readLimit: 10 });
    stop = () => relay.stop();
    log.commit(...range(1, 25));
    await relay.catchUp();
    expect(delivered()).toEqual(range(1, 25));
    expect(runs.map((run) => run.length)).toEqual([10, 10, 5]);
    expect(log.reads).toEqual([0, 10, 20]);
  });

  it('skips a number the log does not have instead of waiting for it forever', async () => {
    const log = new FakeLog(10);
    const { relay, delivered } = await startRelay(log);
    stop = () => relay.stop();
    // 12 was never committed (a gap an older store left behind).
    log.commit(11, 13);
    relay.accept(changes(13));
    await vi.advanceTimersByTimeAsync(GAP_MS + 10);
    expect(delivered()).toEqual([11, 13]);
    relay.accept(log.commit(14));
    expect(delivered()).toEqual([11, 13, 14]);
  });

  it('keeps trying while the log cannot be read, and delivers everything once it can', async () => {
    const log = new FakeLog(10);
    const { relay, delivered, errors } = await startRelay(log);
    stop = () => relay.stop();
    log.failing = true;
    log.commit(11);
    relay.accept(log.commit(12));
    await vi.advanceTimersByTimeAsync(GAP_MS * 3);
    expect(delivered()).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);
    log.failing = false;
    await vi.advanceTimersByTimeAsync(TAIL_MS);
    expect(delivered()).toEqual([11, 12]);
  });

  it('goes on after a delivery throws', async () => {
    const log = new FakeLog(0);
    const { relay, runs, errors } = await startRelay(log, { failDeliveries: 1 });
    stop = () => relay.stop();
    relay.accept(log.commit(1));
    relay.accept(log.commit(2));
    expect(runs).toEqual([[1], [2]]);
    expect(errors).toHaveLength(1);
  });

  it('holds what is announced before it has started, and drops what the head already covers', async () => {
    const log = new FakeLog(10);
    const runs: number[][] = [];
    const relay = new ChangeRelay(log, (run) => runs.push(run.map((c) => c.seq)), { gapWaitMs: GAP_MS, tailEveryMs: TAIL_MS });
    stop = () => relay.stop();
    relay.accept(changes(10, 12));
    log.commit(11, 12);
    // The head is read as 12 now: 10, 11 and 12 are history for new sockets to replay.
    await relay.start();
    relay.accept(log.commit(13));
    expect(runs).toEqual([[13]]);
  });

  it('does nothing after it has stopped', async () => {
    const log = new FakeLog(0);
    const { relay, runs } = await startRelay(log);
    await relay.stop();
    relay.accept(log.commit(1));
    log.commit(2);
    await vi.advanceTimersByTimeAsync(TAIL_MS * 2);
    expect(runs).toEqual([]);
    expect(log.reads).toEqual([]);
  });
});
