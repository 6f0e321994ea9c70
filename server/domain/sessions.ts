import type { UnsequencedChange } from '../../shared/realtime/changes.ts';
import {
  type InfusionEvent,
  type PhaseTransition,
  type SessionSummary,
  infusionEventInputSchema,
  phaseChangeSchema,
  sessionInputSchema,
} from '../../shared/schemas/session.ts';
import {
  ACTIVE_PHASES,
  INFUSION_EVENT_ALLOWED_IN,
  INFUSION_EVENT_PHASE,
  type SessionPhase,
  canTransition,
  isActivePhase,
} from '../../shared/session/phase.ts';
import { infusionRateMgPerHour, totalDoseMg } from '../../shared/session/protocol.ts';
import { CLOCK_SKEW_TOLERANCE_MS, isInFuture, parseZonedInstant } from '../../shared/time.ts';
import type { GroupCommitter, Tx } from '../db/groupCommit.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { DomainError, conflict, invalid, notFound } from './errors.ts';
import { dischargeStatus } from './discharge.ts';
import { can } from '../../shared/auth/permissions.ts';
import { toInfusionEvent } from './mappers.ts';
import { requestHash } from './requestHash.ts';
import { getSessionSummary } from './sessionQueries.ts';
import { validate } from './validate.ts';

export interface SessionService {
  createSession(actor: Actor, body: unknown): Promise<SessionSummary>;
  changePhase(actor: Actor, sessionId: string, body: unknown): Promise<SessionSummary>;
  recordInfusionEvent(actor: Actor, sessionId: string, body: unknown): Promise<InfusionEvent>;
}

export function createSessionService(writer: GroupCommitter): SessionService {
  return {
    async createSession(actor, body) {
      const input = validate(sessionInputSchema, body);
      return writer.execute(async (trx) => {
        const hash = requestHash(input);
        const existing = await trx.selectFrom('sessions').select(['request_hash']).where('id', '=', input.id).executeTakeFirst();
        if (existing) {
          if (existing.request_hash !== hash) throw conflict('id', 'id_conflict', `Session ${input.id} already exists with other content`);
          return { result: await getSessionSummary(trx, input.id), changes: [] };
        }
        const patient = await trx.selectFrom('patients').select(['weight_kg']).where('id', '=', input.patientId).executeTakeFirst();
        if (!patient) throw notFound('Patient', input.patientId, 'patientId');
        const chair = await trx.selectFrom('chairs').select(['id']).where('id', '=', input.chairId).executeTakeFirst();
        if (!chair) throw notFound('Chair', input.chairId, 'chairId');
        await assertClinician(trx, input.nurseId, 'nurseId', ['nurse', 'physician']);
        await assertClinician(trx, input.physicianId, 'physicianId', ['physician']);
        const occupied = await trx
          .selectFrom('sessions')
          .select('id')
          .where('chair_id', '=', input.chairId)
          .where('phase', 'in', [...ACTIVE_PHASES])
          .executeTakeFirst();
        if (occupied) throw conflict('chairId', 'chair_occupied', 'Another session is running in this chair');
        const busy = await trx
          .selectFrom('sessions')
          .select('id')
          .where('patient_id', '=', input.patientId)
          .where('phase', 'in', [...ACTIVE_PHASES])
          .executeTakeFirst();
        if (busy) throw conflict('patientId', 'patient_in_session', 'This patient already has a running session');

        const now = new Date().toISOString();
        const bookedAt = input.bookedAt ? clinicalTime('bookedAt', input.bookedAt) : now;
        const total = totalDoseMg(input.doseMgPerKg, patient.weight_kg);
        await trx
          .insertInto('sessions')
          .values({
            id: input.id,
            patient_id: input.patientId,
            chair_id: input.chairId,
            indication: input.indication,
            indication_other: input.indicationOther ?? null,
            dose_mg_per_kg: input.doseMgPerKg,
            weight_kg: patient.weight_kg,
            total_dose_mg: total,
            planned_infusion_minutes: input.plannedInfusionMinutes,
            rate_mg_per_hour: infusionRateMgPerHour(total, input.plannedInfusionMinutes),
            nurse_id: input.nurseId,
            physician_id: input.physicianId,
            phase: 'scheduled',
            scheduled_for: input.scheduledFor ? parseZonedInstant(input.scheduledFor).utc : null,
            infusion_started_at: null,
            phase_changed_at: bookedAt,
            created_at: bookedAt,
            created_by: actor.userId,
            request_hash: hash,
          })
          .execute();
        await insertTransition(trx, input.id, null, 'scheduled', bookedAt, actor, null);
        const session = await getSessionSummary(trx, input.id);
        // The audit keeps when it was entered; the record keeps when it happened.
        await audit(trx, actor, { action: 'session.created', entityType: 'session', entityId: input.id, after: session }, now);
        return { result: session, changes: [{ type: 'session.created', sessionId: input.id, at: bookedAt, payload: { session } }] };
      });
    },

    async changePhase(actor, sessionId, body) {
      const input = validate(phaseChangeSchema, body);
      return writer.execute(async (trx) => {
        const at = input.at ? clinicalTime('at', input.at) : new Date().toISOString();
        if (input.to === 'discharged') await checkDischargeAllowed(trx, actor, sessionId, input.overrideDischargeCriteria === true, input.reason ?? null, at);
        const { session, transition, changed } = await movePhase(trx, actor, sessionId, input.to, at, input.reason ?? null);
        const changes: UnsequencedChange[] = changed
          ? [{ type: 'session.phaseChanged', sessionId, at, payload: { session, transition } }]
          : [];
        return { result: session, changes };
      });
    },

    async recordInfusionEvent(actor, sessionId, body) {
      const input = validate(infusionEventInputSchema, body);
      return writer.execute(async (trx) => {
        const hash = requestHash({ ...input, sessionId });
        const existing = await trx
          .selectFrom('infusion_events as i')
          .innerJoin('users as u', 'u.id', 'i.recorded_by')
          .selectAll('i')
          .select('u.display_name as recorded_by_name')
          .where('i.id', '=', input.id)
          .executeTakeFirst();
        if (existing) {
          if (existing.request_hash !== hash) throw conflict('id', 'id_conflict', `Infusion event ${input.id} already exists`);
          return { result: toInfusionEvent(existing), changes: [] };
        }
        const current = await trx.selectFrom('sessions').select(['phase']).where('id', '=', sessionId).executeTakeFirst();
        if (!current) throw notFound('Session', sessionId, 'sessionId');
        const phase = current.phase as SessionPhase;
        if (!INFUSION_EVENT_ALLOWED_IN[input.kind].includes(phase)) {
          throw conflict('kind', 'not_allowed_in_phase', `Cannot record "${input.kind}" while the session is ${phase}`);
        }
        const when = parseZonedInstant(input.at);
        clinicalTime('at', input.at);
        await assertNotBeforeCheckIn(trx, sessionId, when.utc);
        const recordedAt = new Date().toISOString();
        await trx
          .insertInto('infusion_events')
          .values({
            id: input.id,
            session_id: sessionId,
            kind: input.kind,
            at: when.utc,
            at_offset: when.offsetMinutes,
            rate_mg_per_hour: input.rateMgPerHour ?? null,
            drug: input.drug ?? null,
            dose: input.dose ?? null,
            dose_unit: input.doseUnit ?? null,
            route: input.route ?? null,
            reason: input.reason ?? null,
            recorded_at: recordedAt,
            recorded_by: actor.userId,
            request_hash: hash,
          })
          .execute();
        const nextPhase = INFUSION_EVENT_PHASE[input.kind];
        if (nextPhase) await movePhase(trx, actor, sessionId, nextPhase, when.utc, input.reason ?? null);
        if (input.kind === 'started') {
          await trx.updateTable('sessions').set({ infusion_started_at: when.utc }).where('id', '=', sessionId).execute();
        }
        if (input.kind === 'rateChanged' && input.rateMgPerHour !== undefined) {
          await trx.updateTable('sessions').set({ rate_mg_per_hour: input.rateMgPerHour }).where('id', '=', sessionId).execute();
        }
        const row = await trx
          .selectFrom('infusion_events as i')
          .innerJoin('users as u', 'u.id', 'i.recorded_by')
          .selectAll('i')
          .select('u.display_name as recorded_by_name')
          .where('i.id', '=', input.id)
          .executeTakeFirstOrThrow();
        const event = toInfusionEvent(row);
        const session = await getSessionSummary(trx, sessionId);
        await audit(trx, actor, { action: 'infusion.recorded', entityType: 'session', entityId: sessionId, after: event }, recordedAt);
        return { result: event, changes: [{ type: 'infusion.recorded', sessionId, at: recordedAt, payload: { event, session } }] };
      });
    },
  };
}

async function assertClinician(trx: Tx, userId: string, path: string, roles: string[]): Promise<void> {
  const user = await trx.selectFrom('users').select(['roles', 'disabled', 'kind']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('User', userId, path);
  const userRoles = JSON.parse(user.roles) as string[];
  // A service account may carry a clinical role to record readings, but it looks after no one.
  if (user.disabled || user.kind !== 'person' || !userRoles.some((r) => roles.includes(r))) {
    throw invalid(path, 'wrong_role', `This user cannot be the session's ${path === 'nurseId' ? 'nurse' : 'physician'}`);
  }
}

async function assertFreeToCheckIn(trx: Tx, sessionId: string, chairId: string, patientId: string): Promise<void> {
  const running = await trx
    .selectFrom('sessions')
    .select(['chair_id', 'patient_id'])
    .where('id', '!=', sessionId)
    .where('phase', 'in', [...ACTIVE_PHASES])
    .where((eb) => eb.or([eb('chair_id', '=', chairId), eb('patient_id', '=', patientId)]))
    .execute();
  if (running.some((row) => row.chair_id === chairId)) {
    const chair = await trx.selectFrom('chairs').select('label').where('id', '=', chairId).executeTakeFirst();
    throw conflict('chairId', 'chair_occupied', `${chair?.label ?? 'This chair'} is in use: end or discharge the session running there first`);
  }
  if (running.length > 0) throw conflict('patientId', 'patient_in_session', 'This patient already has a running session');
}

async function insertTransition(
  trx: Tx,
  sessionId: string,
  from: SessionPhase | null,
  to: SessionPhase,
  at: string,
  actor: Actor,
  reason: string | null,
): Promise<void> {
  await trx
    .insertInto('phase_transitions')
    .values({ session_id: sessionId, from_phase: from, to_phase: to, at, by_user: actor.userId, reason })
    .execute();
}

async function movePhase(
  trx: Tx,
  actor: Actor,
  sessionId: string,
  to: SessionPhase,
  at: string,
  reason: string | null,
): Promise<{ session: SessionSummary; transition: PhaseTransition; changed: boolean }> {
  const current = await trx.selectFrom('sessions').select(['phase', 'chair_id', 'patient_id', 'phase_changed_at']).where('id', '=', sessionId).executeTakeFirst();
  if (!current) throw notFound('Session', sessionId, 'sessionId');
  const from = current.phase as SessionPhase;
  if (from === to) {
    // A retried phase change is not an error and changes nothing.
    const session = await getSessionSummary(trx, sessionId);
    const last = session.transitions.at(-1);
    if (last) return { session, transition: last, changed: false };
  }
  if (!canTransition(from, to)) {
    throw conflict('to', 'invalid_transition', `A session cannot go from ${from} to ${to}`);
  }
  if (isOutOfOrder(at, current.phase_changed_at)) {
    throw invalid('at', 'before_previous_step', `The session became ${from} at ${current.phase_changed_at}; a later step cannot be earlier`);
  }
  // Booking only holds a chair against running sessions, so two bookings may share it: the chair
  // (and the patient) must be free at the moment someone actually sits down.
  if (isActivePhase(to) && !isActivePhase(from)) await assertFreeToCheckIn(trx, sessionId, current.chair_id, current.patient_id);
  await trx.updateTable('sessions').set({ phase: to, phase_changed_at: at }).where('id', '=', sessionId).execute();
  await insertTransition(trx, sessionId, from, to, at, actor, reason);
  const session = await getSessionSummary(trx, sessionId);
  await audit(trx, actor, { action: 'session.phaseChanged', entityType: 'session', entityId: sessionId, before: { phase: from }, after: { phase: to }, reason }, at);
  const transition = session.transitions.at(-1);
  if (!transition) throw new Error('transition missing after insert');
  return { session, transition, changed: true };
}

/** Discharge waits for the checklist; only a physician may override it, with a reason, audited. */
async function checkDischargeAllowed(trx: Tx, actor: Actor, sessionId: string, override: boolean, reason: string | null, at: string): Promise<void> {
  const current = await trx.selectFrom('sessions').select('phase').where('id', '=', sessionId).executeTakeFirst();
  if (current?.phase !== 'recovery') return;
  const status = await dischargeStatus(trx, sessionId);
  if (status.met) return;
  const unmet = status.items.filter((i) => !i.met);
  if (!override) {
    throw new DomainError(
      409,
      'discharge_criteria_unmet',
      `Discharge criteria not met: ${unmet.map((i) => i.label).join('; ')}`,
      unmet.map((i) => ({ path: `checklist.${i.id}`, code: 'unmet', message: `${i.label} — ${i.detail}` })),
    );
  }
  if (!can(actor.roles, 'discharge.override')) throw new DomainError(403, 'forbidden', 'Only a physician may override the discharge criteria');
  await audit(trx, actor, { action: 'discharge.criteriaOverridden', entityType: 'session', entityId: sessionId, before: unmet, reason }, at);
}

/** A clinical time as UTC, refused when it lies in the future (beyond clock drift). */
function clinicalTime(field: string, text: string): string {
  const { utc } = parseZonedInstant(text);
  if (isInFuture(utc)) throw invalid(field, 'time_in_future', `${field} is in the future`);
  return utc;
}

/** Whether a step at `at` would come before the step it follows (beyond clock drift). */
function isOutOfOrder(at: string, previousAt: string): boolean {
  return Date.parse(at) < Date.parse(previousAt) - CLOCK_SKEW_TOLERANCE_MS;
}

/** Infusion events happen in the chair: not before the patient sat down. */
async function assertNotBeforeCheckIn(trx: Tx, sessionId: string, at: string): Promise<void> {
  const checkIn = await trx
    .selectFrom('phase_transitions')
    .select('at')
    .where('session_id', '=', sessionId)
    .where('to_phase', '=', 'baseline')
    .executeTakeFirst();
  if (checkIn && isOutOfOrder(at, checkIn.at)) {
    throw invalid('at', 'before_check_in', `The patient was checked in at ${checkIn.at}; an infusion event cannot be earlier`);
  }
}
