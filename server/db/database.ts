import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.ts';
import type { Database } from './schema.ts';
import { withStatementCache } from './statementCache.ts';
import { startCheckpointer } from './sqliteCheckpointer.ts';

export type Engine = DatabaseConfig['engine'];

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  version(): Promise<string>;
  close(): Promise<void>;
}

// int8 (event sequence numbers, counts) as numbers: they stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

export function openDatabase(config: DatabaseConfig): DatabaseHandle {
  if (config.engine === 'sqlite') return openSqlite(config.file);
  return openPostgres(config.url);
}

/** Pages of write-ahead log after which the writer checkpoints in-line (about 16 MB). */
export const WAL_BACKSTOP_PAGES = 4000;
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

function openSqlite(file: string): DatabaseHandle {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const connection = new SQLite(file);
  // A clinical record must survive power loss: WAL with a full fsync on every commit.
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  // better-sqlite3 waits for a lock inside the event loop: keep that short and let the group
  // committer's retries (which yield between attempts) do the waiting.
  connection.pragma('busy_timeout = 250');
  // Checkpoints mostly happen off the event loop (a worker), but under constant writes a worker's
  // pass is always overtaken by a new commit and the log could never start over. So the writer
  // keeps a backstop: past WAL_BACKSTOP_PAGES it finishes the (by then mostly done) checkpoint
  // itself, the log restarts, and the file is cut back to its size limit.
  connection.pragma(`wal_autocheckpoint = ${WAL_BACKSTOP_PAGES}`);
  connection.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  const checkpointer = startCheckpointer(file, () => {
    if (connection.open) connection.pragma('wal_autocheckpoint = 1000');
  });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) });
  return {
    db,
    engine: 'sqlite',
    version: async () => `SQLite ${String(connection.prepare('select sqlite_version() as v').pluck().get())}`,
    async close() {
      await checkpointer.stop();
      await db.destroy();
    },
  };
}

function openPostgres(url: string): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // A locked table or a stuck server must end in an error (retried, then reported), never a hang.
    connectionTimeoutMillis: 10_000,
    lock_timeout: 5_000,
    statement_timeout: 30_000,
    idle_in_transaction_session_timeout: 60_000,
  });
  // A connection dropped while idle in the pool (server restart) is replaced, not fatal; one dropped
  // while checked out fails its query, which the group committer retries.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    version: async () => {
      const result = await sql<{ v: string }>`select version() as v`.execute(db);
      return result.rows[0]?.v.split(' on ')[0] ?? 'PostgreSQL';
    },
    close: () => db.destroy(),
  };
}
