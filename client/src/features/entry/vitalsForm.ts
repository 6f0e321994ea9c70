import { type ObservationInput, observationInputSchema } from '../../../../shared/schemas/observation.ts';
import { VITALS, type VitalComponent, type VitalKind, formatRange } from '../../../../shared/vitals/catalogue.ts';
import { type Interpretation, interpretValue } from '../../../../shared/vitals/interpretation.ts';
import { fromTimeInputValue, localIsoWithOffset } from './localTime.ts';

/**
 * The bedside vitals form as pure functions: which fields, in which order, and how what the nurse
 * typed becomes one batch of observations. Ranges, units, labels and messages all come from the
 * shared catalogue and schema, so the form says exactly what the server would.
 */

export const VITAL_FIELD_KEYS = ['systolic', 'diastolic', 'heartRate', 'spo2', 'respiratoryRate', 'temperature', 'pain'] as const;
export type VitalFieldKey = (typeof VITAL_FIELD_KEYS)[number];

export interface VitalField {
  key: VitalFieldKey;
  kind: VitalKind;
  component: VitalComponent;
  /** Tablet keypad: digits only, or digits and a decimal point. */
  inputMode: 'numeric' | 'decimal';
  optional: boolean;
}

function field(key: VitalFieldKey, kind: VitalKind, componentKey: VitalComponent['key'], optional = false): VitalField {
  const component = VITALS[kind].components.find((c) => c.key === componentKey);
  if (!component) throw new Error(`no component ${componentKey} for ${kind}`);
  return { key, kind, component, inputMode: component.precision > 0 ? 'decimal' : 'numeric', optional };
}

/** In the order the form asks for them (and a monitor shows them): BP, HR, SpO₂, RR, then extras. */
export const VITAL_FIELDS: Readonly<Record<VitalFieldKey, VitalField>> = {
  systolic: field('systolic', 'bloodPressure', 'systolic'),
  diastolic: field('diastolic', 'bloodPressure', 'diastolic'),
  heartRate: field('heartRate', 'heartRate', 'value'),
  spo2: field('spo2', 'spo2', 'value'),
  respiratoryRate: field('respiratoryRate', 'respiratoryRate', 'value'),
  temperature: field('temperature', 'temperature', 'value', true),
  pain: field('pain', 'pain', 'value', true),
};

export type VitalValues = Record<VitalFieldKey, string>;

export interface VitalsDraft {
  values: VitalValues;
  /** Supplemental oxygen at the time of the SpO₂ reading (NEWS2 scores it). */
  onOxygen: boolean;
  /** When the nurse started typing this set: the default "taken at" time. */
  startedAt: string | null;
  /** "HH:MM" when the nurse changed the time the readings were taken. */
  takenAt: string | null;
}

export const EMPTY_VALUES: VitalValues = {
  systolic: '',
  diastolic: '',
  heartRate: '',
  spo2: '',
  respiratoryRate: '',
  temperature: '',
  pain: '',
};

export function emptyVitalsDraft(onOxygen = false): VitalsDraft {
  return { values: { ...EMPTY_VALUES }, onOxygen, startedAt: null, takenAt: null };
}

export function isDraftEmpty(draft: VitalsDraft): boolean {
  return VITAL_FIELD_KEYS.every((key) => draft.values[key].trim() === '');
}

export type VitalsErrorKey = VitalFieldKey | 'takenAt' | 'form';
export type VitalsErrors = Partial<Record<VitalsErrorKey, string>>;

export interface OutOfNormal {
  field: VitalFieldKey;
  label: string;
  value: string;
  unitLabel: string;
  interpretation: Exclude<Interpretation, 'normal'>;
  normal: string;
}

export interface VitalsEvaluation {
  /** The batch to send; empty when there are errors. */
  observations: ObservationInput[];
  errors: VitalsErrors;
  /** Readings outside the normal range: recorded after the nurse confirms them, never blocked. */
  outOfNormal: OutOfNormal[];
  /** The set in words, for the list of entries. */
  summary: string;
}

const NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

/** What the nurse typed as a number: a decimal comma is a decimal point; anything else is refused. */
export function parseReading(text: string): number | null | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!NUMBER.test(trimmed)) return 'invalid';
  return Number(trimmed.replace(',', '.'));
}

/** The time the readings were taken: the nurse's "HH:MM", else when they started typing, else now. */
export function takenAtDate(draft: VitalsDraft, now: Date): Date | 'invalid' | 'future' {
  if (draft.takenAt !== null) {
    const date = fromTimeInputValue(draft.takenAt, now);
    if (!date) return 'invalid';
    if (date.getTime() > now.getTime() + 60_000) return 'future';
    return date;
  }
  if (draft.startedAt !== null) {
    const started = new Date(draft.startedAt);
    if (!Number.isNaN(started.getTime()) && started.getTime() <= now.getTime()) return started;
  }
  return now;
}

/**
 * Checks the form and builds the batch. Each observation gets its own client id (the ids make a
 * retry idempotent) and the time with the local offset. Errors are keyed by field, with the
 * shared schema's messages (e.g. the physiological range).
 */
export function evaluateVitals(draft: VitalsDraft, options: { sessionId: string; now: Date; newId: () => string }): VitalsEvaluation {
  const errors: VitalsErrors = {};
  const numbers: Partial<Record<VitalFieldKey, number>> = {};
  for (const key of VITAL_FIELD_KEYS) {
    const parsed = parseReading(draft.values[key]);
    if (parsed === 'invalid') errors[key] = 'must be a number';
    else if (parsed !== null) numbers[key] = parsed;
  }
  const hasSystolic = draft.values.systolic.trim() !== '';
  const hasDiastolic = draft.values.diastolic.trim() !== '';
  if (hasSystolic && !hasDiastolic && !errors.diastolic) errors.diastolic = 'enter the diastolic too';
  if (hasDiastolic && !hasSystolic && !errors.systolic) errors.systolic = 'enter the systolic too';
  if (isDraftEmpty(draft)) errors.form = 'Enter at least one reading';

  const taken = takenAtDate(draft, options.now);
  if (taken === 'invalid') errors.takenAt = 'enter a time as HH:MM';
  else if (taken === 'future') errors.takenAt = 'cannot be in the future';
  const observedAt = taken instanceof Date ? localIsoWithOffset(taken) : localIsoWithOffset(options.now);

  const candidates: Array<{ input: ObservationInput; fields: Partial<Record<string, VitalFieldKey>> }> = [];
  const base = (kind: VitalKind) => ({ id: options.newId(), sessionId: options.sessionId, kind, observedAt, source: 'manual' as const });
  if (numbers.systolic !== undefined && numbers.diastolic !== undefined) {
    candidates.push({
      input: { ...base('bloodPressure'), kind: 'bloodPressure', systolic: numbers.systolic, diastolic: numbers.diastolic },
      fields: { systolic: 'systolic', diastolic: 'diastolic' },
    });
  }
  for (const key of ['heartRate', 'spo2', 'respiratoryRate', 'temperature', 'pain'] as const) {
    const value = numbers[key];
    if (value === undefined) continue;
    const { kind } = VITAL_FIELDS[key];
    const input = { ...base(kind), kind: kind as Exclude<VitalKind, 'bloodPressure'>, value, ...(key === 'spo2' ? { onOxygen: draft.onOxygen } : {}) };
    candidates.push({ input, fields: { value: key } });
  }

  for (const { input, fields } of candidates) {
    const parsed = observationInputSchema.safeParse(input);
    if (parsed.success) continue;
    for (const issue of parsed.error.issues) {
      const path = String(issue.path[0] ?? '');
      const target: VitalsErrorKey = fields[path] ?? (path === 'observedAt' ? 'takenAt' : 'form');
      errors[target] ??= issue.message;
    }
  }

  const outOfNormal: OutOfNormal[] = [];
  for (const key of VITAL_FIELD_KEYS) {
    const value = numbers[key];
    if (value === undefined || errors[key]) continue;
    const { component, kind } = VITAL_FIELDS[key];
    const interpretation = interpretValue(value, component.normal);
    if (interpretation === 'normal') continue;
    const unitLabel = VITALS[kind].unitLabel;
    outOfNormal.push({ field: key, label: component.label, value: draft.values[key].trim(), unitLabel, interpretation, normal: formatRange(component.normal, unitLabel) });
  }

  const hasErrors = Object.keys(errors).length > 0;
  return {
    observations: hasErrors ? [] : candidates.map((candidate) => candidate.input),
    errors,
    outOfNormal: hasErrors ? [] : outOfNormal,
    summary: summarizeVitals(numbers, draft.onOxygen),
  };
}

/** "BP 128/82 · HR 76 · SpO₂ 98 % on air · RR 16". */
export function summarizeVitals(numbers: Partial<Record<VitalFieldKey, number>>, onOxygen: boolean): string {
  const parts: string[] = [];
  if (numbers.systolic !== undefined && numbers.diastolic !== undefined) parts.push(`BP ${numbers.systolic}/${numbers.diastolic}`);
  if (numbers.heartRate !== undefined) parts.push(`HR ${numbers.heartRate}`);
  if (numbers.spo2 !== undefined) parts.push(`SpO₂ ${numbers.spo2} % ${onOxygen ? 'on O₂' : 'on air'}`);
  if (numbers.respiratoryRate !== undefined) parts.push(`RR ${numbers.respiratoryRate}`);
  if (numbers.temperature !== undefined) parts.push(`Temp ${numbers.temperature} °C`);
  if (numbers.pain !== undefined) parts.push(`Pain ${numbers.pain}/10`);
  return parts.join(' · ');
}

/**
 * Maps a server refusal's issue path (`observations.2.value`) back to the form field, given the
 * batch that was sent.
 */
export function fieldForIssuePath(path: string, observations: readonly ObservationInput[]): VitalsErrorKey {
  const [head, indexText, component] = path.split('.');
  if (head !== 'observations' || indexText === undefined) return 'form';
  const observation = observations[Number(indexText)];
  if (!observation) return 'form';
  if (observation.kind === 'bloodPressure') return component === 'diastolic' ? 'diastolic' : 'systolic';
  if (component === 'observedAt') return 'takenAt';
  const key = (Object.keys(VITAL_FIELDS) as VitalFieldKey[]).find((candidate) => VITAL_FIELDS[candidate].kind === observation.kind);
  return key ?? 'form';
}

/** A stored draft this version can read. */
export function isVitalsDraft(value: unknown): value is VitalsDraft {
  if (typeof value !== 'object' || value === null) return false;
  const draft = value as Partial<VitalsDraft>;
  const values = draft.values as Partial<VitalValues> | undefined;
  return (
    typeof values === 'object' &&
    values !== null &&
    VITAL_FIELD_KEYS.every((key) => typeof values[key] === 'string') &&
    typeof draft.onOxygen === 'boolean' &&
    (draft.startedAt === null || typeof draft.startedAt === 'string') &&
    (draft.takenAt === null || typeof draft.takenAt === 'string')
  );
}

/** A refused batch back into the form, so the nurse can correct it rather than type it again. */
export function draftFromObservations(observations: readonly ObservationInput[]): VitalsDraft {
  const draft = emptyVitalsDraft();
  // Keep the time the readings were taken, not the time they are sent again.
  const takenAt = observations[0] ? new Date(observations[0].observedAt) : null;
  if (takenAt && !Number.isNaN(takenAt.getTime())) draft.startedAt = takenAt.toISOString();
  for (const observation of observations) {
    if (observation.kind === 'bloodPressure') {
      draft.values.systolic = String(observation.systolic);
      draft.values.diastolic = String(observation.diastolic);
      continue;
    }
    const key = VITAL_FIELD_KEYS.find((candidate) => VITAL_FIELDS[candidate].kind === observation.kind);
    if (key) draft.values[key] = String(observation.value);
    if (observation.kind === 'spo2' && observation.onOxygen !== undefined) draft.onOxygen = observation.onOxygen;
  }
  return draft;
}
