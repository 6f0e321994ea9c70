import { type PatientInput, patientInputSchema } from '../../../../shared/schemas/patient.ts';
import { type SessionInput, sessionInputSchema } from '../../../../shared/schemas/session.ts';
import { type Indication, infusionRateMgPerHour, totalDoseMg } from '../../../../shared/session/protocol.ts';
import { fromTimeInputValue, localIsoWithOffset } from '../entry/localTime.ts';

/** Scheduling a session as pure functions: the protocol preview and the request, checked by the shared schemas. */

export interface ScheduleDraft {
  patientId: string | null;
  chairId: string | null;
  indication: Indication | null;
  indicationOther: string;
  doseMgPerKg: string;
  plannedMinutes: string;
  nurseId: string;
  physicianId: string;
  /** Optional "HH:MM" today. */
  startTime: string;
}

export const DEFAULT_DOSE_MG_PER_KG = '0.5';
export const DEFAULT_MINUTES = '40';

export function emptyScheduleDraft(nurseId = '', physicianId = ''): ScheduleDraft {
  return {
    patientId: null,
    chairId: null,
    indication: null,
    indicationOther: '',
    doseMgPerKg: DEFAULT_DOSE_MG_PER_KG,
    plannedMinutes: DEFAULT_MINUTES,
    nurseId,
    physicianId,
    startTime: '',
  };
}

export type ScheduleErrorKey = 'patientId' | 'chairId' | 'indication' | 'indicationOther' | 'doseMgPerKg' | 'plannedInfusionMinutes' | 'nurseId' | 'physicianId' | 'scheduledFor' | 'form';
export type ScheduleErrors = Partial<Record<ScheduleErrorKey, string>>;

const FRIENDLY_REQUIRED: Partial<Record<ScheduleErrorKey, string>> = {
  patientId: 'choose or add the patient',
  chairId: 'choose a chair',
  indication: 'choose the indication',
  nurseId: 'choose the nurse',
  physicianId: 'choose the physician',
};

/** A decimal as typed on a tablet (comma or point); NaN when it is not one, undefined when empty. */
export function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^\d+([.,]\d+)?$/.test(trimmed) ? Number(trimmed.replace(',', '.')) : Number.NaN;
}

export interface DosePreview {
  totalMg: number;
  rateMgPerHour: number | null;
}

/** What the protocol comes to for this patient, with the shared arithmetic the server stores. */
export function dosePreview(doseText: string, minutesText: string, weightKg: number | undefined): DosePreview | null {
  const dose = parseDecimal(doseText);
  if (weightKg === undefined || dose === undefined || Number.isNaN(dose) || dose <= 0) return null;
  const totalMg = totalDoseMg(dose, weightKg);
  const minutes = parseDecimal(minutesText);
  return { totalMg, rateMgPerHour: minutes !== undefined && Number.isInteger(minutes) && minutes > 0 ? infusionRateMgPerHour(totalMg, minutes) : null };
}

export function buildSessionInput(draft: ScheduleDraft, options: { newId: () => string; now: Date }): { input: SessionInput | null; errors: ScheduleErrors } {
  const errors: ScheduleErrors = {};
  const dose = parseDecimal(draft.doseMgPerKg);
  const minutes = parseDecimal(draft.plannedMinutes);
  if (Number.isNaN(dose)) errors.doseMgPerKg = 'must be a number';
  if (Number.isNaN(minutes)) errors.plannedInfusionMinutes = 'must be a whole number of minutes';
  // The schema's own check of this runs only once every field parses, so a nurse fixing the dose
  // would be sent back a second time for the indication's name.
  if (draft.indication === 'other' && draft.indicationOther.trim() === '') errors.indicationOther = 'name the indication';
  let scheduledFor: string | undefined;
  if (draft.startTime.trim() !== '') {
    const at = fromTimeInputValue(draft.startTime.trim(), options.now);
    if (!at) errors.scheduledFor = 'enter a time as HH:MM';
    else scheduledFor = localIsoWithOffset(at);
  }
  const candidate = {
    id: options.newId(),
    patientId: draft.patientId ?? undefined,
    chairId: draft.chairId ?? undefined,
    indication: draft.indication ?? undefined,
    ...(draft.indication === 'other' ? { indicationOther: draft.indicationOther.trim() || undefined } : {}),
    doseMgPerKg: dose,
    plannedInfusionMinutes: minutes,
    nurseId: draft.nurseId || undefined,
    physicianId: draft.physicianId || undefined,
    ...(scheduledFor ? { scheduledFor } : {}),
  };
  const parsed = sessionInputSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = String(issue.path[0] ?? 'form') as ScheduleErrorKey;
      const key: ScheduleErrorKey = path in FRIENDLY_REQUIRED || isScheduleKey(path) ? path : 'form';
      errors[key] ??= issue.message === 'required' || issue.code === 'invalid_value' ? (FRIENDLY_REQUIRED[key] ?? issue.message) : issue.message;
    }
  }
  if (Object.keys(errors).length > 0) return { input: null, errors };
  return { input: candidate as SessionInput, errors };
}

function isScheduleKey(path: string): path is ScheduleErrorKey {
  return ['patientId', 'chairId', 'indication', 'indicationOther', 'doseMgPerKg', 'plannedInfusionMinutes', 'nurseId', 'physicianId', 'scheduledFor'].includes(path);
}

export interface NewPatientDraft {
  mrn: string;
  name: string;
  dateOfBirth: string;
  weightKg: string;
  allergies: string;
}

export const EMPTY_PATIENT: NewPatientDraft = { mrn: '', name: '', dateOfBirth: '', weightKg: '', allergies: '' };

export type PatientErrors = Partial<Record<keyof NewPatientDraft | 'form', string>>;

export function buildPatientInput(draft: NewPatientDraft, newId: () => string): { input: PatientInput | null; errors: PatientErrors } {
  const weight = parseDecimal(draft.weightKg);
  const candidate = {
    id: newId(),
    mrn: draft.mrn,
    name: draft.name,
    dateOfBirth: draft.dateOfBirth,
    weightKg: weight,
    allergies: draft.allergies
      .split(/[,;\n]/)
      .map((item) => item.trim())
      .filter(Boolean),
  };
  const errors: PatientErrors = {};
  if (Number.isNaN(weight)) errors.weightKg = 'must be a number';
  if (draft.dateOfBirth.trim() === '') errors.dateOfBirth = 'required';
  const parsed = patientInputSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = String(issue.path[0] ?? 'form');
      const key = (['mrn', 'name', 'dateOfBirth', 'weightKg', 'allergies'].includes(path) ? path : 'form') as keyof PatientErrors;
      errors[key] ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0) return { input: null, errors };
  return { input: candidate as PatientInput, errors };
}
