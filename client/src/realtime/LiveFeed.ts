import { type QueryClient, type QueryKey, hashKey } from '@tanstack/react-query';
import { ChangeCursor } from '../../../shared/realtime/changeCursor.ts';
import type { ChangeEvent } from '../../../shared/realtime/changes.ts';
import type { SubscribeAck } from '../../../shared/realtime/socketEvents.ts';
import type { PatchOutcome } from './patchOutcome.ts';
import type { ChairsideSocket } from './socket.ts';

/** What the server must tell us about one cached snapshot so we can keep it current. */
export interface LiveFeedSpec<TSnapshot extends { seq: number }> {
  queryKey: QueryKey;
  /** Joins the room and asks for everything after `since`. */
  subscribe(socket: ChairsideSocket, since: number): Promise<SubscribeAck>;
  unsubscribe(socket: ChairsideSocket): void;
  /** Whether a pushed change concerns this snapshot at all. */
  accepts(change: ChangeEvent): boolean;
  patch(snapshot: TSnapshot, change: ChangeEvent): PatchOutcome<TSnapshot>;
}

export type LiveFeedProblem = { message: string } | null;

const SUBSCRIBE_TIMEOUT_MS = 10_000;
const SUBSCRIBE_RETRY_MS = 2_000;

/**
 * Keeps one TanStack Query entry current from the socket.
 *
 * Every time a snapshot arrives from the server (not our own `setQueryData`), a fresh
 * `ChangeCursor` starts at the snapshot's `seq` and the feed (re)subscribes with `since = seq`:
 * the server replays what the snapshot may have missed, live pushes wait behind the replay, and
 * the patches are idempotent, so overlap between snapshot and replay is harmless. On reconnect
 * the feed re-subscribes from the cursor's position; when the server answers `resync`, the
 * snapshot is refetched and the cycle starts again.
 */
export class LiveFeed<TSnapshot extends { seq: number }> {
  private cursor: ChangeCursor | null = null;
  /** Answers to older subscribe calls are ignored once a newer one is in flight. */
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private snapshotRequested = false;
  private stopped = false;
  private stopWatchingCache: (() => void) | undefined;
  private readonly queryHash: string;

  constructor(
    private readonly socket: ChairsideSocket,
    private readonly queryClient: QueryClient,
    private readonly spec: LiveFeedSpec<TSnapshot>,
    private readonly onProblem: (problem: LiveFeedProblem) => void,
  ) {
    this.queryHash = hashKey(spec.queryKey);
  }

  start(): void {
    this.socket.on('change', this.receive);
    this.socket.on('connect', this.subscribe);
    this.stopWatchingCache = this.queryClient.getQueryCache().subscribe((event) => {
      const isServerSnapshot = event.type === 'updated' && event.action.type === 'success' && !event.action.manual;
      if (isServerSnapshot && event.query.queryHash === this.queryHash) this.followCachedSnapshot();
    });
    // A snapshot already cached (e.g. coming back to the page) is followed from its own seq:
    // the replay brings it up to date, or `resync` replaces it.
    if (this.queryClient.getQueryState(this.spec.queryKey)?.fetchStatus !== 'fetching') this.followCachedSnapshot();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.socket.off('change', this.receive);
    this.socket.off('connect', this.subscribe);
    this.stopWatchingCache?.();
    if (this.socket.connected) this.spec.unsubscribe(this.socket);
  }

  private followCachedSnapshot(): void {
    const snapshot = this.queryClient.getQueryData<TSnapshot>(this.spec.queryKey);
    if (!snapshot) return;
    this.cursor = new ChangeCursor((change) => this.apply(change), snapshot.seq);
    if (this.socket.connected) this.subscribe();
  }

  private readonly receive = (change: ChangeEvent): void => {
    if (this.spec.accepts(change)) this.cursor?.push(change);
  };

  private readonly subscribe = (): void => {
    const cursor = this.cursor;
    if (!cursor || this.stopped) return;
    clearTimeout(this.retryTimer);
    const attempt = ++this.attempt;
    cursor.beginReplay();
    this.spec.subscribe(this.socket, cursor.position).then(
      (answer) => {
        if (attempt !== this.attempt || cursor !== this.cursor || this.stopped) return;
        if (!answer.ok) {
          this.onProblem({ message: answer.message });
          return;
        }
        this.onProblem(null);
        if (answer.resync) {
          // Too far behind to replay: the refetched snapshot starts a new cursor. Until then this
          // cursor keeps holding pushes, which are dropped with it.
          this.requestSnapshot();
          return;
        }
        cursor.endReplay(answer.missed);
      },
      () => {
        // No answer in time. A disconnect re-subscribes on `connect`; otherwise try again.
        if (attempt !== this.attempt || this.stopped || !this.socket.connected) return;
        this.retryTimer = setTimeout(this.subscribe, SUBSCRIBE_RETRY_MS);
      },
    );
  };

  private apply(change: ChangeEvent): void {
    const current = this.queryClient.getQueryData<TSnapshot>(this.spec.queryKey);
    if (!current) return;
    const { next, needsSnapshot } = this.spec.patch(current, change);
    if (next !== current) this.queryClient.setQueryData<TSnapshot>(this.spec.queryKey, next);
    if (needsSnapshot) this.requestSnapshot();
  }

  /** One refetch however many changes in a replay asked for it. */
  private requestSnapshot(): void {
    if (this.snapshotRequested) return;
    this.snapshotRequested = true;
    queueMicrotask(() => {
      this.snapshotRequested = false;
      if (!this.stopped) void this.queryClient.invalidateQueries({ queryKey: this.spec.queryKey, exact: true });
    });
  }
}

export function emitSubscribe(
  socket: ChairsideSocket,
  request: { event: 'ward:subscribe'; since: number } | { event: 'session:subscribe'; since: number; sessionId: string },
): Promise<SubscribeAck> {
  const timed = socket.timeout(SUBSCRIBE_TIMEOUT_MS);
  return request.event === 'ward:subscribe'
    ? timed.emitWithAck('ward:subscribe', { since: request.since })
    : timed.emitWithAck('session:subscribe', { sessionId: request.sessionId, since: request.since });
}
