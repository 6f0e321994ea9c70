import type { Kysely } from 'kysely';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import type { Database } from '../db/schema.ts';

/** The most a reconnecting client is replayed; beyond it, it refetches its snapshot. */
export const MAX_REPLAY = 5000;

export interface Replay {
  missed: ChangeEvent[];
  resync: boolean;
}

export async function changesSince(
  db: Kysely<Database>,
  since: number,
  sessionId?: string,
): Promise<Replay> {
  let query = db
    .selectFrom('event_log')
    .selectAll()
    .where('seq', '>', since)
    .orderBy('seq')
    .limit(MAX_REPLAY + 1);
  if (sessionId) query = query.where('session_id', '=', sessionId);
  const rows = await query.execute();
  if (rows.length > MAX_REPLAY) return { missed: [], resync: true };
  return {
    resync: false,
    missed: rows.map(
      (row) =>
        ({
          seq: Number(row.seq),
          type: row.type,
          sessionId: row.session_id,
          at: row.at,
          payload: JSON.parse(row.payload),
        }) as ChangeEvent,
    ),
  };
}
