import type { Kysely, Selectable } from 'kysely';
import type { ChangeEvent, ChangeType } from '../../shared/realtime/changes.ts';
import { ALARM_CHANGE_TYPES } from '../../shared/realtime/socketEvents.ts';
import type { Database, EventLogTable } from '../db/schema.ts';

/** The most a reconnecting client is replayed; beyond it, it refetches its snapshot. */
export const MAX_REPLAY = 5000;

export interface Replay {
  missed: ChangeEvent[];
  resync: boolean;
}

interface ReplayFilter {
  sessionId?: string;
  types?: readonly ChangeType[];
}

export function changesSince(db: Kysely<Database>, since: number, sessionId?: string): Promise<Replay> {
  return replay(db, since, sessionId ? { sessionId } : {});
}

/** What an alarms-only subscriber missed: alarm changes only, so a quiet clinic replays little. */
export function alarmChangesSince(db: Kysely<Database>, since: number): Promise<Replay> {
  return replay(db, since, { types: ALARM_CHANGE_TYPES });
}

/**
 * Up to `limit` changes after `after`, in order: how a node catches up on what the other nodes
 * committed when their announcements are late or lost. Served by the primary key.
 */
export async function changesAfter(db: Kysely<Database>, after: number, limit: number): Promise<ChangeEvent[]> {
  const rows = await db.selectFrom('event_log').selectAll().where('seq', '>', after).orderBy('seq').limit(limit).execute();
  return rows.map(toChange);
}

async function replay(db: Kysely<Database>, since: number, filter: ReplayFilter): Promise<Replay> {
  let query = db
    .selectFrom('event_log')
    .selectAll()
    .where('seq', '>', since)
    .orderBy('seq')
    .limit(MAX_REPLAY + 1);
  if (filter.sessionId) query = query.where('session_id', '=', filter.sessionId);
  if (filter.types) query = query.where('type', 'in', [...filter.types]);
  const rows = await query.execute();
  if (rows.length > MAX_REPLAY) return { missed: [], resync: true };
  return { resync: false, missed: rows.map(toChange) };
}

function toChange(row: Selectable<EventLogTable>): ChangeEvent {
  return {
    // PostgreSQL's bigint arrives as text.
    seq: Number(row.seq),
    type: row.type,
    sessionId: row.session_id,
    at: row.at,
    payload: JSON.parse(row.payload),
  } as ChangeEvent;
}
