import type { Kysely } from 'kysely';
import { z } from 'zod';
import { zonedDateTimeSchema } from '../../shared/schemas/common.ts';
import { parseZonedInstant } from '../../shared/time.ts';
import { type DischargeItem, dischargeChecklist } from '../../shared/session/discharge.ts';
import type { GroupCommitter, Tx } from '../db/groupCommit.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from './actor.ts';
import { sessionBaseline } from './alarms.ts';
import { audit } from './audit.ts';
import { latestObservations, latestSideEffectsByKind } from './sessionQueries.ts';
import { validate } from './validate.ts';

export const dischargeChecksSchema = z.object({
  escortPresent: z.boolean(),
  instructionsGiven: z.boolean(),
  escortName: z.string().trim().max(120).optional(),
  /** When the nurse confirmed the patient ready to leave; now if not given. */
  at: zonedDateTimeSchema.optional(),
});

export interface DischargeStatus {
  items: DischargeItem[];
  met: boolean;
  escortName: string | null;
}

export async function dischargeStatus(db: Kysely<Database>, sessionId: string): Promise<DischargeStatus> {
  const [latest, baseline, notes, checks] = await Promise.all([
    latestObservations(db, sessionId),
    sessionBaseline(db, sessionId),
    latestSideEffectsByKind(db, sessionId),
    db.selectFrom('discharge_checks').selectAll().where('session_id', '=', sessionId).executeTakeFirst(),
  ]);
  const items = dischargeChecklist({
    latest,
    baseline,
    latestSideEffects: notes,
    escortPresent: checks?.escort_present === 1,
    instructionsGiven: checks?.instructions_given === 1,
  });
  return { items, met: items.every((i) => i.met), escortName: checks?.escort_name ?? null };
}

export function createDischargeService(writer: GroupCommitter, db: Kysely<Database>) {
  return {
    async recordChecks(actor: Actor, sessionId: string, body: unknown): Promise<DischargeStatus> {
      const input = validate(dischargeChecksSchema, body);
      await writer.execute(async (trx: Tx) => {
        const now = input.at ? parseZonedInstant(input.at).utc : new Date().toISOString();
        await trx.deleteFrom('discharge_checks').where('session_id', '=', sessionId).execute();
        await trx
          .insertInto('discharge_checks')
          .values({
            session_id: sessionId,
            escort_present: input.escortPresent ? 1 : 0,
            instructions_given: input.instructionsGiven ? 1 : 0,
            escort_name: input.escortName ?? null,
            updated_at: now,
            updated_by: actor.userId,
          })
          .execute();
        await audit(trx, actor, { action: 'discharge.checksRecorded', entityType: 'session', entityId: sessionId, after: input }, now);
        return { result: undefined, changes: [] };
      });
      return dischargeStatus(db, sessionId);
    },
  };
}

export type DischargeService = ReturnType<typeof createDischargeService>;
