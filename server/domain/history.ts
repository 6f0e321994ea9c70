import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import type { HistoryPage, RemsSummary, SeriesEntry, historyQuerySchema } from '../../shared/schemas/history.ts';
import { sessionStatus } from '../../shared/schemas/session.ts';
import type { SessionPhase } from '../../shared/session/phase.ts';
import type { Indication } from '../../shared/session/protocol.ts';
import { SEVERITY_RANK, type Severity, type SideEffectKind } from '../../shared/sideEffects/catalogue.ts';
import { parseZonedInstant } from '../../shared/time.ts';
import type { GroupCommitter } from '../db/groupCommit.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { dischargeStatus } from './discharge.ts';
import { DomainError, conflict, notFound } from './errors.ts';
import { getSessionSummary } from './sessionQueries.ts';

type Db = Kysely<Database>;
const CURSOR = '|';

/**
 * History search: every filter is an indexed predicate (session date, chair, clinician, MRN, name
 * prefix on lower(name), side-effect kind, alarms), paged by keyset on (created_at, id).
 */
export async function searchHistory(db: Db, filter: z.output<typeof historyQuerySchema>): Promise<HistoryPage> {
  let query = db
    .selectFrom('sessions as s')
    .innerJoin('patients as p', 'p.id', 's.patient_id')
    .innerJoin('chairs as c', 'c.id', 's.chair_id')
    .innerJoin('users as n', 'n.id', 's.nurse_id')
    .innerJoin('users as ph', 'ph.id', 's.physician_id')
    .select([
      's.id', 's.created_at', 's.infusion_started_at', 's.indication', 's.phase', 's.signed_at',
      'p.id as patient_id', 'p.mrn', 'p.name', 'c.id as chair_id', 'c.label as chair_label',
      'n.display_name as nurse_name', 'ph.display_name as physician_name',
    ])
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(filter.limit + 1);
  if (filter.q) {
    const q = filter.q.toLowerCase();
    // MRN exactly, or the name from its start (a range on the lower(name) index).
    query = query.where((eb) => eb.or([eb('p.mrn', '=', filter.q ?? ''), eb.and([eb(sql`lower(p.name)`, '>=', q), eb(sql`lower(p.name)`, '<', `${q}\uffff`)])]));
  }
  if (filter.from) query = query.where('s.created_at', '>=', parseZonedInstant(filter.from).utc);
  if (filter.to) query = query.where('s.created_at', '<=', parseZonedInstant(filter.to).utc);
  if (filter.chairId) query = query.where('s.chair_id', '=', filter.chairId);
  if (filter.indication) query = query.where('s.indication', '=', filter.indication);
  if (filter.clinicianId) {
    const id = filter.clinicianId;
    query = query.where((eb) => eb.or([eb('s.nurse_id', '=', id), eb('s.physician_id', '=', id)]));
  }
  if (filter.sideEffect) {
    const kind = filter.sideEffect;
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('side_effects as e').select('e.id').whereRef('e.session_id', '=', 's.id').where('e.kind', '=', kind).where('e.severity', '!=', 'none')),
    );
  }
  if (filter.withAlarms) {
    const wanted = filter.withAlarms === 'true';
    query = query.where(({ exists, not, selectFrom }) => {
      const any = exists(selectFrom('alarms as a').select('a.id').whereRef('a.session_id', '=', 's.id').where('a.alarm_class', '=', 'physiological'));
      return wanted ? any : not(any);
    });
  }
  if (filter.status === 'signed') query = query.where('s.signed_at', 'is not', null);
  if (filter.status === 'completed') query = query.where('s.signed_at', 'is', null).where('s.phase', 'in', ['discharged', 'aborted']);
  if (filter.status === 'inProgress') query = query.where('s.phase', 'in', ['baseline', 'infusing', 'paused', 'recovery']);
  if (filter.status === 'scheduled') query = query.where('s.phase', '=', 'scheduled');
  if (filter.after) {
    const [createdAt = '', id = ''] = filter.after.split(CURSOR);
    query = query.where((eb) => eb.or([eb('s.created_at', '<', createdAt), eb.and([eb('s.created_at', '=', createdAt), eb('s.id', '<', id)])]));
  }
  const rows = await query.execute();
  const page = rows.slice(0, filter.limit);
  const ids = page.map((r) => r.id);
  const [alarmCounts, kinds] = ids.length
    ? await Promise.all([
        db.selectFrom('alarms').select(['session_id', (eb) => eb.fn.countAll<number>().as('n')]).where('session_id', 'in', ids).where('alarm_class', '=', 'physiological').groupBy('session_id').execute(),
        db.selectFrom('side_effects').select(['session_id', 'kind']).distinct().where('session_id', 'in', ids).where('severity', '!=', 'none').execute(),
      ])
    : [[], []];
  const last = page.at(-1);
  return {
    sessions: page.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      infusionStartedAt: r.infusion_started_at,
      patient: { id: r.patient_id, mrn: r.mrn, name: r.name },
      chair: { id: r.chair_id, label: r.chair_label },
      indication: r.indication as Indication,
      phase: r.phase as SessionPhase,
      status: sessionStatus({ phase: r.phase as SessionPhase, signedAt: r.signed_at }),
      nurse: r.nurse_name,
      physician: r.physician_name,
      alarmCount: Number(alarmCounts.find((a) => a.session_id === r.id)?.n ?? 0),
      sideEffectKinds: kinds.filter((k) => k.session_id === r.id).map((k) => k.kind as SideEffectKind),
    })),
    nextAfter: rows.length > filter.limit && last ? `${last.created_at}${CURSOR}${last.id}` : null,
  };
}

/** All sessions of one patient, side by side: dose, duration, peaks, side effects, alarms, interventions. */
export async function patientSeries(db: Db, patientId: string): Promise<SeriesEntry[]> {
  const sessions = await db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'infusion_started_at', 'indication', 'dose_mg_per_kg', 'total_dose_mg', 'phase', 'signed_at'])
    .where('patient_id', '=', patientId)
    .orderBy('created_at')
    .execute();
  return Promise.all(
    sessions.map(async (s) => {
      const extreme = async (kind: string, fn: 'max' | 'min') => {
        const row = await db
          .selectFrom('observations')
          .select((eb) => (fn === 'max' ? eb.fn.max('value') : eb.fn.min('value')).as('v'))
          .where('session_id', '=', s.id)
          .where('kind', '=', kind)
          .where('status', '!=', 'entered-in-error')
          .where('superseded_by_id', 'is', null)
          .executeTakeFirst();
        return row?.v ?? null;
      };
      const [peakSystolic, peakHeartRate, lowestSpo2, notes, alarms, events] = await Promise.all([
        extreme('bloodPressure', 'max'),
        extreme('heartRate', 'max'),
        extreme('spo2', 'min'),
        db.selectFrom('side_effects').select(['kind', 'severity']).where('session_id', '=', s.id).where('status', '!=', 'entered-in-error').where('superseded_by_id', 'is', null).execute(),
        db.selectFrom('alarms').select(['priority']).where('session_id', '=', s.id).where('alarm_class', '=', 'physiological').execute(),
        db.selectFrom('infusion_events').select(['kind', 'at', 'drug', 'dose', 'dose_unit', 'route']).where('session_id', '=', s.id).orderBy('at').execute(),
      ]);
      const worst: Partial<Record<SideEffectKind, Severity>> = {};
      for (const note of notes) {
        const kind = note.kind as SideEffectKind;
        const severity = note.severity as Severity;
        const seen = worst[kind];
        if (!seen || SEVERITY_RANK[severity] > SEVERITY_RANK[seen]) worst[kind] = severity;
      }
      const started = events.find((e) => e.kind === 'started')?.at;
      const stopped = events.find((e) => e.kind === 'stopped')?.at;
      return {
        sessionId: s.id,
        // The day the patient was treated; a session never started falls back to when it was booked.
        date: s.infusion_started_at ?? s.created_at,
        indication: s.indication as Indication,
        doseMgPerKg: s.dose_mg_per_kg,
        totalDoseMg: s.total_dose_mg,
        infusionMinutes: started && stopped ? Math.round((Date.parse(stopped) - Date.parse(started)) / 60_000) : null,
        peakSystolic: peakSystolic === null ? null : Number(peakSystolic),
        peakHeartRate: peakHeartRate === null ? null : Number(peakHeartRate),
        lowestSpo2: lowestSpo2 === null ? null : Number(lowestSpo2),
        worstSideEffects: worst,
        alarms: {
          high: alarms.filter((a) => a.priority === 'high').length,
          medium: alarms.filter((a) => a.priority === 'medium').length,
          low: alarms.filter((a) => a.priority === 'low').length,
        },
        interventions: events.filter((e) => e.kind === 'medicationGiven').map((e) => `${e.drug} ${e.dose} ${e.dose_unit} ${e.route}`),
        status: sessionStatus({ phase: s.phase as SessionPhase, signedAt: s.signed_at }),
      };
    }),
  );
}

const PRE_DOSE_GATE = { systolic: 140, diastolic: 90 };

/** The REMS monitoring form's items, derived from what was recorded; what cannot be derived is listed. */
export async function remsSummary(db: Db, sessionId: string): Promise<RemsSummary> {
  const session = await getSessionSummary(db, sessionId);
  const bps = await db
    .selectFrom('observations')
    .select(['value', 'value2', 'observed_at'])
    .where('session_id', '=', sessionId)
    .where('kind', '=', 'bloodPressure')
    .where('status', '!=', 'entered-in-error')
    .where('superseded_by_id', 'is', null)
    .orderBy('observed_at')
    .execute();
  const start = session.infusionStartedAt ? Date.parse(session.infusionStartedAt) : null;
  const checkIn = session.transitions.find((t) => t.to === 'baseline')?.at ?? null;
  const end = session.transitions.find((t) => t.to === 'discharged' || t.to === 'aborted')?.at ?? null;
  const fmt = (bp: { value: number; value2: number | null } | undefined) => (bp ? `${bp.value}/${bp.value2 ?? '–'}` : null);
  const before = start === null ? undefined : [...bps].reverse().find((b) => Date.parse(b.observed_at) < start);
  const at40 =
    start === null
      ? undefined
      : bps
          .filter((b) => Math.abs(Date.parse(b.observed_at) - (start + 40 * 60_000)) <= 10 * 60_000)
          .sort((a, b) => Math.abs(Date.parse(a.observed_at) - (start + 40 * 60_000)) - Math.abs(Date.parse(b.observed_at) - (start + 40 * 60_000)))[0];
  const beforeEnd = end === null ? undefined : [...bps].reverse().find((b) => b.observed_at <= end);
  const notes = await db
    .selectFrom('side_effects')
    .select(['kind', 'severity', 'scale', 'score', 'observed_at'])
    .where('session_id', '=', sessionId)
    .where('status', '!=', 'entered-in-error')
    .where('superseded_by_id', 'is', null)
    .orderBy('observed_at')
    .execute();
  const occurredResolved = (kind: SideEffectKind) => {
    const ofKind = notes.filter((n) => n.kind === kind);
    const occurred = ofKind.some((n) => n.severity !== 'none');
    const last = ofKind.at(-1);
    return { occurred, resolved: !occurred || last?.severity === 'none' || (last?.scale === 'moaas' && last.score === 5) };
  };
  const respiratory = await db
    .selectFrom('alarms')
    .select(['resolved_at'])
    .where('session_id', '=', sessionId)
    .where('rule_id', '=', 'rr.low')
    .execute();
  const checks = await db.selectFrom('discharge_checks').select(['updated_at']).where('session_id', '=', sessionId).executeTakeFirst();
  const discharge = end ? await dischargeStatus(db, sessionId) : null;
  const summary: RemsSummary = {
    bpBeforeDosing: fmt(before),
    bpAt40Minutes: fmt(at40),
    bpBeforeDischarge: fmt(beforeEnd),
    totalMonitoringMinutes: checkIn && end ? Math.round((Date.parse(end) - Date.parse(checkIn)) / 60_000) : null,
    readyToLeaveMinute: start !== null && checks ? Math.round((Date.parse(checks.updated_at) - start) / 60_000) : null,
    sedation: occurredResolved('sedation'),
    dissociation: occurredResolved('dissociation'),
    respiratoryDepression: { occurred: respiratory.length > 0, resolved: respiratory.every((a) => a.resolved_at !== null) },
    vitalsAcceptableBeforeDosing: before ? before.value <= PRE_DOSE_GATE.systolic && (before.value2 ?? 0) <= PRE_DOSE_GATE.diastolic : null,
    vitalsAcceptableBeforeDischarge: discharge ? (discharge.items.find((i) => i.id === 'vitalsNearBaseline')?.met ?? null) : null,
    missing: [],
  };
  const required: Array<[keyof RemsSummary, string]> = [
    ['bpBeforeDosing', 'Blood pressure before dosing'],
    ['bpAt40Minutes', 'Blood pressure about 40 minutes after the start'],
    ['bpBeforeDischarge', 'Blood pressure before discharge'],
    ['totalMonitoringMinutes', 'Total monitoring time'],
    ['readyToLeaveMinute', 'Minute the patient was ready to leave (discharge checklist)'],
    ['vitalsAcceptableBeforeDosing', 'Vitals acceptable before dosing'],
    ['vitalsAcceptableBeforeDischarge', 'Vitals acceptable before discharge'],
  ];
  summary.missing = required.filter(([key]) => summary[key] === null).map(([, label]) => label);
  return summary;
}

export function createSignOffService(writer: GroupCommitter) {
  return {
    /** A physician signs a finished record; it is then locked and changes only by audited amendment. */
    async sign(actor: Actor, sessionId: string): Promise<void> {
      await writer.execute(async (trx) => {
        const session = await getSessionSummary(trx, sessionId);
        if (session.signedAt) return { result: undefined, changes: [] };
        if (session.phase !== 'discharged' && session.phase !== 'aborted') {
          throw conflict('id', 'not_finished', 'Only a finished session can be signed');
        }
        if (session.phase === 'discharged') {
          const rems = await remsSummary(trx, sessionId);
          if (rems.missing.length > 0) {
            throw new DomainError(
              409,
              'record_incomplete',
              `Cannot sign: ${rems.missing.join('; ')}`,
              rems.missing.map((m) => ({ path: 'rems', code: 'missing', message: m })),
            );
          }
        }
        const now = new Date().toISOString();
        await trx.updateTable('sessions').set({ signed_at: now, signed_by: actor.userId }).where('id', '=', sessionId).execute();
        const signed = await getSessionSummary(trx, sessionId);
        await audit(trx, actor, { action: 'session.signed', entityType: 'session', entityId: sessionId, after: { signedAt: now } }, now);
        return { result: undefined, changes: [{ type: 'session.phaseChanged', sessionId, at: now, payload: { session: signed, transition: signed.transitions.at(-1) ?? { from: null, to: signed.phase, at: now, by: actor.userId, byName: actor.displayName, reason: 'signed' } } }] };
      });
    },
  };
}

export async function requirePatient(db: Db, id: string): Promise<void> {
  const row = await db.selectFrom('patients').select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Patient', id);
}
