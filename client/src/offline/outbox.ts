import type { RecordedResult } from '../../../shared/realtime/socketEvents.ts';
import type { ApiIssue } from '../../../shared/schemas/common.ts';
import type { ObservationInput } from '../../../shared/schemas/observation.ts';
import type { SideEffectInput } from '../../../shared/schemas/sideEffect.ts';
import { type KeyValueStorage, keysWithPrefix } from './storage.ts';

/**
 * The bedside outbox: every clinical entry a nurse saves is written here first, then sent.
 *
 * Exactly once, in order, visible:
 * - **Write ahead.** An entry (with its client-generated record ids and its `observedAt`) is
 *   persisted before the first attempt to send it, and it is never rebuilt: every retry, in this
 *   tab or after a reload, sends the very same records.
 * - **The server deduplicates.** It stores each id once and answers a repeat with `created: false`
 *   (same id, same content) — so a lost answer is repaired by sending again, and an entry is
 *   marked sent only after the server has acknowledged it (after its commit).
 * - **One sender.** Sends are serialised within a tab (one drain loop) and across tabs (a Web Lock
 *   when the browser has them); each attempt re-reads the entry, so one another tab finished is
 *   not sent again.
 * - **In order.** Entries go oldest first; a transient failure (no connection, server busy) stops
 *   the drain so nothing overtakes an entry still waiting, and the drain resumes on reconnect or
 *   after a back-off. A refused entry does not block the ones behind it.
 * - **Nothing is dropped silently.** Refused entries stay, with the server's reason, until the
 *   nurse retries or dismisses them. Only sent entries are pruned, after `keepSentMs`.
 */

export type OutboxStatus = 'pending' | 'sent' | 'refused';

export interface Refusal {
  status: number;
  code: string;
  message: string;
  issues: ApiIssue[];
}

interface EntryCommon {
  id: string;
  sessionId: string;
  /** Send order: assigned when saved, strictly increasing. */
  order: number;
  /** Bumped on every write, so the newest copy wins when tabs and memory disagree. */
  rev: number;
  createdAt: string;
  /** What the nurse entered, in words ("BP 128/82 · HR 76"), for the list of entries. */
  summary: string;
  status: OutboxStatus;
  attempts: number;
  lastAttemptAt: string | null;
  /** Why the last attempt did not reach the server, while the entry waits to be sent again. */
  lastProblem: string | null;
  refusal: Refusal | null;
  sentAt: string | null;
  /** Records the server already had: a retry after a lost answer, stored once and not twice. */
  alreadyStored: number;
}

export type OutboxRecords =
  | { type: 'observations'; records: ObservationInput[] }
  | { type: 'sideEffects'; records: SideEffectInput[] };

export type OutboxEntry = EntryCommon & OutboxRecords;

export type NewOutboxEntry = OutboxRecords & { sessionId: string; summary: string };

export type SendOutcome =
  | { kind: 'stored'; results: RecordedResult[] }
  /** Did not reach the server or got no usable answer: send again later. */
  | { kind: 'unreachable'; message: string }
  /** The sign-in has ended: wait until someone signs in again. */
  | { kind: 'signedOut'; message: string }
  /** The server looked at it and said no: sending it again unchanged would not help. */
  | { kind: 'refused'; refusal: Refusal };

export interface OutboxTransport {
  send(entry: OutboxEntry): Promise<SendOutcome>;
}

export type Lock = <T>(work: () => Promise<T>) => Promise<T>;

export interface OutboxOptions {
  storage: KeyValueStorage;
  /** Key prefix; one outbox per signed-in user, so entries are only ever sent as their author. */
  namespace: string;
  transport: OutboxTransport;
  /** False when the storage is memory only (the browser blocked localStorage). */
  persistent?: boolean;
  now?: () => number;
  /** Waits after consecutive transient failures; the last one repeats. */
  retryDelaysMs?: readonly number[];
  /** Serialises draining across tabs. */
  lock?: Lock;
  /** How long a sent entry stays listed. */
  keepSentMs?: number;
  onSignedOut?: () => void;
}

export interface OutboxState {
  /** Oldest first. */
  entries: readonly OutboxEntry[];
  /** The entry on its way to the server right now, if any. */
  sendingId: string | null;
  /** When the next automatic attempt is due, after a failure. */
  nextRetryAt: number | null;
  /** Sending stopped until sign-in (or until the app resumes it). */
  blocked: 'signedOut' | 'paused' | null;
  /** False: entries live in memory only and would not survive a reload. */
  persistent: boolean;
  /** Entries that could not be written to storage (quota, blocked); kept in memory. */
  volatileIds: ReadonlySet<string>;
}

const DEFAULT_RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 15_000] as const;
const DEFAULT_KEEP_SENT_MS = 12 * 60 * 60_000;
const noLock: Lock = (work) => work();

export class Outbox {
  private readonly storage: KeyValueStorage;
  private readonly prefix: string;
  private readonly transport: OutboxTransport;
  private readonly now: () => number;
  private readonly retryDelaysMs: readonly number[];
  private readonly lock: Lock;
  private readonly keepSentMs: number;
  private readonly onSignedOut: (() => void) | undefined;

  private cache = new Map<string, OutboxEntry>();
  private readonly volatileIds = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private state: OutboxState;
  private draining: Promise<void> | null = null;
  private drainAgain = false;
  private sendingId: string | null = null;
  private failureStreak = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private nextRetryAt: number | null = null;
  private blocked: OutboxState['blocked'] = null;

  constructor(options: OutboxOptions) {
    this.storage = options.storage;
    this.prefix = options.namespace;
    this.transport = options.transport;
    this.now = options.now ?? Date.now;
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.lock = options.lock ?? noLock;
    this.keepSentMs = options.keepSentMs ?? DEFAULT_KEEP_SENT_MS;
    this.onSignedOut = options.onSignedOut;
    this.state = this.buildState(options.persistent ?? true);
    this.reload();
    this.prune();
    this.emit();
  }

  // ---- reading ---------------------------------------------------------------------------------

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): OutboxState => this.state;

  entries(): readonly OutboxEntry[] {
    return this.state.entries;
  }

  get(id: string): OutboxEntry | undefined {
    return this.cache.get(id);
  }

  // ---- writing ---------------------------------------------------------------------------------

  /**
   * Saves an entry (persisted before this returns) and starts sending it. The records must already
   * carry their ids and times; they are stored and sent exactly as given.
   */
  enqueue(entry: NewOutboxEntry): OutboxEntry {
    this.reload();
    const order = Math.max(0, ...[...this.cache.values()].map((existing) => existing.order)) + 1;
    const stored = {
      ...entry,
      id: entryIdFor(entry),
      order,
      rev: 1,
      createdAt: new Date(this.now()).toISOString(),
      status: 'pending',
      attempts: 0,
      lastAttemptAt: null,
      lastProblem: null,
      refusal: null,
      sentAt: null,
      alreadyStored: 0,
    } as OutboxEntry;
    this.write(stored);
    this.emit();
    void this.flush();
    return stored;
  }

  /** Sends a refused entry again, unchanged (e.g. after the session it needed was checked in). */
  retry(id: string): void {
    const entry = this.cache.get(id);
    if (entry?.status !== 'refused') return;
    this.write({ ...entry, status: 'pending', refusal: null, rev: entry.rev + 1 });
    this.emit();
    void this.flushNow();
  }

  /** Removes a refused or sent entry from the list: the nurse has seen it. Pending ones stay. */
  dismiss(id: string): void {
    const entry = this.cache.get(id);
    if (!entry || entry.status === 'pending') return;
    this.remove(id);
    this.emit();
  }

  // ---- sending ---------------------------------------------------------------------------------

  /** Sends whatever is pending, oldest first. Concurrent calls share one drain. */
  flush(): Promise<void> {
    if (this.blocked) return Promise.resolve();
    if (this.draining) {
      this.drainAgain = true;
      return this.draining;
    }
    this.clearRetry();
    const run = async (): Promise<void> => {
      do {
        this.drainAgain = false;
        await this.lock(() => this.drain());
      } while (this.drainAgain && !this.blocked && this.nextRetryAt === null);
    };
    this.draining = run().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  /** Resolves when no drain is running (for tests and for callers that want to wait). */
  async whenIdle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** A reason to believe the server is reachable again (reconnect, back online): try at once. */
  flushNow(): Promise<void> {
    this.failureStreak = 0;
    this.clearRetry();
    return this.flush();
  }

  /** Stop sending (signed out, app closing); pending entries stay stored. */
  pause(): void {
    this.blocked = 'paused';
    this.clearRetry();
    this.emit();
  }

  /** Start sending again after `pause` or after the sign-in ended. */
  resume(): Promise<void> {
    this.blocked = null;
    this.emit();
    return this.flushNow();
  }

  /** Another tab changed the stored entries. */
  refresh(): void {
    this.reload();
    this.emit();
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.blocked) return;
      this.reload();
      const next = oldestPending(this.cache.values());
      if (!next) {
        this.failureStreak = 0;
        this.emit();
        return;
      }
      this.sendingId = next.id;
      this.emit();
      let outcome: SendOutcome;
      try {
        outcome = await this.transport.send(next);
      } catch (error) {
        outcome = { kind: 'unreachable', message: error instanceof Error ? error.message : String(error) };
      }
      this.sendingId = null;
      // Another tab may have settled it meanwhile; its answer stands.
      this.reload();
      const current = this.cache.get(next.id);
      if (current?.status !== 'pending') continue;
      const attempt = { ...current, attempts: current.attempts + 1, lastAttemptAt: new Date(this.now()).toISOString(), rev: current.rev + 1 };
      switch (outcome.kind) {
        case 'stored':
          this.failureStreak = 0;
          this.write({
            ...attempt,
            status: 'sent',
            sentAt: new Date(this.now()).toISOString(),
            lastProblem: null,
            alreadyStored: outcome.results.filter((result) => !result.created).length,
          });
          this.prune();
          continue;
        case 'refused':
          this.write({ ...attempt, status: 'refused', refusal: outcome.refusal, lastProblem: null });
          continue;
        case 'unreachable':
          this.write({ ...attempt, lastProblem: outcome.message });
          this.scheduleRetry();
          this.emit();
          return;
        case 'signedOut':
          this.write({ ...attempt, lastProblem: outcome.message });
          this.blocked = 'signedOut';
          this.emit();
          this.onSignedOut?.();
          return;
      }
    }
  }

  private scheduleRetry(): void {
    const delay = this.retryDelaysMs[Math.min(this.failureStreak, this.retryDelaysMs.length - 1)] ?? 5_000;
    this.failureStreak++;
    this.clearRetry();
    this.nextRetryAt = this.now() + delay;
    this.retryTimer = setTimeout(() => {
      this.nextRetryAt = null;
      void this.flush();
    }, delay);
  }

  private clearRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.nextRetryAt !== null) {
      this.nextRetryAt = null;
      this.emit();
    }
  }

  // ---- storage ---------------------------------------------------------------------------------

  private key(id: string): string {
    return `${this.prefix}${id}`;
  }

  private write(entry: OutboxEntry): void {
    this.cache.set(entry.id, entry);
    try {
      this.storage.setItem(this.key(entry.id), JSON.stringify(entry));
      this.volatileIds.delete(entry.id);
    } catch {
      // Quota or policy: keep it in memory so it is still sent, and say it would not survive a reload.
      this.volatileIds.add(entry.id);
    }
  }

  private remove(id: string): void {
    this.cache.delete(id);
    this.volatileIds.delete(id);
    try {
      this.storage.removeItem(this.key(id));
    } catch {
      // Nothing more to do: it is gone from the screen and will be pruned on a later start.
    }
  }

  /** Merges what is stored with what this tab holds: the higher `rev` wins; memory-only entries stay. */
  private reload(): void {
    const next = new Map<string, OutboxEntry>();
    for (const key of safeKeys(this.storage, this.prefix)) {
      const entry = parseEntry(safeGet(this.storage, key));
      if (!entry) continue;
      const mine = this.cache.get(entry.id);
      next.set(entry.id, mine && mine.rev > entry.rev ? mine : entry);
    }
    for (const id of this.volatileIds) {
      const mine = this.cache.get(id);
      if (mine && !next.has(id)) next.set(id, mine);
    }
    this.cache = next;
  }

  private prune(): void {
    const cutoff = this.now() - this.keepSentMs;
    for (const entry of [...this.cache.values()]) {
      if (entry.status === 'sent' && entry.sentAt !== null && Date.parse(entry.sentAt) < cutoff) this.remove(entry.id);
    }
  }

  private emit(): void {
    this.state = this.buildState(this.state?.persistent ?? true);
    for (const listener of this.listeners) listener();
  }

  private buildState(persistent: boolean): OutboxState {
    const entries = [...(this.cache?.values() ?? [])].sort(bySendOrder);
    return {
      entries,
      sendingId: this.sendingId ?? null,
      nextRetryAt: this.nextRetryAt ?? null,
      blocked: this.blocked ?? null,
      persistent,
      volatileIds: new Set(this.volatileIds ?? []),
    };
  }
}

function bySendOrder(a: OutboxEntry, b: OutboxEntry): number {
  return a.order - b.order || (a.createdAt === b.createdAt ? 0 : a.createdAt < b.createdAt ? -1 : 1);
}

function oldestPending(entries: Iterable<OutboxEntry>): OutboxEntry | undefined {
  let oldest: OutboxEntry | undefined;
  for (const entry of entries) {
    if (entry.status === 'pending' && (!oldest || bySendOrder(entry, oldest) < 0)) oldest = entry;
  }
  return oldest;
}

/** The entry's id is its first record's id: unique, and it ties the list item to the record. */
function entryIdFor(entry: NewOutboxEntry): string {
  const first = entry.records[0];
  if (!first) throw new Error('an outbox entry needs at least one record');
  return first.id;
}

function safeKeys(storage: KeyValueStorage, prefix: string): string[] {
  try {
    return keysWithPrefix(storage, prefix);
  } catch {
    return [];
  }
}

function safeGet(storage: KeyValueStorage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

const STATUSES: readonly OutboxStatus[] = ['pending', 'sent', 'refused'];

/** A stored entry, or null for anything this version cannot read (never a crash on bad data). */
export function parseEntry(text: string | null): OutboxEntry | null {
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const entry = value as Partial<OutboxEntry>;
  const valid =
    typeof entry.id === 'string' &&
    typeof entry.sessionId === 'string' &&
    typeof entry.order === 'number' &&
    typeof entry.rev === 'number' &&
    (entry.type === 'observations' || entry.type === 'sideEffects') &&
    Array.isArray(entry.records) &&
    entry.records.length > 0 &&
    typeof entry.status === 'string' &&
    STATUSES.includes(entry.status);
  return valid ? (entry as OutboxEntry) : null;
}
