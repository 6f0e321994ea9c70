import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseConfig } from '../../server/config.ts';

/** What the store holds for some sessions, read straight from the database (not through the server). */
export interface StoredObservations {
  /** Ids in the observations table. */
  rows: string[];
  /** Observation ids of the `observation.recorded` entries in the event log (one per stored reading). */
  logged: string[];
}

/**
 * Reads the observations and their change-log entries for `sessionIds`. SQLite is opened read-only
 * beside the running server (WAL lets it read without blocking the writer); PostgreSQL through its
 * own connection.
 */
export async function readStoredObservations(database: DatabaseConfig, sessionIds: readonly string[]): Promise<StoredObservations> {
  const ids = JSON.stringify(sessionIds);
  if (database.engine === 'sqlite') {
    const db = new SQLite(database.file, { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare('select id from observations where session_id in (select value from json_each(?))').pluck().all(ids) as string[];
      const logged = db
        .prepare(
          "select json_extract(payload, '$.observation.id') from event_log where type = 'observation.recorded' and session_id in (select value from json_each(?))",
        )
        .pluck()
        .all(ids) as string[];
      return { rows, logged };
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const rows = await client.query<{ id: string }>('select id from observations where session_id = any($1::text[])', [sessionIds]);
    const logged = await client.query<{ id: string }>(
      "select payload::json->'observation'->>'id' as id from event_log where type = 'observation.recorded' and session_id = any($1::text[])",
      [sessionIds],
    );
    return { rows: rows.rows.map((r) => r.id), logged: logged.rows.map((r) => r.id) };
  } finally {
    await client.end();
  }
}
