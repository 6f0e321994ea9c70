import type { Kysely } from 'kysely';
import Papa from 'papaparse';
import { SIDE_EFFECTS } from '../../../shared/sideEffects/catalogue.ts';
import { VITALS } from '../../../shared/vitals/catalogue.ts';
import type { Database } from '../../db/schema.ts';
import { toInfusionEvent, toObservation, toSideEffect } from '../mappers.ts';

/**
 * Sessions as one CSV: a row per observation, side-effect note and infusion event, with who and
 * when, the unit, the flag and the record status (amended and withdrawn rows included, marked).
 */
export async function sessionsCsv(db: Kysely<Database>, sessionIds: readonly string[]): Promise<string> {
  if (sessionIds.length === 0) return Papa.unparse([], { header: true });
  const ids = [...sessionIds];
  const [sessions, observations, notes, events] = await Promise.all([
    db.selectFrom('sessions as s').innerJoin('patients as p', 'p.id', 's.patient_id').select(['s.id', 'p.mrn', 'p.name']).where('s.id', 'in', ids).execute(),
    db.selectFrom('observations as o').innerJoin('users as u', 'u.id', 'o.recorded_by').selectAll('o').select('u.display_name as recorded_by_name').where('o.session_id', 'in', ids).orderBy('o.observed_at').execute(),
    db.selectFrom('side_effects as e').innerJoin('users as u', 'u.id', 'e.recorded_by').selectAll('e').select('u.display_name as recorded_by_name').where('e.session_id', 'in', ids).orderBy('e.observed_at').execute(),
    db.selectFrom('infusion_events as i').innerJoin('users as u', 'u.id', 'i.recorded_by').selectAll('i').select('u.display_name as recorded_by_name').where('i.session_id', 'in', ids).orderBy('i.at').execute(),
  ]);
  const who = new Map(sessions.map((s) => [s.id, s]));
  const rows: Array<Record<string, string | number | null>> = [];
  const common = (sessionId: string) => ({ session_id: sessionId, mrn: who.get(sessionId)?.mrn ?? '', patient: who.get(sessionId)?.name ?? '' });
  for (const o of observations.map(toObservation)) {
    rows.push({
      ...common(o.sessionId), record: 'observation', id: o.id, time_utc: o.observedAt, offset_minutes: o.observedOffsetMinutes,
      item: VITALS[o.kind].label, loinc: VITALS[o.kind].panelLoinc ?? VITALS[o.kind].components[0]?.loinc ?? '',
      value: o.kind === 'bloodPressure' ? `${o.value}/${o.value2}` : o.value, unit: o.unit,
      flag: Object.values(o.interpretation).filter((i) => i !== 'normal').join(' '), source: o.source, device: o.deviceId,
      status: o.supersededById ? 'superseded' : o.status, reason: o.statusReason, recorded_by: o.recordedByName, recorded_at: o.recordedAt,
    });
  }
  for (const n of notes.map(toSideEffect)) {
    rows.push({
      ...common(n.sessionId), record: 'side_effect', id: n.id, time_utc: n.observedAt, offset_minutes: n.observedOffsetMinutes,
      item: SIDE_EFFECTS[n.kind].label, loinc: '', value: n.scale ? `${n.severity} (${n.scale} ${n.score})` : n.severity, unit: '',
      flag: '', source: 'manual', device: null, status: n.supersededById ? 'superseded' : n.status, reason: n.statusReason ?? n.note,
      recorded_by: n.recordedByName, recorded_at: n.recordedAt,
    });
  }
  for (const e of events.map(toInfusionEvent)) {
    rows.push({
      ...common(e.sessionId), record: 'infusion_event', id: e.id, time_utc: e.at, offset_minutes: e.atOffsetMinutes, item: e.kind, loinc: '',
      value: e.kind === 'medicationGiven' ? `${e.drug} ${e.dose} ${e.doseUnit} ${e.route}` : (e.rateMgPerHour ?? ''), unit: e.rateMgPerHour ? 'mg/h' : '',
      flag: '', source: 'manual', device: null, status: 'final', reason: e.reason, recorded_by: e.recordedByName, recorded_at: e.recordedAt,
    });
  }
  rows.sort((a, b) => String(a.time_utc).localeCompare(String(b.time_utc)));
  return Papa.unparse(rows, { header: true });
}
