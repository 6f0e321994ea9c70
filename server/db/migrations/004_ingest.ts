import type { Kysely } from 'kysely';
import type { Engine } from '../database.ts';

/**
 * Device-exported vitals: which device feeds which chair, every HL7 message received (for the
 * resend check, the status page and the record of what was not imported), the inbox of readings
 * that could not be placed, remembered CSV column mappings, and file imports. Observations keep
 * the file they were imported from.
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('ingest_device_mappings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('match_on', 'text', (c) => c.notNull())
    .addColumn('match_key', 'text', (c) => c.notNull())
    .addColumn('chair_id', 'text', (c) => c.notNull().references('chairs.id'))
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();
  await db.schema.createIndex('ingest_device_mappings_key').unique().on('ingest_device_mappings').columns(['match_on', 'match_key']).execute();

  await db.schema
    .createTable('ingest_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('control_id', 'text')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('processing_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('ack_code', 'text', (c) => c.notNull())
    .addColumn('ack_text', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text')
    .addColumn('stored_count', 'integer', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('raw', 'text')
    .execute();
  await db.schema.createIndex('ingest_messages_device_time').on('ingest_messages').columns(['device_id', 'received_at']).execute();
  await db.schema.createIndex('ingest_messages_resend').on('ingest_messages').columns(['device_id', 'control_id', 'content_hash']).execute();
  await db.schema.createIndex('ingest_messages_time').on('ingest_messages').column('received_at').execute();

  await db.schema
    .createTable('ingest_inbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('ingest_messages.id'))
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('pending', 'text', (c) => c.notNull())
    .addColumn('problems', 'text', (c) => c.notNull())
    .addColumn('suggested_session_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.references('sessions.id'))
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text', (c) => c.references('users.id'))
    .addColumn('resolution_note', 'text')
    .execute();
  await db.schema.createIndex('ingest_inbox_status').on('ingest_inbox').columns(['status', 'received_at']).execute();

  await db.schema
    .createTable('import_column_mappings')
    .addColumn('device_model', 'text', (c) => c.primaryKey())
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();

  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('file_hash', 'text', (c) => c.notNull())
    .addColumn('device_model', 'text')
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('stored_count', 'integer', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();

  await db.schema.alterTable('observations').addColumn('source_file', 'text').execute();
}
