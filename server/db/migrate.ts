import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Engine } from './database.ts';
import * as initial from './migrations/001_initial.ts';
import * as accounts from './migrations/002_accounts_and_devices.ts';
import * as alarms from './migrations/003_alarms.ts';
import * as ingest from './migrations/004_ingest.ts';
import * as history from './migrations/005_history.ts';
import * as scaleOut from './migrations/006_scale_out.ts';
import type { Database } from './schema.ts';

interface EngineAwareMigration {
  up(db: Kysely<unknown>, engine: Engine): Promise<void>;
}

/** Ordered by name; append new files, never edit a released one. */
const MIGRATIONS: Readonly<Record<string, EngineAwareMigration>> = {
  '001_initial': initial,
  '002_accounts_and_devices': accounts,
  '003_alarms': alarms,
  '004_ingest': ingest,
  '005_history': history,
  '006_scale_out': scaleOut,
};

class EngineMigrationProvider implements MigrationProvider {
  constructor(private readonly engine: Engine) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const bound: Record<string, Migration> = {};
    for (const [name, migration] of Object.entries(MIGRATIONS)) {
      bound[name] = { up: (db) => migration.up(db, this.engine) };
    }
    return bound;
  }
}

export async function migrateToLatest(db: Kysely<Database>, engine: Engine): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new EngineMigrationProvider(engine) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
