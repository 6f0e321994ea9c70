import type { Kysely } from 'kysely';
import { type Chair, chairInputSchema } from '../../shared/schemas/chair.ts';
import type { GroupCommitter } from '../db/groupCommit.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { conflict } from './errors.ts';
import { validate } from './validate.ts';

export function createChairService(writer: GroupCommitter) {
  return {
    async createChair(actor: Actor, body: unknown): Promise<Chair> {
      const input = validate(chairInputSchema, body);
      return writer.execute(async (trx) => {
        const existing = await trx.selectFrom('chairs').selectAll().where('id', '=', input.id).executeTakeFirst();
        if (existing) {
          if (existing.label !== input.label || existing.room !== input.room) {
            throw conflict('id', 'id_conflict', `Chair ${input.id} already exists`);
          }
          return { result: { id: existing.id, label: existing.label, room: existing.room }, changes: [] };
        }
        const sameLabel = await trx.selectFrom('chairs').select('id').where('label', '=', input.label).executeTakeFirst();
        if (sameLabel) throw conflict('label', 'label_taken', `A chair is already called ${input.label}`);
        const now = new Date().toISOString();
        await trx.insertInto('chairs').values({ id: input.id, label: input.label, room: input.room, created_at: now }).execute();
        const chair = { id: input.id, label: input.label, room: input.room };
        await audit(trx, actor, { action: 'chair.created', entityType: 'chair', entityId: chair.id, after: chair }, now);
        return { result: chair, changes: [] };
      });
    },
  };
}

export type ChairService = ReturnType<typeof createChairService>;

export async function listChairs(db: Kysely<Database>): Promise<Chair[]> {
  const rows = await db.selectFrom('chairs').select(['id', 'label', 'room']).orderBy('label').execute();
  return rows;
}
