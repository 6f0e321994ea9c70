import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseConfig } from '../../server/config.ts';
import { type ChildServer, spawnServer } from './childServer.ts';
import { createTestDatabase, dropTestDatabase } from './postgres.ts';

/** The first admin's password on a spawned server (`CHAIRSIDE_ADMIN_PASSWORD`). */
export const SPAWNED_ADMIN_PASSWORD = 'spawned-admin-password-1';

/**
 * One database that real server processes are started on, killed on and restarted on (crash,
 * fault and load tests), and removed at the end. The same store works for SQLite (a file in its
 * own temp directory) and PostgreSQL (a database of its own on the throwaway cluster).
 */
export interface SpawnedStore {
  readonly database: DatabaseConfig;
  /** The process environment that points `server/main.ts` at this store, plus `extra`. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Starts the real server on a port the OS picks. */
  start(extra?: Record<string, string>): Promise<ChildServer>;
  /** Deletes the database; every server on it must have stopped. */
  remove(): Promise<void>;
}

function storeOn(database: DatabaseConfig, dataDir: string, removeDatabase: () => Promise<void>): SpawnedStore {
  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    DATA_DIR: dataDir,
    CHAIRSIDE_ADMIN_PASSWORD: SPAWNED_ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    ...(database.engine === 'postgres' ? { DATABASE_URL: database.url } : { DATABASE_URL: `sqlite:${database.file}` }),
    ...extra,
  });
  return {
    database,
    env,
    start(extra = {}) {
      return spawnServer(env(extra), [], 60_000);
    },
    async remove() {
      await removeDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A store on a new SQLite file in a temp directory of its own. */
export function sqliteStore(): SpawnedStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-spawned-'));
  return storeOn({ engine: 'sqlite', file: path.join(dir, 'chairside.sqlite') }, dir, async () => undefined);
}

/** A store on an existing database (e.g. one an engine target made); its SQLite file is removed with it. */
export function storeFor(database: DatabaseConfig): SpawnedStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-spawned-'));
  return storeOn(database, dir, async () => {
    if (database.engine === 'sqlite') fs.rmSync(path.dirname(database.file), { recursive: true, force: true });
    else await dropTestDatabase(database.url);
  });
}

/** A store on a new database of the PostgreSQL cluster at `clusterUrl`. */
export async function postgresStore(clusterUrl: string): Promise<SpawnedStore> {
  const url = await createTestDatabase(clusterUrl);
  return storeOn({ engine: 'postgres', url }, fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-spawned-')), () => dropTestDatabase(url));
}
