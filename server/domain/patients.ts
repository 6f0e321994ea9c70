import type { Kysely } from 'kysely';
import { type Patient, patientInputSchema } from '../../shared/schemas/patient.ts';
import type { GroupCommitter } from '../db/groupCommit.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { conflict } from './errors.ts';
import { toPatient } from './mappers.ts';
import { requestHash } from './requestHash.ts';
import { validate } from './validate.ts';

export function createPatientService(writer: GroupCommitter) {
  return {
    async createPatient(actor: Actor, body: unknown): Promise<Patient> {
      const input = validate(patientInputSchema, body);
      return writer.execute(async (trx) => {
        const hash = requestHash(input);
        const existing = await trx.selectFrom('patients').selectAll().where('id', '=', input.id).executeTakeFirst();
        if (existing) {
          if (existing.request_hash !== hash) throw conflict('id', 'id_conflict', `Patient ${input.id} already exists`);
          return { result: toPatient(existing), changes: [] };
        }
        const sameMrn = await trx.selectFrom('patients').select('id').where('mrn', '=', input.mrn).executeTakeFirst();
        if (sameMrn) throw conflict('mrn', 'mrn_taken', `MRN ${input.mrn} belongs to another patient`);
        const now = new Date().toISOString();
        const row = {
          id: input.id,
          mrn: input.mrn,
          name: input.name,
          date_of_birth: input.dateOfBirth,
          weight_kg: input.weightKg,
          allergies: JSON.stringify(input.allergies),
          created_at: now,
          created_by: actor.userId,
          request_hash: hash,
        };
        await trx.insertInto('patients').values(row).execute();
        const patient = toPatient(row);
        await audit(trx, actor, { action: 'patient.created', entityType: 'patient', entityId: patient.id, after: patient }, now);
        return { result: patient, changes: [] };
      });
    },
  };
}

export type PatientService = ReturnType<typeof createPatientService>;

/** Search by MRN prefix or name fragment. */
export async function searchPatients(db: Kysely<Database>, text: string): Promise<Patient[]> {
  const term = text.trim();
  let query = db.selectFrom('patients').selectAll().orderBy('name').limit(25);
  if (term) {
    const like = `%${term.toLowerCase().replace(/[%_]/g, '')}%`;
    query = query.where((eb) =>
      eb.or([eb('mrn', '=', term), eb(eb.fn('lower', ['name']), 'like', like), eb(eb.fn('lower', ['mrn']), 'like', like)]),
    );
  }
  return (await query.execute()).map(toPatient);
}
