import type { Kysely } from 'kysely';
import type { AuditEntryView, auditQuerySchema } from '../../shared/schemas/auth.ts';
import { parseZonedInstant } from '../../shared/time.ts';
import type { Database } from '../db/schema.ts';
import type { z } from 'zod';

/** The audit trail, newest first, filtered and a page at a time. Read-only: no route edits it. */
export async function searchAudit(
  db: Kysely<Database>,
  filter: z.output<typeof auditQuerySchema>,
): Promise<{ entries: AuditEntryView[]; nextBefore: number | null }> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit + 1);
  if (filter.userId) query = query.where('user_id', '=', filter.userId);
  if (filter.username) query = query.where('username', '=', filter.username);
  if (filter.action) query = query.where('action', 'like', `${filter.action.replace(/[%_]/g, '')}%`);
  if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
  if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
  if (filter.from) query = query.where('at', '>=', parseZonedInstant(filter.from).utc);
  if (filter.to) query = query.where('at', '<=', parseZonedInstant(filter.to).utc);
  if (filter.before) query = query.where('id', '<', filter.before);
  const rows = await query.execute();
  const entries = rows.slice(0, filter.limit).map((row) => ({
    id: Number(row.id),
    at: row.at,
    userId: row.user_id,
    username: row.username,
    sourceIp: row.source_ip,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before_state === null ? null : JSON.parse(row.before_state),
    after: row.after_state === null ? null : JSON.parse(row.after_state),
    reason: row.reason,
  }));
  return { entries, nextBefore: rows.length > filter.limit ? (entries.at(-1)?.id ?? null) : null };
}
