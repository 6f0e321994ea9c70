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

interface Pending {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export type ChangeListener = (changes: ChangeEvent[]) => void;

const MAX_BATCH = 256;
const MAX_ATTEMPTS = 5;

/**
 * Group commit. Writes that arrive together share one transaction (one fsync), each inside its own
 * savepoint so one refused write never takes its neighbours down. A caller's promise settles only
 * after the commit; the numbered changes are published to listeners after the commit too.
 *
 * On PostgreSQL every write transaction takes one advisory lock first, so event-log sequence
 * numbers are committed in the order they are assigned, even with several nodes: a reader that has
 * seen seq N can never later find a smaller, newly committed number.
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
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work: work as Work<unknown>, resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Resolves when everything queued so far has settled. */
  async idle(): Promise<void> {
    while (this.flushing) await new Promise((r) => setTimeout(r, 5));
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.commitBatch(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async commitBatch(batch: Pending[]): Promise<void> {
    let outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    let committed: ChangeEvent[] = [];
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.db.transaction().execute(async (trx) => {
          if (this.engine === 'postgres') await sql`select pg_advisory_xact_lock(7346001)`.execute(trx);
          const local: typeof outcomes = [];
          const changes: UnsequencedChange[] = [];
          for (const pending of batch) {
            await sql`savepoint unit_of_work`.execute(trx);
            try {
              const outcome = await pending.work(trx);
              await sql`release savepoint unit_of_work`.execute(trx);
              changes.push(...outcome.changes);
              local.push({ ok: true, value: outcome.result });
            } catch (error) {
              await sql`rollback to savepoint unit_of_work`.execute(trx);
              await sql`release savepoint unit_of_work`.execute(trx);
              local.push({ ok: false, error });
            }
          }
          const sequenced = await appendChanges(trx, changes);
          return { local, sequenced };
        });
        outcomes = result.local;
        committed = result.sequenced;
        break;
      } catch (error) {
        if (attempt < MAX_ATTEMPTS && isTransient(error)) {
          await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
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

async function appendChanges(
  trx: Tx,
  changes: UnsequencedChange[],
): Promise<ChangeEvent[]> {
  const sequenced: ChangeEvent[] = [];
  for (const change of changes) {
    const row = await trx
      .insertInto('event_log')
      .values({ session_id: change.sessionId, type: change.type, at: change.at, payload: JSON.stringify(change.payload) })
      .returning('seq')
      .executeTakeFirstOrThrow();
    sequenced.push({ ...change, seq: row.seq } as ChangeEvent);
  }
  return sequenced;
}

function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: string }).code;
  return (
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_LOCKED' ||
    code === '40001' ||
    code === '40P01' ||
    code === '57P01' ||
    code === 'ECONNRESET'
  );
}
