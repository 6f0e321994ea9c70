import type { Kysely } from 'kysely';
import type { Engine } from '../database.ts';

/**
 * The first schema. Both engines get the same tables; only the auto-numbered key differs, so the
 * migration is told the engine rather than guessing it (Kysely migrations cannot see the dialect).
 */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const serialKey = engine === 'postgres' ? 'bigserial' : 'integer';
  const withSerial = <T extends { primaryKey(): T; autoIncrement(): T }>(column: T): T =>
    engine === 'postgres' ? column.primaryKey() : column.primaryKey().autoIncrement();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('auth_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();

  await db.schema
    .createTable('chairs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull().unique())
    .addColumn('room', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('patients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mrn', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('date_of_birth', 'text', (c) => c.notNull())
    .addColumn('weight_kg', 'double precision', (c) => c.notNull())
    .addColumn('allergies', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('patients_name').on('patients').column('name').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('patient_id', 'text', (c) => c.notNull().references('patients.id'))
    .addColumn('chair_id', 'text', (c) => c.notNull().references('chairs.id'))
    .addColumn('indication', 'text', (c) => c.notNull())
    .addColumn('indication_other', 'text')
    .addColumn('dose_mg_per_kg', 'double precision', (c) => c.notNull())
    .addColumn('weight_kg', 'double precision', (c) => c.notNull())
    .addColumn('total_dose_mg', 'double precision', (c) => c.notNull())
    .addColumn('planned_infusion_minutes', 'integer', (c) => c.notNull())
    .addColumn('rate_mg_per_hour', 'double precision', (c) => c.notNull())
    .addColumn('nurse_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('physician_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('scheduled_for', 'text')
    .addColumn('infusion_started_at', 'text')
    .addColumn('phase_changed_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_phase').on('sessions').column('phase').execute();
  await db.schema.createIndex('sessions_patient').on('sessions').columns(['patient_id', 'created_at']).execute();
  await db.schema.createIndex('sessions_chair').on('sessions').columns(['chair_id', 'phase']).execute();

  await db.schema
    .createTable('phase_transitions')
    .addColumn('id', serialKey, withSerial)
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id'))
    .addColumn('from_phase', 'text')
    .addColumn('to_phase', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('by_user', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('phase_transitions_session').on('phase_transitions').column('session_id').execute();

  await db.schema
    .createTable('observations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('value2', 'double precision')
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('interpretation', 'text', (c) => c.notNull())
    .addColumn('abnormal', 'integer', (c) => c.notNull())
    .addColumn('observed_at', 'text', (c) => c.notNull())
    .addColumn('observed_offset', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('on_oxygen', 'integer')
    .addColumn('source_value', 'double precision')
    .addColumn('source_value2', 'double precision')
    .addColumn('source_unit', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('amends_id', 'text', (c) => c.references('observations.id'))
    .addColumn('superseded_by_id', 'text')
    .addColumn('status_reason', 'text')
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('observations_session_kind_time')
    .on('observations')
    .columns(['session_id', 'kind', 'observed_at'])
    .execute();
  await db.schema
    .createIndex('observations_session_time')
    .on('observations')
    .columns(['session_id', 'observed_at'])
    .execute();

  await db.schema
    .createTable('side_effects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('scale', 'text')
    .addColumn('score', 'double precision')
    .addColumn('note', 'text')
    .addColumn('observed_at', 'text', (c) => c.notNull())
    .addColumn('observed_offset', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('amends_id', 'text', (c) => c.references('side_effects.id'))
    .addColumn('superseded_by_id', 'text')
    .addColumn('status_reason', 'text')
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('side_effects_session_time')
    .on('side_effects')
    .columns(['session_id', 'observed_at'])
    .execute();

  await db.schema
    .createTable('infusion_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('at_offset', 'integer', (c) => c.notNull())
    .addColumn('rate_mg_per_hour', 'double precision')
    .addColumn('drug', 'text')
    .addColumn('dose', 'double precision')
    .addColumn('dose_unit', 'text')
    .addColumn('route', 'text')
    .addColumn('reason', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('infusion_events_session').on('infusion_events').columns(['session_id', 'at']).execute();

  await db.schema
    .createTable('event_log')
    .addColumn('seq', serialKey, withSerial)
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_log_session_seq').on('event_log').columns(['session_id', 'seq']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', serialKey, withSerial)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('username', 'text')
    .addColumn('source_ip', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('before_state', 'text')
    .addColumn('after_state', 'text')
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity_type', 'entity_id']).execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
}
