import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.ts';

/** Sign-off of finished sessions, and the indexes that keep history search off full scans. */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('signed_at', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('signed_by', 'text').execute();
  await db.schema.createIndex('sessions_created').on('sessions').column('created_at').execute();
  await db.schema.createIndex('sessions_physician').on('sessions').columns(['physician_id', 'created_at']).execute();
  await db.schema.createIndex('sessions_nurse').on('sessions').columns(['nurse_id', 'created_at']).execute();
  await db.schema.createIndex('patients_lower_name').on('patients').expression(sql`lower(name)`).execute();
  await db.schema.createIndex('side_effects_kind').on('side_effects').columns(['kind', 'session_id']).execute();
}
