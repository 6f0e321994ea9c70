import type { Kysely } from 'kysely';
import { ACTIVE_PHASES, type SessionPhase } from '../../shared/session/phase.ts';
import type { Indication } from '../../shared/session/protocol.ts';
import type { Observation } from '../../shared/schemas/observation.ts';
import { lttb } from '../../shared/charts/lttb.ts';
import {
  type ObservationFilter,
  type SessionSeries,
  TREND_POINTS,
  type VitalSeries,
  type WardTrend,
} from '../../shared/schemas/series.ts';
import type {
  InfusionEvent,
  ObservationPage,
  PhaseTransition,
  SessionRecord,
  SessionSummary,
  WardSnapshot,
} from '../../shared/schemas/session.ts';
import type { SideEffectNote } from '../../shared/schemas/sideEffect.ts';
import { SIDE_EFFECT_KINDS } from '../../shared/sideEffects/catalogue.ts';
import { VITAL_KINDS, type VitalKind } from '../../shared/vitals/catalogue.ts';
import type { Database } from '../db/schema.ts';
import { openAlarms, sessionAlarms } from './alarms.ts';
import { listChairs } from './chairs.ts';
import { notFound } from './errors.ts';
import { toInfusionEvent, toObservation, toSideEffect } from './mappers.ts';

type Db = Kysely<Database>;

function summaryQuery(db: Db) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('patients as p', 'p.id', 's.patient_id')
    .innerJoin('chairs as c', 'c.id', 's.chair_id')
    .innerJoin('users as n', 'n.id', 's.nurse_id')
    .innerJoin('users as ph', 'ph.id', 's.physician_id')
    .leftJoin('users as signer', 'signer.id', 's.signed_by')
    .select([
      'signer.display_name as signed_by_name',
      's.id',
      's.indication',
      's.indication_other',
      's.dose_mg_per_kg',
      's.weight_kg',
      's.total_dose_mg',
      's.planned_infusion_minutes',
      's.rate_mg_per_hour',
      's.phase',
      's.scheduled_for',
      's.infusion_started_at',
      's.phase_changed_at',
      's.created_at',
      's.signed_at',
      's.signed_by',
      'p.id as patient_id',
      'p.mrn as patient_mrn',
      'p.name as patient_name',
      'p.date_of_birth as patient_dob',
      'p.weight_kg as patient_weight',
      'c.id as chair_id',
      'c.label as chair_label',
      'c.room as chair_room',
      'n.id as nurse_id',
      'n.display_name as nurse_name',
      'ph.id as physician_id',
      'ph.display_name as physician_name',
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

async function transitionsFor(db: Db, sessionIds: string[]): Promise<Map<string, PhaseTransition[]>> {
  const byId = new Map<string, PhaseTransition[]>();
  if (sessionIds.length === 0) return byId;
  const rows = await db
    .selectFrom('phase_transitions as t')
    .innerJoin('users as u', 'u.id', 't.by_user')
    .select(['t.session_id', 't.from_phase', 't.to_phase', 't.at', 't.by_user', 't.reason', 'u.display_name'])
    .where('t.session_id', 'in', sessionIds)
    .orderBy('t.id')
    .execute();
  for (const row of rows) {
    const list = byId.get(row.session_id) ?? [];
    list.push({
      from: row.from_phase as SessionPhase | null,
      to: row.to_phase as SessionPhase,
      at: row.at,
      by: row.by_user,
      byName: row.display_name,
      reason: row.reason,
    });
    byId.set(row.session_id, list);
  }
  return byId;
}

function toSummary(row: SummaryRow, transitions: PhaseTransition[]): SessionSummary {
  return {
    id: row.id,
    patient: {
      id: row.patient_id,
      mrn: row.patient_mrn,
      name: row.patient_name,
      dateOfBirth: row.patient_dob,
      weightKg: row.patient_weight,
    },
    chair: { id: row.chair_id, label: row.chair_label, room: row.chair_room },
    indication: row.indication as Indication,
    indicationOther: row.indication_other,
    doseMgPerKg: row.dose_mg_per_kg,
    weightKg: row.weight_kg,
    totalDoseMg: row.total_dose_mg,
    plannedInfusionMinutes: row.planned_infusion_minutes,
    rateMgPerHour: row.rate_mg_per_hour,
    nurse: { id: row.nurse_id, name: row.nurse_name },
    physician: { id: row.physician_id, name: row.physician_name },
    phase: row.phase as SessionPhase,
    scheduledFor: row.scheduled_for,
    infusionStartedAt: row.infusion_started_at,
    phaseChangedAt: row.phase_changed_at,
    createdAt: row.created_at,
    signedAt: row.signed_at,
    signedBy: row.signed_by ? { id: row.signed_by, name: row.signed_by_name ?? '' } : null,
    transitions,
  };
}

export async function findSessionSummary(db: Db, id: string): Promise<SessionSummary | undefined> {
  const row = await summaryQuery(db).where('s.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const transitions = await transitionsFor(db, [id]);
  return toSummary(row, transitions.get(id) ?? []);
}

export async function getSessionSummary(db: Db, id: string): Promise<SessionSummary> {
  const summary = await findSessionSummary(db, id);
  if (!summary) throw notFound('Session', id, 'sessionId');
  return summary;
}

export async function listSessions(db: Db, phases: readonly SessionPhase[] | 'all'): Promise<SessionSummary[]> {
  let query = summaryQuery(db).orderBy('c.label').orderBy('s.created_at', 'desc').limit(500);
  if (phases !== 'all') query = query.where('s.phase', 'in', [...phases]);
  const rows = await query.execute();
  const transitions = await transitionsFor(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => toSummary(row, transitions.get(row.id) ?? []));
}

function observationsQuery(db: Db) {
  return db
    .selectFrom('observations as o')
    .innerJoin('users as u', 'u.id', 'o.recorded_by')
    .selectAll('o')
    .select('u.display_name as recorded_by_name');
}

function sideEffectsQuery(db: Db) {
  return db
    .selectFrom('side_effects as e')
    .innerJoin('users as u', 'u.id', 'e.recorded_by')
    .selectAll('e')
    .select('u.display_name as recorded_by_name');
}

export async function getObservation(db: Db, id: string): Promise<Observation | undefined> {
  const row = await observationsQuery(db).where('o.id', '=', id).executeTakeFirst();
  return row ? toObservation(row) : undefined;
}

export async function getSideEffect(db: Db, id: string): Promise<SideEffectNote | undefined> {
  const row = await sideEffectsQuery(db).where('e.id', '=', id).executeTakeFirst();
  return row ? toSideEffect(row) : undefined;
}

/** The newest current reading of each kind for a session (one indexed look-up per kind). */
export async function latestObservations(db: Db, sessionId: string): Promise<Observation[]> {
  const latest: Observation[] = [];
  for (const kind of VITAL_KINDS) {
    const row = await observationsQuery(db)
      .where('o.session_id', '=', sessionId)
      .where('o.kind', '=', kind)
      .where('o.status', '!=', 'entered-in-error')
      .where('o.superseded_by_id', 'is', null)
      .orderBy('o.observed_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (row) latest.push(toObservation(row));
  }
  return latest;
}

/** The newest current note of each side-effect kind (one indexed look-up per kind). */
export async function latestSideEffectsByKind(db: Db, sessionId: string): Promise<SideEffectNote[]> {
  const notes: SideEffectNote[] = [];
  for (const kind of SIDE_EFFECT_KINDS) {
    const row = await sideEffectsQuery(db)
      .where('e.session_id', '=', sessionId)
      .where('e.kind', '=', kind)
      .where('e.status', '!=', 'entered-in-error')
      .where('e.superseded_by_id', 'is', null)
      .orderBy('e.observed_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (row) notes.push(toSideEffect(row));
  }
  return notes;
}

export async function wardSnapshot(db: Db): Promise<WardSnapshot> {
  const seq = await headSeq(db);
  const [chairs, sessions] = await Promise.all([listChairs(db), listSessions(db, ACTIVE_PHASES)]);
  const alarms = await openAlarms(
    db,
    sessions.map((s) => s.id),
  );
  const wardSessions = await Promise.all(
    sessions.map(async (session) => {
      const sideEffect = await sideEffectsQuery(db)
        .where('e.session_id', '=', session.id)
        .where('e.status', '!=', 'entered-in-error')
        .where('e.superseded_by_id', 'is', null)
        .orderBy('e.observed_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return {
        ...session,
        latest: await latestObservations(db, session.id),
        latestSideEffect: sideEffect ? toSideEffect(sideEffect) : null,
        trend: await wardTrend(db, session.id),
        alarms: alarms.filter((a) => a.sessionId === session.id),
      };
    }),
  );
  return { seq, chairs, sessions: wardSessions };
}

/** Current readings of some kinds of one session, in time order, as chart columns. */
async function seriesColumns(
  db: Db,
  sessionId: string,
  kinds: readonly VitalKind[],
  from?: number,
  to?: number,
): Promise<Map<VitalKind, VitalSeries>> {
  let query = db
    .selectFrom('observations')
    .select(['kind', 'observed_at', 'value', 'value2', 'abnormal'])
    .where('session_id', '=', sessionId)
    .where('kind', 'in', [...kinds])
    .where('status', '!=', 'entered-in-error')
    .where('superseded_by_id', 'is', null)
    .orderBy('kind')
    .orderBy('observed_at');
  if (from !== undefined) query = query.where('observed_at', '>=', new Date(from).toISOString());
  if (to !== undefined) query = query.where('observed_at', '<=', new Date(to).toISOString());
  const rows = await query.execute();
  const byKind = new Map<VitalKind, VitalSeries>();
  for (const row of rows) {
    const kind = row.kind as VitalKind;
    let series = byKind.get(kind);
    if (!series) {
      series = { kind, t: [], v: [], v2: kind === 'bloodPressure' ? [] : null, abnormal: [] };
      byKind.set(kind, series);
    }
    series.t.push(Date.parse(row.observed_at));
    series.v.push(row.value);
    series.v2?.push(row.value2 ?? Number.NaN);
    series.abnormal.push(row.abnormal === 1 ? 1 : 0);
  }
  return byKind;
}

/** Thins a series to at most `maxPoints` with LTTB on its primary value, keeping the columns aligned. */
function thin(series: VitalSeries, maxPoints: number): VitalSeries {
  if (series.t.length <= maxPoints) return series;
  const picked = lttb(
    series.t.map((t, index) => ({ x: t, y: series.v[index] ?? 0, index })),
    maxPoints,
  ).map((p) => p.index);
  return {
    kind: series.kind,
    t: picked.map((i) => series.t[i] ?? 0),
    v: picked.map((i) => series.v[i] ?? 0),
    v2: series.v2 ? picked.map((i) => series.v2?.[i] ?? Number.NaN) : null,
    abnormal: picked.map((i) => series.abnormal[i] ?? 0),
  };
}

export async function sessionSeries(
  db: Db,
  sessionId: string,
  window: { from?: number; to?: number; maxPoints: number },
): Promise<SessionSeries> {
  const seq = await headSeq(db);
  await getSessionSummary(db, sessionId);
  const columns = await seriesColumns(db, sessionId, VITAL_KINDS, window.from, window.to);
  const series = [...columns.values()].map((s) => thin(s, window.maxPoints));
  return {
    sessionId,
    from: window.from ?? null,
    to: window.to ?? null,
    downsampled: [...columns.values()].some((s) => s.t.length > window.maxPoints),
    series,
    seq,
  };
}

async function wardTrend(db: Db, sessionId: string): Promise<WardTrend> {
  const columns = await seriesColumns(db, sessionId, ['heartRate', 'spo2', 'bloodPressure']);
  const pairs = (series: VitalSeries | undefined): Array<[number, number]> => {
    if (!series) return [];
    const thinned = thin(series, TREND_POINTS);
    return thinned.t.map((t, i) => [t, thinned.v[i] ?? 0]);
  };
  return {
    heartRate: pairs(columns.get('heartRate')),
    spo2: pairs(columns.get('spo2')),
    systolic: pairs(columns.get('bloodPressure')),
  };
}

const CURSOR_SEPARATOR = '|';

/** Observations newest first, every version, a page at a time (keyset pagination). */
export async function observationPage(
  db: Db,
  sessionId: string,
  page: { limit: number; before?: string; filter: ObservationFilter },
): Promise<ObservationPage> {
  await getSessionSummary(db, sessionId);
  let query = observationsQuery(db)
    .where('o.session_id', '=', sessionId)
    .orderBy('o.observed_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(page.limit + 1);
  if (page.filter === 'manual') query = query.where('o.source', '=', 'manual');
  if (page.filter === 'abnormal') query = query.where('o.abnormal', '=', 1);
  if (page.before) {
    const [observedAt = '', id = ''] = page.before.split(CURSOR_SEPARATOR);
    query = query.where((eb) =>
      eb.or([eb('o.observed_at', '<', observedAt), eb.and([eb('o.observed_at', '=', observedAt), eb('o.id', '<', id)])]),
    );
  }
  const rows = await query.execute();
  const observations = rows.slice(0, page.limit).map(toObservation);
  const last = observations.at(-1);
  return {
    observations,
    nextBefore: rows.length > page.limit && last ? `${last.observedAt}${CURSOR_SEPARATOR}${last.id}` : null,
  };
}

export async function headSeq(db: Db): Promise<number> {
  const row = await db
    .selectFrom('event_log')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** One session's record; the head is read first, so the snapshot is at least that new. */
export async function getSessionRecord(db: Db, id: string): Promise<SessionRecord> {
  const seq = await headSeq(db);
  const summary = await getSessionSummary(db, id);
  const [alarms, latest, count, sideEffects, infusionEvents] = await Promise.all([
    sessionAlarms(db, id),
    latestObservations(db, id),
    db
      .selectFrom('observations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('session_id', '=', id)
      .executeTakeFirst(),
    sideEffectsQuery(db).where('e.session_id', '=', id).orderBy('e.observed_at').execute(),
    db
      .selectFrom('infusion_events as i')
      .innerJoin('users as u', 'u.id', 'i.recorded_by')
      .selectAll('i')
      .select('u.display_name as recorded_by_name')
      .where('i.session_id', '=', id)
      .orderBy('i.at')
      .execute(),
  ]);
  return {
    ...summary,
    latest,
    observationCount: Number(count?.n ?? 0),
    sideEffects: sideEffects.map(toSideEffect),
    infusionEvents: infusionEvents.map(toInfusionEvent) satisfies InfusionEvent[],
    alarms,
    seq,
  };
}
