import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Compiled statements kept, at most; the least recently used go first. */
const CACHE_SIZE = 256;

/**
 * better-sqlite3 compiles a statement on every `prepare`, and Kysely prepares every query afresh:
 * under a stream of readings that compiling was a tenth of the writer's time. The same SQL text
 * now gets the same compiled statement, unless that one is still being iterated (a streamed read),
 * when a fresh one is compiled for the caller.
 */
export function withStatementCache(connection: SQLite.Database, size = CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => connection.close(),
    prepare(sql) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        // A Map keeps insertion order: moving the entry to the end keeps the eviction order by use.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = connection.prepare(sql);
      if (!cached) {
        cache.set(sql, statement);
        const oldest = cache.size > size ? cache.keys().next().value : undefined;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return statement;
    },
  };
}
