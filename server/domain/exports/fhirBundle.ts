import type { Kysely } from 'kysely';
import type { Observation } from '../../../shared/schemas/observation.ts';
import type { SessionSummary } from '../../../shared/schemas/session.ts';
import type { SideEffectNote } from '../../../shared/schemas/sideEffect.ts';
import { SIDE_EFFECTS } from '../../../shared/sideEffects/catalogue.ts';
import { SCALES } from '../../../shared/sideEffects/scales.ts';
import { toSourceLocalIso } from '../../../shared/time.ts';
import { VITALS } from '../../../shared/vitals/catalogue.ts';
import type { Database } from '../../db/schema.ts';
import { toObservation, toPatient, toSideEffect } from '../mappers.ts';
import { getSessionSummary } from '../sessionQueries.ts';

/**
 * A session as a FHIR R4 Bundle: Patient, Encounter, and Observations on the vital-signs profile
 * (LOINC codes, UCUM units, blood pressure as the 85354-9 panel with systolic and diastolic
 * components). Side effects go out as Observations carrying their severity and scale score.
 */
type Resource = Record<string, unknown> & { resourceType: string; id: string };

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const SNOMED = 'http://snomed.info/sct';
const VITAL_SIGNS_CATEGORY = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs', display: 'Vital Signs' }] }];
const SURVEY_CATEGORY = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' }] }];
export const SIDE_EFFECT_SYSTEM = 'urn:chairside:side-effect';
export const SCALE_SYSTEM = 'urn:chairside:scale';

const SEVERITY_SNOMED = {
  mild: { code: '255604002', display: 'Mild' },
  moderate: { code: '6736007', display: 'Moderate' },
  severe: { code: '24484000', display: 'Severe' },
} as const;

const PROFILE: Readonly<Record<Observation['kind'], string | null>> = {
  heartRate: 'http://hl7.org/fhir/StructureDefinition/heartrate',
  spo2: 'http://hl7.org/fhir/StructureDefinition/oxygensat',
  bloodPressure: 'http://hl7.org/fhir/StructureDefinition/bp',
  meanArterialPressure: 'http://hl7.org/fhir/StructureDefinition/vitalsigns',
  respiratoryRate: 'http://hl7.org/fhir/StructureDefinition/resprate',
  temperature: 'http://hl7.org/fhir/StructureDefinition/bodytemp',
  etco2: null,
  pain: null,
};

const effective = (utc: string, offset: number) => toSourceLocalIso({ utc, offsetMinutes: offset }).replace(/\.000(?=[+-])/, '');

const quantity = (value: number, unit: string, display: string) => ({ value, unit: display, system: UCUM, code: unit });

function observationResource(o: Observation, patientRef: string, encounterRef: string): Resource {
  const definition = VITALS[o.kind];
  const base: Resource = {
    resourceType: 'Observation',
    id: o.id,
    status: o.status === 'entered-in-error' ? 'entered-in-error' : o.status,
    subject: { reference: patientRef },
    encounter: { reference: encounterRef },
    effectiveDateTime: effective(o.observedAt, o.observedOffsetMinutes),
    issued: o.recordedAt,
    performer: [{ display: o.recordedByName }],
  };
  const profile = PROFILE[o.kind];
  if (profile) base.meta = { profile: [profile] };
  const isVital = profile !== null;
  base.category = isVital ? VITAL_SIGNS_CATEGORY : SURVEY_CATEGORY;
  if (o.kind === 'bloodPressure') {
    const [sys, dia] = definition.components;
    base.code = { coding: [{ system: LOINC, code: definition.panelLoinc, display: 'Blood pressure panel with all children optional' }], text: 'Blood pressure' };
    base.component = [
      { code: { coding: [{ system: LOINC, code: sys?.loinc }], text: 'Systolic blood pressure' }, valueQuantity: quantity(o.value, definition.unit, 'mmHg') },
      { code: { coding: [{ system: LOINC, code: dia?.loinc }], text: 'Diastolic blood pressure' }, valueQuantity: quantity(o.value2 ?? 0, definition.unit, 'mmHg') },
    ];
    return base;
  }
  const component = definition.components[0];
  const codings = [{ system: LOINC, code: component?.loinc, display: component?.label }];
  // US Core pulse oximetry carries both codes.
  if (o.kind === 'spo2') codings.unshift({ system: LOINC, code: '2708-6', display: 'Oxygen saturation in Arterial blood' });
  base.code = { coding: codings, text: definition.label };
  base.valueQuantity = quantity(o.value, definition.unit, definition.unitLabel);
  return base;
}

function sideEffectResource(n: SideEffectNote, patientRef: string, encounterRef: string): Resource {
  const resource: Resource = {
    resourceType: 'Observation',
    id: n.id,
    status: n.status === 'entered-in-error' ? 'entered-in-error' : n.status,
    category: SURVEY_CATEGORY,
    code: { coding: [{ system: SIDE_EFFECT_SYSTEM, code: n.kind, display: SIDE_EFFECTS[n.kind].label }], text: SIDE_EFFECTS[n.kind].label },
    subject: { reference: patientRef },
    encounter: { reference: encounterRef },
    effectiveDateTime: effective(n.observedAt, n.observedOffsetMinutes),
    issued: n.recordedAt,
    performer: [{ display: n.recordedByName }],
    valueCodeableConcept: n.severity === 'none' ? { text: 'None' } : { coding: [{ system: SNOMED, ...SEVERITY_SNOMED[n.severity] }], text: SEVERITY_SNOMED[n.severity].display },
  };
  if (n.scale && n.score !== null) {
    resource.component = [{ code: { coding: [{ system: SCALE_SYSTEM, code: n.scale, display: SCALES[n.scale].name }] }, valueInteger: n.score }];
  }
  if (n.note) resource.note = [{ text: n.note }];
  return resource;
}

function encounterResource(session: SessionSummary, patientRef: string): Resource {
  const end = session.transitions.find((t) => t.to === 'discharged' || t.to === 'aborted')?.at;
  const start = session.transitions.find((t) => t.to === 'baseline')?.at ?? session.createdAt;
  return {
    resourceType: 'Encounter',
    id: session.id,
    status: end ? 'finished' : session.phase === 'scheduled' ? 'planned' : 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
    subject: { reference: patientRef },
    period: end ? { start, end } : { start },
    location: [{ location: { display: `${session.chair.label}${session.chair.room ? `, ${session.chair.room}` : ''}` } }],
    participant: [{ individual: { display: session.nurse.name } }, { individual: { display: session.physician.name } }],
  };
}

export async function sessionFhirBundle(db: Kysely<Database>, sessionId: string): Promise<Resource> {
  const session = await getSessionSummary(db, sessionId);
  const patientRow = await db.selectFrom('patients').selectAll().where('id', '=', session.patient.id).executeTakeFirstOrThrow();
  const patient = toPatient(patientRow);
  const [observations, notes] = await Promise.all([
    db.selectFrom('observations as o').innerJoin('users as u', 'u.id', 'o.recorded_by').selectAll('o').select('u.display_name as recorded_by_name').where('o.session_id', '=', sessionId).orderBy('o.observed_at').execute(),
    db.selectFrom('side_effects as e').innerJoin('users as u', 'u.id', 'e.recorded_by').selectAll('e').select('u.display_name as recorded_by_name').where('e.session_id', '=', sessionId).orderBy('e.observed_at').execute(),
  ]);
  const patientRef = `Patient/${patient.id}`;
  const encounterRef = `Encounter/${session.id}`;
  const resources: Resource[] = [
    {
      resourceType: 'Patient',
      id: patient.id,
      identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, value: patient.mrn }],
      name: [{ text: patient.name }],
      birthDate: patient.dateOfBirth,
    },
    encounterResource(session, patientRef),
    // Superseded versions stay in the record; the bundle carries the current ones and the withdrawn.
    ...observations.map(toObservation).filter((o) => o.supersededById === null).map((o) => observationResource(o, patientRef, encounterRef)),
    ...notes.map(toSideEffect).filter((n) => n.supersededById === null).map((n) => sideEffectResource(n, patientRef, encounterRef)),
  ];
  return {
    resourceType: 'Bundle',
    id: `session-${session.id}`,
    type: 'collection',
    timestamp: new Date().toISOString(),
    entry: resources.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource })),
  };
}
