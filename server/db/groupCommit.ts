import { type Kysely, type Transaction, sql } from 'kysely';
import type { ChangeEvent, UnsequencedChange } from '../../shared/realtime/changes.ts';
import type { Engine } from './database.ts';
import type { Database } from './schema.ts';

export type Tx = Transaction<Database>;

/** What a unit of work hands back: its result, and the changes it made for the event log. */
export interface WorkOutcome<T> {
  result: T;
  changes: UnsequencedChange[];
}

export type Work<T> = (trx: Tx) => Promise<WorkOutcome<T>>;

/**
 * Work that can run many callers' requests as one: a 1 Hz stream from 200 chairs becomes one
 * look-up, one insert and one event-log append per commit instead of a dozen statements each.
 * `runMany` must behave exactly as if each item had run alone, in order; if it throws, the
 * committer runs the items one by one so only the offending request fails.
 */
export interface CoalescingWork<I, R> {
  readonly name: string;
  runMany(trx: Tx, items: readonly I[]): Promise<{ results: R[]; changes: UnsequencedChange[] }>;
}

type Settle = { resolve: (value: unknown) => void; reject: (error: unknown) => void; enqueuedAt: number };
type Pending = Settle & ({ work: Work<unknown> } | { coalescing: CoalescingWork<unknown, unknown>; item: unknown });
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export type ChangeListener = (changes: ChangeEvent[]) => void;

const MAX_BATCH = 256;
/**
 * How long a write may keep being retried, from when its caller queued it: a store locked or
 * unreachable for longer is reported to the caller (who may retry with the same id), never waited
 * on without end. Counted in time, not attempts: a busy SQLite may refuse at once, a locked
 * PostgreSQL table makes each attempt wait out its lock timeout.
 */
const RETRY_DEADLINE_MS = 15_000;
const MAX_BACKOFF_MS = 500;
/** Rows per multi-row statement: far below SQLite's and PostgreSQL's bound-parameter limits. */
export const ROWS_PER_STATEMENT = 400;

/**
 * Group commit. Writes that arrive together share one transaction (one fsync), each inside its own
 * savepoint so one refused write never takes its neighbours down. A caller's promise settles only
 * after the commit; the numbered changes are published to listeners after the commit too.
 *
 * Event-log sequence numbers are contiguous: each commit appends max(seq)+1… while it holds the
 * write lock (SQLite's single writer; on PostgreSQL an advisory lock every write transaction takes
 * first, even across nodes). So numbers are committed in the order they are assigned and never
 * skip, and a relay that has delivered seq N knows N+1 is the next to expect.
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  private flushing = false;
  private readonly listeners = new Set<ChangeListener>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: Engine,
  ) {}

  onCommitted(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  execute<T>(work: Work<T>): Promise<T> {
    return this.enqueue<T>({ work: work as Work<unknown> });
  }

  /** Queues one item of coalescing work; consecutive items of the same work run together. */
  executeCoalesced<I, R>(coalescing: CoalescingWork<I, R>, item: I): Promise<R> {
    return this.enqueue<R>({ coalescing: coalescing as CoalescingWork<unknown, unknown>, item });
  }

  /** Resolves when everything queued so far has settled. */
  async idle(): Promise<void> {
    while (this.flushing) await new Promise((r) => setTimeout(r, 5));
  }

  private enqueue<T>(entry: { work: Work<unknown> } | { coalescing: CoalescingWork<unknown, unknown>; item: unknown }): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ ...entry, resolve: resolve as (v: unknown) => void, reject, enqueuedAt: Date.now() });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.commitBatch(batch);
        // Callers answered by that commit usually write again at once: let them join the next one.
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.flushing = false;
    }
  }

  private async commitBatch(batch: Pending[]): Promise<void> {
    let outcomes: Outcome[] = [];
    let committed: ChangeEvent[] = [];
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.db.transaction().execute(async (trx) => {
          if (this.engine === 'postgres') await sql`select pg_advisory_xact_lock(7346001)`.execute(trx);
          const changes: UnsequencedChange[] = [];
          const local: Outcome[] = [];
          for (const group of consecutiveGroups(batch)) local.push(...(await runGroup(trx, group, changes)));
          const sequenced = await appendChanges(trx, changes);
          return { local, sequenced };
        });
        outcomes = result.local;
        committed = result.sequenced;
        break;
      } catch (error) {
        const backoff = Math.min(MAX_BACKOFF_MS, 20 * 2 ** attempt);
        const oldest = Math.min(...batch.map((pending) => pending.enqueuedAt));
        if (isTransient(error) && Date.now() + backoff - oldest < RETRY_DEADLINE_MS) {
          await new Promise((r) => setTimeout(r, backoff));
          continue;
        }
        // Nothing was committed: every caller hears so, none is acknowledged.
        for (const pending of batch) pending.reject(error);
        return;
      }
    }
    if (committed.length > 0) {
      for (const listener of this.listeners) listener(committed);
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index];
      if (!outcome) pending.reject(new Error('unit of work lost its outcome'));
      else if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  }
}

/** Splits a batch into runs: consecutive items of one coalescing work together, anything else alone. */
function consecutiveGroups(batch: readonly Pending[]): Pending[][] {
  const groups: Pending[][] = [];
  for (const pending of batch) {
    const last = groups.at(-1);
    const head = last?.[0];
    if (last && head && 'coalescing' in head && 'coalescing' in pending && head.coalescing === pending.coalescing) last.push(pending);
    else groups.push([pending]);
  }
  return groups;
}

/** Runs one group inside a savepoint; a failed group of several is re-run item by item. */
async function runGroup(trx: Tx, group: readonly Pending[], changes: UnsequencedChange[]): Promise<Outcome[]> {
  const attempt = await inSavepoint(trx, async () => {
    const head = group[0];
    if (!head) return { results: [], changes: [] };
    if ('work' in head) {
      const outcome = await head.work(trx);
      return { results: [outcome.result], changes: outcome.changes };
    }
    return head.coalescing.runMany(trx, group.map((p) => ('item' in p ? p.item : undefined)));
  });
  if (attempt.ok) {
    changes.push(...attempt.value.changes);
    return attempt.value.results.map((value) => ({ ok: true, value }));
  }
  if (group.length === 1) return [{ ok: false, error: attempt.error }];
  const outcomes: Outcome[] = [];
  for (const pending of group) outcomes.push(...(await runGroup(trx, [pending], changes)));
  return outcomes;
}

async function inSavepoint<T>(trx: Tx, run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  await sql`savepoint unit_of_work`.execute(trx);
  try {
    const value = await run();
    await sql`release savepoint unit_of_work`.execute(trx);
    return { ok: true, value };
  } catch (error) {
    // A failed statement on PostgreSQL poisons the transaction until the rollback to the savepoint.
    if (isTransient(error)) throw error;
    await sql`rollback to savepoint unit_of_work`.execute(trx);
    await sql`release savepoint unit_of_work`.execute(trx);
    return { ok: false, error };
  }
}

async function appendChanges(trx: Tx, changes: UnsequencedChange[]): Promise<ChangeEvent[]> {
  if (changes.length === 0) return [];
  const head = await trx.selectFrom('event_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  let seq = Number(head?.seq ?? 0);
  const sequenced = changes.map((change) => ({ ...change, seq: ++seq }) as ChangeEvent);
  for (let start = 0; start < sequenced.length; start += ROWS_PER_STATEMENT) {
    const rows = sequenced.slice(start, start + ROWS_PER_STATEMENT).map((change) => ({
      seq: change.seq,
      session_id: change.sessionId,
      type: change.type,
      at: change.at,
      payload: JSON.stringify(change.payload),
    }));
    await trx.insertInto('event_log').values(rows).execute();
  }
  return sequenced;
}

/** Failures worth retrying the whole batch for: a busy or locked store, a dropped connection. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: string }).code;
  return (
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_BUSY_SNAPSHOT' ||
    code === 'SQLITE_LOCKED' ||
    code === '40001' ||
    code === '40P01' ||
    code === '55P03' ||
    code === '57014' ||
    code === '57P01' ||
    code === '57P03' ||
    code === '08006' ||
    code === '08003' ||
    code === 'ECONNRESET' ||
    code === 'ECONNREFUSED' ||
    /Connection terminated|not queryable/i.test(error.message)
  );
}
