import { sql } from 'kysely';
import type { Hl7Parsed } from '../../shared/ingest/hl7.ts';
import type { DeviceMatchOn } from '../../shared/ingest/schemas.ts';
import { ACTIVE_PHASES } from '../../shared/session/phase.ts';
import type { Tx } from '../db/groupCommit.ts';
import type { Db } from './db.ts';

export interface MappingRow {
  id: string;
  match_on: string;
  match_key: string;
  chair_id: string;
  time_zone: string;
}

/** The keys a message offers to each kind of mapping. */
export function matchKeys(message: Pick<Hl7Parsed, 'deviceIds' | 'location' | 'header'>): Record<DeviceMatchOn, string[]> {
  return {
    location: message.location.key ? [message.location.key] : [],
    device: message.deviceIds,
    facility: message.header.sendingFacility ? [message.header.sendingFacility] : [],
  };
}

/** The chair a message's device feeds: by location (PV1-3), else device id, else facility (MSH-4). */
export async function findMapping(db: Db | Tx, message: Pick<Hl7Parsed, 'deviceIds' | 'location' | 'header'>): Promise<MappingRow | undefined> {
  const keys = matchKeys(message);
  const wanted = (Object.entries(keys) as Array<[DeviceMatchOn, string[]]>).flatMap(([on, values]) => values.map((v) => ({ on, key: v.toLowerCase() })));
  if (wanted.length === 0) return undefined;
  const rows = await db
    .selectFrom('ingest_device_mappings')
    .select(['id', 'match_on', 'match_key', 'chair_id', 'time_zone'])
    .where(sql<string>`lower(match_key)`, 'in', wanted.map((w) => w.key))
    .execute();
  for (const on of ['location', 'device', 'facility'] as const) {
    for (const key of keys[on]) {
      const row = rows.find((r) => r.match_on === on && r.match_key.toLowerCase() === key.toLowerCase());
      if (row) return row;
    }
  }
  return undefined;
}

export type Routing =
  | { ok: true; sessionId: string; chairId: string; matchedBy: 'patient' | 'chair' }
  | { ok: false; reason: 'unmapped_device' | 'unknown_patient' | 'patient_mismatch' | 'no_active_session' | 'ambiguous_session'; detail: string; suggestedSessionId: string | null };

interface ActiveSession {
  id: string;
  patient_id: string;
  chair_id: string;
  mrn: string;
  label: string;
}

async function activeSessions(db: Db | Tx, filter: { chairId?: string; patientId?: string }): Promise<ActiveSession[]> {
  let query = db
    .selectFrom('sessions as s')
    .innerJoin('patients as p', 'p.id', 's.patient_id')
    .innerJoin('chairs as c', 'c.id', 's.chair_id')
    .select(['s.id', 's.patient_id', 's.chair_id', 'p.mrn', 'c.label'])
    .where('s.phase', 'in', [...ACTIVE_PHASES]);
  if (filter.chairId) query = query.where('s.chair_id', '=', filter.chairId);
  if (filter.patientId) query = query.where('s.patient_id', '=', filter.patientId);
  return query.execute();
}

/** The first PID-3 identifier (in repetition order) that is a known patient's MRN. */
export async function findPatient(db: Db | Tx, patientIds: readonly string[]): Promise<{ id: string; mrn: string } | undefined> {
  if (patientIds.length === 0) return undefined;
  const rows = await db.selectFrom('patients').select(['id', 'mrn']).where('mrn', 'in', [...patientIds]).execute();
  for (const id of patientIds) {
    const row = rows.find((r) => r.mrn === id);
    if (row) return row;
  }
  return undefined;
}

/**
 * The session a live message's readings belong to: the one running (baseline … recovery) on the
 * mapped chair, for the patient PID-3 names. A message without any patient id (common: many
 * monitors leave PID empty until ADT fills it) goes to the chair's running session, if exactly
 * one; a patient is never guessed or created.
 */
export async function routeMessage(db: Db | Tx, mapping: MappingRow | undefined, patientIds: readonly string[], describe: string): Promise<Routing> {
  const patient = await findPatient(db, patientIds);
  if (!mapping) {
    const elsewhere = patient ? await activeSessions(db, { patientId: patient.id }) : [];
    return {
      ok: false,
      reason: 'unmapped_device',
      detail: `no chair is mapped to ${describe}`,
      suggestedSessionId: elsewhere.length === 1 ? (elsewhere[0]?.id ?? null) : null,
    };
  }
  const onChair = await activeSessions(db, { chairId: mapping.chair_id });
  const chairSession = onChair.length === 1 ? (onChair[0] ?? null) : null;
  if (patientIds.length > 0) {
    if (!patient) {
      return { ok: false, reason: 'unknown_patient', detail: `no patient has the MRN ${patientIds.join(' or ')}`, suggestedSessionId: chairSession?.id ?? null };
    }
    const match = onChair.find((s) => s.patient_id === patient.id);
    if (match) return { ok: true, sessionId: match.id, chairId: mapping.chair_id, matchedBy: 'patient' };
    if (onChair.length === 0) {
      const elsewhere = await activeSessions(db, { patientId: patient.id });
      return { ok: false, reason: 'no_active_session', detail: `no session is running on the mapped chair for MRN ${patient.mrn}`, suggestedSessionId: elsewhere.length === 1 ? (elsewhere[0]?.id ?? null) : null };
    }
    return {
      ok: false,
      reason: 'patient_mismatch',
      detail: `the session on ${onChair.map((s) => s.label).join(', ')} is for MRN ${onChair.map((s) => s.mrn).join(', ')}, the message names MRN ${patient.mrn}`,
      suggestedSessionId: null,
    };
  }
  if (chairSession) return { ok: true, sessionId: chairSession.id, chairId: mapping.chair_id, matchedBy: 'chair' };
  if (onChair.length === 0) return { ok: false, reason: 'no_active_session', detail: 'no session is running on the mapped chair', suggestedSessionId: null };
  return { ok: false, reason: 'ambiguous_session', detail: `${onChair.length} sessions are running on the mapped chair and the message names no patient`, suggestedSessionId: null };
}

/** Check-in and end of a session, for the import preview's "outside the session" warning. */
export async function sessionWindow(db: Db | Tx, sessionId: string): Promise<{ start: string | null; end: string | null }> {
  const rows = await db.selectFrom('phase_transitions').select(['to_phase', 'at']).where('session_id', '=', sessionId).execute();
  const start = rows.filter((r) => r.to_phase === 'baseline').map((r) => r.at).sort()[0] ?? null;
  const end = rows.filter((r) => r.to_phase === 'discharged' || r.to_phase === 'aborted').map((r) => r.at).sort()[0] ?? null;
  return { start, end };
}
