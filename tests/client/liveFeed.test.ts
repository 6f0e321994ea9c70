import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { queryKeys } from '../../client/src/api/queryKeys.ts';
import { type OpenAlarms, alarmKeys, openAlarmsFeed } from '../../client/src/features/alarms/openAlarms.ts';
import { LiveFeed, type LiveFeedProblem } from '../../client/src/realtime/LiveFeed.ts';
import { sessionFeed, wardFeed } from '../../client/src/realtime/feeds.ts';
import { type CachedSeries, cacheSeries } from '../../client/src/realtime/seriesPatch.ts';
import type { SessionRecord } from '../../shared/schemas/session.ts';
import type { ChairsideSocket } from '../../client/src/realtime/socket.ts';
import type { WardSnapshot } from '../../client/src/realtime/wardPatch.ts';
import type { Alarm } from '../../shared/alarms/lifecycle.ts';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import type { SubscribeAck } from '../../shared/realtime/socketEvents.ts';
import { minute, observation, sessionRecord, wardSession } from './fixtures.ts';

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

  /** One pushed run, as the server sends it: one `changes` message, in sequence order. */
  push(...run: ChangeEvent[]): void {
    this.fire('changes', run);
  }

  /** One run pushed to the alarms room. */
  pushAlarms(...run: ChangeEvent[]): void {
    this.fire('alarms', run);
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
    const feed = setUp([{ seq: 10, chairs: [], sessions: [wardSession()] }]);
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
    const feed = setUp([{ seq: 10, chairs: [], sessions: [wardSession()] }]);
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
      { seq: 10, chairs: [], sessions: [wardSession()] },
      { seq: 9000, chairs: [], sessions: [wardSession({ latest: [observation({ id: 'hr-fresh', value: 66 })] })] },
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
    const feed = setUp([{ seq: 1, chairs: [], sessions: [] }]);
    stopCurrent = feed.stop;
    await vi.waitFor(() => expect(feed.queryClient.getQueryData(queryKeys.ward)).toBeDefined());
    feed.socket.connect();
    feed.socket.lastSubscribe().answer({ ok: false, error: 'forbidden', message: 'Your role may not ward.read' });
    await settle();
    expect(feed.problems).toEqual([{ message: 'Your role may not ward.read' }]);
  });

  it('applies a pushed run change by change, in order, skipping what it already applied', async () => {
    const feed = setUp([{ seq: 10, chairs: [], sessions: [wardSession()] }]);
    stopCurrent = feed.stop;
    await vi.waitFor(() => expect(feed.queryClient.getQueryData(queryKeys.ward)).toBeDefined());
    feed.socket.connect();
    feed.socket.lastSubscribe().answer({ ok: true, missed: [heartRateChange(11, 80)], headSeq: 11, resync: false });
    await settle();

    feed.socket.push(heartRateChange(11, 80), heartRateChange(12, 85), heartRateChange(13, 92));
    await settle();
    expect(feed.shownHeartRate()).toBe(92);
    expect(feed.queryClient.getQueryData<WardSnapshot>(queryKeys.ward)?.seq).toBe(13);
    // A run that overlaps what was applied moves on only with what is new.
    feed.socket.push(heartRateChange(12, 60), heartRateChange(14, 70));
    await settle();
    expect(feed.shownHeartRate()).toBe(70);
  });

  it('leaves the room when stopped', async () => {
    const feed = setUp([{ seq: 1, chairs: [], sessions: [] }]);
    await vi.waitFor(() => expect(feed.queryClient.getQueryData(queryKeys.ward)).toBeDefined());
    feed.socket.connect();
    feed.stop();
    expect(feed.socket.emitted).toContain('ward:unsubscribe');
  });
});

describe('LiveFeed with companion caches (a session: record, chart columns, table pages)', () => {
  const sessionId = wardSession().id;
  const reading = (seq: number, value: number): ChangeEvent => ({
    seq,
    type: 'observation.recorded',
    sessionId,
    at: minute(seq),
    payload: { observation: observation({ id: `hr-${seq}`, value, observedAt: minute(seq), recordedAt: minute(seq) }) },
  });
  const columns = (seq: number, values: number[]): CachedSeries =>
    cacheSeries({
      sessionId,
      from: null,
      to: null,
      downsampled: false,
      seq,
      series: [{ kind: 'heartRate', t: values.map((_, index) => Date.parse(minute(index + 1))), v: values, v2: null, abnormal: values.map(() => 0 as const) }],
    });

  async function setUpSession(seriesAnswers: CachedSeries[], fetchSeries?: () => Promise<CachedSeries>) {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Number.POSITIVE_INFINITY } } });
    const socket = new FakeSocket();
    let seriesFetches = 0;
    const record = new QueryObserver(queryClient, { queryKey: queryKeys.session(sessionId), queryFn: async () => sessionRecord({ seq: 10, observationCount: 0 }) });
    const stopRecord = record.subscribe(() => undefined);
    const feed = new LiveFeed(socket as unknown as ChairsideSocket, queryClient, sessionFeed(sessionId), () => undefined);
    feed.start();
    await vi.waitFor(() => expect(queryClient.getQueryData(queryKeys.session(sessionId))).toBeDefined());
    socket.connect();
    const series = new QueryObserver(queryClient, {
      queryKey: queryKeys.sessionSeries(sessionId),
      queryFn: async () => (fetchSeries ? fetchSeries() : (seriesAnswers[Math.min(seriesFetches++, seriesAnswers.length - 1)] as CachedSeries)),
    });
    const stopSeries = series.subscribe(() => undefined);
    return {
      queryClient,
      socket,
      seriesFetches: () => seriesFetches,
      values: () => queryClient.getQueryData<CachedSeries>(queryKeys.sessionSeries(sessionId))?.series[0]?.v,
      count: () => queryClient.getQueryData<SessionRecord>(queryKeys.session(sessionId))?.observationCount,
      stop: () => {
        feed.stop();
        stopRecord();
        stopSeries();
      },
    };
  }

  it('appends each reading once to the record and the columns, skipping what a snapshot already holds', async () => {
    const feed = await setUpSession([columns(12, [70, 71])]);
    stopCurrent = feed.stop;
    feed.socket.lastSubscribe().answer({ ok: true, missed: [], headSeq: 10, resync: false });
    await vi.waitFor(() => expect(feed.values()).toEqual([70, 71]));

    // 11 and 12 are already in the columns (their seq is 12); the record still counts them.
    feed.socket.push(reading(11, 70), reading(12, 71), reading(13, 72));
    await settle();
    expect(feed.values()).toEqual([70, 71, 72]);
    expect(feed.count()).toBe(3);

    // The same change pushed twice changes nothing.
    feed.socket.push(reading(13, 72));
    await settle();
    expect(feed.values()).toEqual([70, 71, 72]);
    expect(feed.count()).toBe(3);
  });

  it('replays from a companion snapshot that arrived behind what the feed had applied', async () => {
    let deliver: (series: CachedSeries) => void = () => undefined;
    const late = new Promise<CachedSeries>((resolve) => {
      deliver = resolve;
    });
    const feed = await setUpSession([], () => late);
    stopCurrent = feed.stop;
    // The feed applies 11 and 12 to the record while the columns are still on their way…
    feed.socket.lastSubscribe().answer({ ok: true, missed: [reading(11, 71), reading(12, 72)], headSeq: 12, resync: false });
    await settle();
    expect(feed.count()).toBe(2);
    // …and they arrive as of seq 10: the feed subscribes again from there.
    deliver(columns(10, [70]));
    await vi.waitFor(() => expect(feed.socket.subscribes).toHaveLength(2));
    expect(feed.socket.lastSubscribe().request).toEqual({ sessionId, since: 10 });
    feed.socket.lastSubscribe().answer({ ok: true, missed: [reading(11, 71), reading(12, 72)], headSeq: 12, resync: false });
    await settle();
    expect(feed.values()).toEqual([70, 71, 72]);
    // The record had them already: not counted twice.
    expect(feed.count()).toBe(2);
  });

  it('asks for the columns again after a correction', async () => {
    const feed = await setUpSession([columns(10, [70]), columns(11, [75])]);
    stopCurrent = feed.stop;
    feed.socket.lastSubscribe().answer({ ok: true, missed: [], headSeq: 10, resync: false });
    await vi.waitFor(() => expect(feed.values()).toEqual([70]));
    const original = observation({ id: 'hr-1', value: 70, observedAt: minute(1) });
    feed.socket.push({
      seq: 11,
      type: 'observation.corrected',
      sessionId,
      at: minute(2),
      payload: { observation: observation({ id: 'hr-1b', value: 75, observedAt: minute(1), status: 'amended', amendsId: 'hr-1' }), replaced: { ...original, supersededById: 'hr-1b' } },
    });
    await vi.waitFor(() => expect(feed.values()).toEqual([75]));
    expect(feed.seriesFetches()).toBe(2);
  });
});

describe('LiveFeed for the alarm watch (the alarms room)', () => {
  const raised = (seq: number, id: string): ChangeEvent => {
    const alarm: Alarm = {
      id,
      sessionId: wardSession().id,
      ruleId: 'bp.high',
      alarmClass: 'physiological',
      priority: 'high',
      value: '195/115 mmHg',
      raisedAt: minute(seq),
      resolvedAt: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
      acknowledgedByName: null,
      announcedAt: minute(seq),
      escalatedAt: null,
      closedAt: null,
    };
    return { seq, type: 'alarm.raised', sessionId: alarm.sessionId, at: minute(seq), payload: { alarm } };
  };

  it('subscribes to the alarms room and follows its own push, not the ward and session runs', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Number.POSITIVE_INFINITY } } });
    const socket = new FakeSocket();
    const observer = new QueryObserver(queryClient, { queryKey: alarmKeys.open, queryFn: async (): Promise<OpenAlarms> => ({ seq: 10, alarms: [] }) });
    const stopObserver = observer.subscribe(() => undefined);
    const feed = new LiveFeed(socket as unknown as ChairsideSocket, queryClient, openAlarmsFeed, () => undefined);
    feed.start();
    stopCurrent = () => {
      feed.stop();
      stopObserver();
    };
    const shown = () => queryClient.getQueryData<OpenAlarms>(alarmKeys.open)?.alarms.map((alarm) => alarm.id);
    await vi.waitFor(() => expect(shown()).toEqual([]));

    socket.connect();
    expect(socket.lastSubscribe()).toMatchObject({ event: 'alarms:subscribe', request: { since: 10 } });
    socket.lastSubscribe().answer({ ok: true, missed: [raised(11, 'a')], headSeq: 11, resync: false });
    await settle();
    expect(shown()).toEqual(['a']);

    // A socket that also shows the ward gets alarm changes in its runs too; the watch reads only its own push.
    socket.push(raised(12, 'b'));
    await settle();
    expect(shown()).toEqual(['a']);
    socket.pushAlarms(raised(12, 'b'), raised(13, 'c'));
    await settle();
    expect(shown()).toEqual(expect.arrayContaining(['a', 'b', 'c']));

    feed.stop();
    expect(socket.emitted).toContain('alarms:unsubscribe');
  });
});
