import type { Selectable } from 'kysely';
import type { Role } from '../../shared/auth/permissions.ts';
import type { Observation, ObservationSource, RecordStatus } from '../../shared/schemas/observation.ts';
import type { Patient } from '../../shared/schemas/patient.ts';
import type { InfusionEvent } from '../../shared/schemas/session.ts';
import type { SideEffectNote } from '../../shared/schemas/sideEffect.ts';
import type { InfusionEventKind } from '../../shared/session/phase.ts';
import type { Severity, SideEffectKind } from '../../shared/sideEffects/catalogue.ts';
import type { ScaleId } from '../../shared/sideEffects/scales.ts';
import type { VitalKind } from '../../shared/vitals/catalogue.ts';
import type { Interpretations } from '../../shared/vitals/interpretation.ts';
import type { InfusionEventsTable, ObservationsTable, PatientsTable, SideEffectsTable } from '../db/schema.ts';

/** Row → the one shape clients see. Every read path goes through these. */

export type WithRecorder<T> = T & { recorded_by_name: string };

export function toObservation(row: WithRecorder<Selectable<ObservationsTable>>): Observation {
  return {
    id: row.id,
    sessionId: row.session_id,
    kind: row.kind as VitalKind,
    value: row.value,
    value2: row.value2,
    unit: row.unit,
    interpretation: JSON.parse(row.interpretation) as Interpretations,
    abnormal: row.abnormal === 1,
    observedAt: row.observed_at,
    observedOffsetMinutes: row.observed_offset,
    recordedAt: row.recorded_at,
    source: row.source as ObservationSource,
    deviceId: row.device_id,
    onOxygen: row.on_oxygen === null ? null : row.on_oxygen === 1,
    sourceValue: row.source_value,
    sourceValue2: row.source_value2,
    sourceUnit: row.source_unit,
    recordedBy: row.recorded_by,
    recordedByName: row.recorded_by_name,
    status: row.status as RecordStatus,
    amendsId: row.amends_id,
    supersededById: row.superseded_by_id,
    statusReason: row.status_reason,
  };
}

export function toSideEffect(row: WithRecorder<Selectable<SideEffectsTable>>): SideEffectNote {
  return {
    id: row.id,
    sessionId: row.session_id,
    kind: row.kind as SideEffectKind,
    severity: row.severity as Severity,
    scale: row.scale as ScaleId | null,
    score: row.score,
    note: row.note,
    observedAt: row.observed_at,
    observedOffsetMinutes: row.observed_offset,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by,
    recordedByName: row.recorded_by_name,
    status: row.status as RecordStatus,
    amendsId: row.amends_id,
    supersededById: row.superseded_by_id,
    statusReason: row.status_reason,
  };
}

export function toInfusionEvent(row: WithRecorder<Selectable<InfusionEventsTable>>): InfusionEvent {
  return {
    id: row.id,
    sessionId: row.session_id,
    kind: row.kind as InfusionEventKind,
    at: row.at,
    atOffsetMinutes: row.at_offset,
    rateMgPerHour: row.rate_mg_per_hour,
    drug: row.drug,
    dose: row.dose,
    doseUnit: row.dose_unit,
    route: row.route,
    reason: row.reason,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by,
    recordedByName: row.recorded_by_name,
  };
}

export function toPatient(row: Selectable<PatientsTable>): Patient {
  return {
    id: row.id,
    mrn: row.mrn,
    name: row.name,
    dateOfBirth: row.date_of_birth,
    weightKg: row.weight_kg,
    allergies: JSON.parse(row.allergies) as string[],
    createdAt: row.created_at,
  };
}

export function parseRoles(text: string): Role[] {
  return JSON.parse(text) as Role[];
}
