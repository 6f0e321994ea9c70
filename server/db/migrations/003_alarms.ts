import type { Kysely } from 'kysely';
import type { Engine } from '../database.ts';

/** Alarms (stored, so they survive restarts), the rule conditions behind them, settings, discharge checks. */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('alarms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id'))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('alarm_class', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text', (c) => c.references('users.id'))
    .addColumn('announced_at', 'text', (c) => c.notNull())
    .addColumn('escalated_at', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema.createIndex('alarms_session').on('alarms').columns(['session_id', 'raised_at']).execute();
  await db.schema.createIndex('alarms_open').on('alarms').columns(['closed_at', 'session_id']).execute();

  await db.schema
    .createTable('alarm_conditions')
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id'))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('alarm_id', 'text')
    .addPrimaryKeyConstraint('alarm_conditions_pk', ['session_id', 'rule_id'])
    .execute();

  await db.schema
    .createTable('alarm_settings')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();

  await db.schema
    .createTable('discharge_checks')
    .addColumn('session_id', 'text', (c) => c.primaryKey().references('sessions.id'))
    .addColumn('escort_present', 'integer', (c) => c.notNull())
    .addColumn('instructions_given', 'integer', (c) => c.notNull())
    .addColumn('escort_name', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();
}
