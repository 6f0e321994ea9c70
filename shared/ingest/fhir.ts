/**
 * The FHIR R4 reader: an Observation, or a Bundle of them, into catalogue readings.
 *
 * - Codes: LOINC (`http://loinc.org`) or MDC (`urn:iso:std:iso:11073:10101`) codings, first known wins.
 * - Units: `valueQuantity.code` in UCUM. `unit` is display text only and is never read.
 * - Blood pressure: the panel 85354-9 with components 8480-6 (systolic) and 8462-4 (diastolic).
 * - Time: `effectiveDateTime`, `effectiveInstant` or `effectivePeriod.start`. **A date with no time
 *   (`1999-07-02`) is read as 12:00 on that day in the import's time zone, marked as assumed, with
 *   a warning** — noon keeps the calendar day whatever the zone; a year or year-month is refused.
 */
import { BP_PANEL_LOINC, type CodeTarget, type Coding, LOINC_SYSTEM, MDC_SYSTEM, UCUM_SYSTEM, describeCodings, targetForCodings, unitAccepted, unitFromText } from './codes.ts';
import { type TimeResult, noonOfDate, parseIsoTime } from './time.ts';
import type { IngestIssue, IngestReading } from './types.ts';

export interface FhirRow {
  reading: IngestReading;
  /** `subject.identifier.value` (an MRN), when the Observation carries one. */
  patientIds: string[];
}

export type FhirReadResult = { ok: true; rows: FhirRow[]; issues: IngestIssue[] } | { ok: false; issues: IngestIssue[] };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const MAX_ENTRIES = 5000;

export function readFhir(text: string, defaultZone: string): FhirReadResult {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, issues: [{ location: 'file', code: 'malformed_json', message: 'the file is not valid JSON', severity: 'error' }] };
  }
  if (!isObject(json)) return { ok: false, issues: [{ location: 'file', code: 'not_fhir', message: 'expected a FHIR resource (a JSON object)', severity: 'error' }] };
  const resources: Array<{ resource: unknown; location: string }> = [];
  if (json.resourceType === 'Bundle') {
    const entries = Array.isArray(json.entry) ? json.entry : [];
    if (entries.length > MAX_ENTRIES) {
      return { ok: false, issues: [{ location: 'file', code: 'too_many_entries', message: `a bundle may hold at most ${MAX_ENTRIES} entries`, severity: 'error' }] };
    }
    for (const [i, entry] of entries.entries()) resources.push({ resource: isObject(entry) ? entry.resource : undefined, location: `entry ${i + 1}` });
  } else if (json.resourceType === 'Observation') {
    resources.push({ resource: json, location: 'Observation' });
  } else {
    return { ok: false, issues: [{ location: 'file', code: 'not_fhir', message: `expected an Observation or a Bundle, not ${str(json.resourceType) || 'an object without resourceType'}`, severity: 'error' }] };
  }
  const rows: FhirRow[] = [];
  const issues: IngestIssue[] = [];
  for (const { resource, location } of resources) readObservation(resource, location, defaultZone, rows, issues);
  return { ok: true, rows, issues };
}

function codings(concept: unknown): Coding[] {
  if (!isObject(concept) || !Array.isArray(concept.coding)) return [];
  return concept.coding.filter(isObject).map((c) => ({ code: str(c.code).trim(), display: str(c.display).trim(), system: str(c.system).trim() }));
}

function readObservation(resource: unknown, where: string, zone: string, rows: FhirRow[], issues: IngestIssue[]): void {
  const issue = (code: string, message: string, severity: IngestIssue['severity'], location = where): void => {
    issues.push({ location, code, message, severity });
  };
  if (!isObject(resource) || resource.resourceType !== 'Observation') {
    issue('not_an_observation', `${isObject(resource) ? str(resource.resourceType) || 'a resource' : 'no resource'} is not an Observation`, 'skipped');
    return;
  }
  const location = typeof resource.id === 'string' ? `${where} (${resource.id.slice(0, 64)})` : where;
  const status = str(resource.status);
  if (status === 'entered-in-error' || status === 'cancelled') {
    issue('withdrawn', `status ${status}`, 'skipped', location);
    return;
  }
  if (status === 'registered') {
    issue('no_result', 'status registered: no result yet', 'skipped', location);
    return;
  }
  if (resource.dataAbsentReason !== undefined) {
    issue('data_absent', 'the device gave no value (dataAbsentReason)', 'skipped', location);
    return;
  }
  const code = codings(resource.code);
  const time = effectiveTime(resource, zone);
  if (!time.result.ok) {
    issue(time.result.code, `${time.source}: ${time.result.message}`, 'error', location);
    return;
  }
  const readTime = time.result.time;
  if (time.dateOnly) {
    issue('date_only_time', `${time.source} is a date only; read as 12:00 in ${zone}`, 'warning', location);
  }
  const subject = isObject(resource.subject) && isObject(resource.subject.identifier) ? str(resource.subject.identifier.value).trim() : '';
  const patientIds = subject ? [subject] : [];
  const base = {
    observedAt: readTime.iso,
    timeAssumedZone: readTime.assumedZone,
    timeSource: time.source,
    sentinel: false,
    location,
    flags: [],
  };

  const isPanel = code.some((c) => (c.system === LOINC_SYSTEM && c.code === BP_PANEL_LOINC) || (c.system === MDC_SYSTEM && c.code === '150020'));
  if (isPanel) {
    const parts: Partial<Record<'systolic' | 'diastolic', { value: number; unit: string }>> = {};
    const components = Array.isArray(resource.component) ? resource.component : [];
    for (const [i, component] of components.entries()) {
      const at = `${location}.component ${i + 1}`;
      if (!isObject(component)) {
        issue('invalid_value', 'component is not an object', 'error', at);
        continue;
      }
      const target = targetForCodings(codings(component.code));
      if (target?.kind !== 'bloodPressure') {
        issue('unmapped_code', `${describeCodings(codings(component.code))} is not a blood-pressure component`, 'skipped', at);
        continue;
      }
      if (component.dataAbsentReason !== undefined) {
        issue('data_absent', `${target.key}: no value (dataAbsentReason)`, 'skipped', at);
        continue;
      }
      const quantity = readQuantity(component.valueQuantity, target);
      if (!quantity.ok) {
        issue(quantity.code, quantity.message, 'error', at);
        continue;
      }
      if (parts[target.key as 'systolic' | 'diastolic']) {
        issue('duplicate_row', `a second ${target.key} component`, 'error', at);
        continue;
      }
      parts[target.key as 'systolic' | 'diastolic'] = quantity;
    }
    const { systolic, diastolic } = parts;
    if (!systolic || !diastolic) {
      issue('incomplete_blood_pressure', `the panel has ${systolic ? 'no diastolic' : diastolic ? 'no systolic' : 'neither systolic nor diastolic'} value`, 'error', location);
      return;
    }
    if (systolic.unit !== diastolic.unit) {
      issue('unmapped_unit', 'systolic and diastolic come in different units', 'error', location);
      return;
    }
    rows.push({
      reading: { ...base, key: `LN:${BP_PANEL_LOINC}|${readTime.utc}`, kind: 'bloodPressure', values: { systolic: systolic.value, diastolic: diastolic.value }, unit: systolic.unit, channel: '', code: `LN:${BP_PANEL_LOINC}` },
      patientIds,
    });
    return;
  }

  const target = targetForCodings(code);
  if (!target) {
    issue('unmapped_code', `${describeCodings(code)} is not a vital sign the catalogue knows`, 'error', location);
    return;
  }
  if (target.kind === 'bloodPressure') {
    issue('incomplete_blood_pressure', `${target.key} on its own; send the panel ${BP_PANEL_LOINC} with both components`, 'error', location);
    return;
  }
  const quantity = readQuantity(resource.valueQuantity, target);
  if (!quantity.ok) {
    issue(quantity.code, quantity.message, 'error', location);
    return;
  }
  rows.push({
    reading: { ...base, key: `${target.code}|${readTime.utc}`, kind: target.kind, values: { value: quantity.value }, unit: quantity.unit, channel: '', code: target.code },
    patientIds,
  });
}

function readQuantity(quantity: unknown, target: CodeTarget): { ok: true; value: number; unit: string } | { ok: false; code: string; message: string } {
  if (!isObject(quantity)) return { ok: false, code: 'invalid_value', message: `${target.key}: no valueQuantity` };
  const value = quantity.value;
  if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, code: 'invalid_value', message: `${target.key}: valueQuantity.value is not a number` };
  const system = str(quantity.system);
  if (system && system !== UCUM_SYSTEM) return { ok: false, code: 'unmapped_unit', message: `${target.key}: unit system ${system.slice(0, 80)} is not UCUM` };
  const code = str(quantity.code);
  if (!code) {
    return { ok: false, code: 'unmapped_unit', message: `${target.key}: valueQuantity has no UCUM code (unit "${str(quantity.unit).slice(0, 40)}" is display text only)` };
  }
  const ucum = unitFromText(code);
  if (!ucum.ok) return { ok: false, code: 'unmapped_unit', message: `${target.key}: ${ucum.message}` };
  const accepted = unitAccepted(target.kind, ucum.ucum);
  if (!accepted.ok) return { ok: false, code: 'unmapped_unit', message: `${target.key}: ${accepted.message}` };
  return { ok: true, value, unit: accepted.unit };
}

function effectiveTime(resource: Json, zone: string): { result: TimeResult; source: string; dateOnly: boolean } {
  const period = isObject(resource.effectivePeriod) ? str(resource.effectivePeriod.start) : '';
  const [source, value] =
    typeof resource.effectiveDateTime === 'string'
      ? ['effectiveDateTime', resource.effectiveDateTime]
      : typeof resource.effectiveInstant === 'string'
        ? ['effectiveInstant', resource.effectiveInstant]
        : period
          ? ['effectivePeriod.start', period]
          : ['effective', ''];
  if (!value) return { result: { ok: false, code: 'invalid_time', message: 'the Observation has no effective time' }, source, dateOnly: false };
  if (/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return { result: noonOfDate(value, zone), source, dateOnly: true };
  return { result: parseIsoTime(value, zone), source, dateOnly: false };
}
