import type { Kysely } from 'kysely';
import type { Engine } from '../database.ts';

/** An alarms-only screen replays by change type; without this it would scan every reading since. */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema.createIndex('event_log_type_seq').on('event_log').columns(['type', 'seq']).execute();
}
