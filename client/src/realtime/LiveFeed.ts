import { type Query, type QueryClient, type QueryKey, hashKey, partialMatchKey } from '@tanstack/react-query';
import { ChangeCursor } from '../../../shared/realtime/changeCursor.ts';
import type { ChangeEvent } from '../../../shared/realtime/changes.ts';
import type { SubscribeAck } from '../../../shared/realtime/socketEvents.ts';
import type { PatchOutcome } from './patchOutcome.ts';
import type { ChairsideSocket } from './socket.ts';

/**
 * Another cache kept current from the same subscription as the snapshot (a session's chart columns
 * or table pages). Every entry whose key starts with `queryKey` is patched.
 */
export interface LiveFeedCompanion<T> {
  queryKey: QueryKey;
  /**
   * The event-log position freshly fetched data reflects at least. When it is behind what the feed
   * has applied, the feed replays from there (the other caches skip what they already hold).
   */
  arrivedAt(data: T): number;
  /**
   * For patches that are not idempotent (appending a point): the entry's own position, which the
   * feed advances as it applies changes and uses to skip changes the entry already holds.
   * Without it, `patch` must be idempotent.
   */
  position?: { of(data: T): number; with(data: T, seq: number): T };
  patch(data: T, change: ChangeEvent, queryKey: QueryKey): PatchOutcome<T>;
}

/** A companion with its data type erased, so one feed can carry several kinds. */
export type AnyLiveFeedCompanion = LiveFeedCompanion<never> & { readonly erased: true };

export function liveFeedCompanion<T>(companion: LiveFeedCompanion<T>): AnyLiveFeedCompanion {
  return companion as unknown as AnyLiveFeedCompanion;
}

/** What the server must tell us about one cached snapshot so we can keep it current. */
export interface LiveFeedSpec<TSnapshot extends { seq: number }> {
  queryKey: QueryKey;
  /** Joins the room and asks for everything after `since`. */
  subscribe(socket: ChairsideSocket, since: number): Promise<SubscribeAck>;
  unsubscribe(socket: ChairsideSocket): void;
  /**
   * The push that carries this feed's changes: `changes` (ward and session rooms, the default) or
   * `alarms` (the alarms room). Each reaches a socket in order, run after run.
   */
  pushedAs?: PushEvent;
  /** Whether a pushed change concerns this snapshot at all. */
  accepts(change: ChangeEvent): boolean;
  patch(snapshot: TSnapshot, change: ChangeEvent): PatchOutcome<TSnapshot>;
  companions?: readonly AnyLiveFeedCompanion[];
}

export type LiveFeedProblem = { message: string } | null;

export type PushEvent = 'changes' | 'alarms';

const SUBSCRIBE_TIMEOUT_MS = 10_000;
const SUBSCRIBE_RETRY_MS = 2_000;

/** The erased view the feed works with internally. */
interface Companion {
  queryKey: QueryKey;
  arrivedAt(data: unknown): number;
  position?: { of(data: unknown): number; with(data: unknown, seq: number): unknown };
  patch(data: unknown, change: ChangeEvent, queryKey: QueryKey): PatchOutcome<unknown>;
}

/**
 * Keeps one TanStack Query entry (and its companions) current from the socket.
 *
 * Every time a snapshot arrives from the server (not our own `setQueryData`), a fresh
 * `ChangeCursor` starts at the snapshot's `seq` (or earlier, if the feed had not reached it) and
 * the feed (re)subscribes with `since`: the server replays what the snapshot may have missed, live
 * pushes wait behind the replay, and each cache skips changes at or below its own position, so
 * overlap is harmless. The snapshot's `seq` advances with every change applied to it, so a page
 * that comes back to a cached snapshot resumes exactly where it left. On reconnect the feed
 * re-subscribes from the cursor's position; when the server answers `resync`, the snapshot and
 * its companions are refetched and the cycle starts again.
 */
export class LiveFeed<TSnapshot extends { seq: number }> {
  private cursor: ChangeCursor | null = null;
  /** Answers to older subscribe calls are ignored once a newer one is in flight. */
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private snapshotRequested = false;
  /** After a resync the next snapshot starts afresh, whatever the old cursor had reached. */
  private resyncing = false;
  private stopped = false;
  private stopWatchingCache: (() => void) | undefined;
  private readonly queryHash: string;
  private readonly companions: readonly Companion[];

  constructor(
    private readonly socket: ChairsideSocket,
    private readonly queryClient: QueryClient,
    private readonly spec: LiveFeedSpec<TSnapshot>,
    private readonly onProblem: (problem: LiveFeedProblem) => void,
  ) {
    this.queryHash = hashKey(spec.queryKey);
    this.companions = (spec.companions ?? []) as unknown as readonly Companion[];
  }

  start(): void {
    this.socket.on(this.spec.pushedAs ?? 'changes', this.receive);
    this.socket.on('connect', this.subscribe);
    this.stopWatchingCache = this.queryClient.getQueryCache().subscribe((event) => {
      const isServerSnapshot = event.type === 'updated' && event.action.type === 'success' && !event.action.manual;
      if (!isServerSnapshot) return;
      if (event.query.queryHash === this.queryHash) this.followCachedSnapshot();
      else this.companionArrived(event.query);
    });
    // A snapshot already cached (e.g. coming back to the page) is followed from its own seq:
    // the replay brings it up to date, or `resync` replaces it.
    if (this.queryClient.getQueryState(this.spec.queryKey)?.fetchStatus !== 'fetching') this.followCachedSnapshot();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.socket.off(this.spec.pushedAs ?? 'changes', this.receive);
    this.socket.off('connect', this.subscribe);
    this.stopWatchingCache?.();
    if (this.socket.connected) this.spec.unsubscribe(this.socket);
  }

  private followCachedSnapshot(): void {
    const snapshot = this.queryClient.getQueryData<TSnapshot>(this.spec.queryKey);
    if (!snapshot) return;
    // A refetch while the feed was running: changes between where the old cursor was and the new
    // snapshot still matter to the companions (the snapshot itself skips them).
    const previous = this.resyncing ? null : this.cursor;
    this.resyncing = false;
    this.startCursorAt(previous ? Math.min(previous.position, snapshot.seq) : snapshot.seq);
  }

  private companionArrived(query: Query): void {
    const companion = this.companionFor(query.queryKey);
    if (!companion || !this.cursor || query.state.data === undefined) return;
    const position = companion.arrivedAt(query.state.data);
    if (position < this.cursor.position) this.startCursorAt(position);
  }

  private startCursorAt(position: number): void {
    this.cursor = new ChangeCursor((change) => this.apply(change), position);
    if (this.socket.connected) this.subscribe();
  }

  private companionFor(queryKey: QueryKey): Companion | undefined {
    return this.companions.find((companion) => partialMatchKey(queryKey, companion.queryKey));
  }

  /** A run of changes in sequence order; each is applied on its own, through the cursor. */
  private readonly receive = (batch: ChangeEvent[]): void => {
    for (const change of batch) if (this.spec.accepts(change)) this.cursor?.push(change);
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
          this.resyncing = true;
          this.requestSnapshot();
          for (const companion of this.companions) void this.queryClient.invalidateQueries({ queryKey: companion.queryKey });
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
    if (current && change.seq > current.seq) {
      const { next, needsSnapshot } = this.spec.patch(current, change);
      if (next !== current) this.queryClient.setQueryData<TSnapshot>(this.spec.queryKey, { ...next, seq: change.seq });
      if (needsSnapshot) this.requestSnapshot();
    }
    for (const companion of this.companions) this.applyToCompanion(companion, change);
  }

  private applyToCompanion(companion: Companion, change: ChangeEvent): void {
    for (const query of this.queryClient.getQueryCache().findAll({ queryKey: companion.queryKey })) {
      const data = query.state.data;
      if (data === undefined) continue;
      if (companion.position && change.seq <= companion.position.of(data)) continue;
      const { next, needsSnapshot } = companion.patch(data, change, query.queryKey);
      if (next !== data) {
        this.queryClient.setQueryData(query.queryKey, companion.position ? companion.position.with(next, change.seq) : next);
      }
      if (needsSnapshot) void this.queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true });
    }
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
  request:
    | { event: 'ward:subscribe' | 'alarms:subscribe'; since: number }
    | { event: 'session:subscribe'; since: number; sessionId: string },
): Promise<SubscribeAck> {
  const timed = socket.timeout(SUBSCRIBE_TIMEOUT_MS);
  return request.event === 'session:subscribe'
    ? timed.emitWithAck('session:subscribe', { sessionId: request.sessionId, since: request.since })
    : timed.emitWithAck(request.event, { since: request.since });
}
