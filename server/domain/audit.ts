import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Actor } from './actor.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  /** Where an anonymous attempt (a failed sign-in) came from; an actor carries its own. */
  sourceIp?: string | null;
}

/** Appends to the audit trail in the same transaction as the change it describes. */
export async function audit(trx: Kysely<Database>, actor: Actor | null, entry: AuditEntry, at: string): Promise<void> {
  await auditMany(trx, [{ actor, entry }], at);
}

/** Several entries in one statement (one per request of a coalesced commit). */
export async function auditMany(trx: Kysely<Database>, entries: ReadonlyArray<{ actor: Actor | null; entry: AuditEntry }>, at: string): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto('audit_log')
    .values(
      entries.map(({ actor, entry }) => ({
        at,
        user_id: actor?.userId ?? null,
        username: actor?.username ?? null,
        source_ip: actor?.sourceIp ?? entry.sourceIp ?? null,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId,
        before_state: entry.before === undefined ? null : JSON.stringify(entry.before),
        after_state: entry.after === undefined ? null : JSON.stringify(entry.after),
        reason: entry.reason ?? null,
      })),
    )
    .execute();
}
