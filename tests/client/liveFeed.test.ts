import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { queryKeys } from '../../client/src/api/queryKeys.ts';
import { LiveFeed, type LiveFeedProblem } from '../../client/src/realtime/LiveFeed.ts';
import { wardFeed } from '../../client/src/realtime/feeds.ts';
import type { ChairsideSocket } from '../../client/src/realtime/socket.ts';
import type { WardSnapshot } from '../../client/src/realtime/wardPatch.ts';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import type { SubscribeAck } from '../../shared/realtime/socketEvents.ts';
import { minute, observation, wardSession } from './fixtures.ts';

type Handler = (...args: unknown[]) => void;

/** Just enough of a socket.io client socket for the feed: events, acks, connect/disconnect. */
class FakeSocket {
  connected = false;
  readonly subscribes: Array<{ event: string; request: unknown; answer: (ack: SubscribeAck) => void }> = [];
  readonly emitted: string[] = [];
  private readonly handlers = new Map<string, Set<Handler>>();

  on(event: string, handler: Handler): this {
    const set = this.handlers.get(event) ?? new Set();
    set.add(handler);
    this.handlers.set(event, set);
    return this;
  }

  off(event: string, handler: Handler): this {
    this.handlers.get(event)?.delete(handler);
    return this;
  }

  emit(event: string): this {
    this.emitted.push(event);
    return this;
  }

  timeout(): { emitWithAck: (event: string, request: unknown) => Promise<SubscribeAck> } {
    return {
      emitWithAck: (event, request) => new Promise((resolve) => this.subscribes.push({ event, request, answer: resolve })),
    };
  }

  connect(): void {
    this.connected = true;
    this.fire('connect');
  }

  drop(): void {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }

  push(change: ChangeEvent): void {
    this.fire('change', change);
  }

  lastSubscribe() {
    const last = this.subscribes.at(-1);
    if (!last) throw new Error('no subscribe was sent');
    return last;
  }

  private fire(event: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
}

const heartRateChange = (seq: number, value: number): ChangeEvent => ({
  seq,
  type: 'observation.recorded',
  sessionId: wardSession().id,
  at: minute(seq),
  payload: { observation: observation({ id: `hr-${seq}`, value, observedAt: minute(seq), recordedAt: minute(seq) }) },
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setUp(snapshots: WardSnapshot[]) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Number.POSITIVE_INFINITY } } });
  const socket = new FakeSocket();
  const problems: LiveFeedProblem[] = [];
  let fetches = 0;
  const queryFn = async () => snapshots[Math.min(fetches++, snapshots.length - 1)] as WardSnapshot;
  // An observer, as a mounted page would have, so an invalidation refetches.
  const observer = new QueryObserver(queryClient, { queryKey: queryKeys.ward, queryFn });
  const unsubscribeObserver = observer.subscribe(() => undefined);
  const feed = new LiveFeed(socket as unknown as ChairsideSocket, queryClient, wardFeed, (problem) => problems.push(problem));
  feed.start();
  return {
    queryClient,
    socket,
    problems,
    fetchCount: () => fetches,
    shownHeartRate: () => queryClient.getQueryData<WardSnapshot>(queryKeys.ward)?.sessions[0]?.latest[0]?.value,
    stop: () => {
      feed.stop();
      unsubscribeObserver();
    },
  };
}

let stopCurrent: (() => void) | undefined;
afterEach(() => stopCurrent?.());

describe('LiveFeed', () => {
  it('replays from the snapshot seq and holds live pushes until the replay lands', async () => {
    const feed = setUp([{ seq: 10, sessions: [wardSession()] }]);
    stopCurrent = feed.stop;
    await vi.waitFor(() => expect(feed.queryClient.getQueryData(queryKeys.ward)).toBeDefined());

    feed.socket.connect();
    expect(feed.socket.lastSubscribe()).toMatchObject({ event: 'ward:subscribe', request: { since: 10 } });

    feed.socket.push(heartRateChange(13, 90));
    expect(feed.shownHeartRate()).toBeUndefined();
    feed.socket.lastSubscribe().answer({ ok: true, missed: [heartRateChange(11, 80), heartRateChange(12, 85)], headSeq: 12, resync: false });
    await settle();

    expect(feed.shownHeartRate()).toBe(90);
  });

  it('re-subscribes after a reconnect from the last change it applied', async () => {
    const feed = setUp([{ seq: 10, sessions: [wardSession()] }]);
    stopCurrent = feed.stop;
    await vi.waitFor(() => expect(feed.queryClient.getQueryData(queryKeys.ward)).toBeDefined());
    feed.socket.connect();
    feed.socket.lastSubscribe().answer({ ok: true, missed: [], headSeq: 10, resync: false });
    await settle();
    feed.socket.push(heartRateChange(14, 88));

    feed.socket.drop();
    feed.socket.connect();

    expect(feed.socket.subscribes).toHaveLength(2);
    expect(feed.socket.lastSubscribe().request).toEqual({ since: 14 });
    feed.socket.lastSubscribe().answer({ ok: true, missed: [heartRateChange(15, 91)], headSeq: 15, resync: false });
    await settle();
    expect(feed.shownHeartRate()).toBe(91);
  });

  it('refetches the snapshot on resync and follows the new one', async () => {
    const feed = setUp([
      { seq: 10, sessions: [wardSession()] },
      { seq: 9000, sessions: [wardSession({ latest: [observation({ id: 'hr-fresh', value: 66 })] })] },
    ]);
    stopCurrent = feed.stop;
    await vi.waitFor(() => expect(feed.queryClient.getQueryData(queryKeys.ward)).toBeDefined());
    feed.socket.connect();

    feed.socket.lastSubscribe().answer({ ok: true, missed: [], headSeq: 9000, resync: true });

    await vi.waitFor(() => expect(feed.socket.lastSubscribe().request).toEqual({ since: 9000 }));
    expect(feed.fetchCount()).toBe(2);
    expect(feed.shownHeartRate()).toBe(66);
  });

  it('reports a refused subscription', async () => {
    const feed = setUp([{ seq: 1, sessions: [] }]);
    stopCurrent = feed.stop;
    await vi.waitFor(() => expect(feed.queryClient.getQueryData(queryKeys.ward)).toBeDefined());
    feed.socket.connect();
    feed.socket.lastSubscribe().answer({ ok: false, error: 'forbidden', message: 'Your role may not ward.read' });
    await settle();
    expect(feed.problems).toEqual([{ message: 'Your role may not ward.read' }]);
  });

  it('leaves the room when stopped', async () => {
    const feed = setUp([{ seq: 1, sessions: [] }]);
    await vi.waitFor(() => expect(feed.queryClient.getQueryData(queryKeys.ward)).toBeDefined());
    feed.socket.connect();
    feed.stop();
    expect(feed.socket.emitted).toContain('ward:unsubscribe');
  });
});
