import type { ApiIssue } from '../../../../../shared/schemas/common.ts';
import type { AlarmSettings, AlarmSettingsOverride } from '../../../../../shared/alarms/settings.ts';

/**
 * The alarm-limit form: every setting of the shared schema by its dotted path
 * (`heartRate.highAbove`, `reannounceMinutes`), as the API names them in its issues. Pure.
 */
type GroupKey = 'heartRate' | 'systolic' | 'diastolic' | 'spo2' | 'respiratoryRate' | 'temperature' | 'relative' | 'delaysSeconds';
type ScalarKey = 'reannounceMinutes' | 'escalateAfterMinutes' | 'deviceStaleSeconds';

export interface LimitField {
  path: string;
  label: string;
  unit: string;
}

export interface LimitGroup {
  id: string;
  title: string;
  note?: string;
  fields: readonly LimitField[];
}

/** How a threshold reads on the form: "High above 130" alarms from 131. */
const BAND_LABELS = {
  highAbove: 'High above',
  mediumAbove: 'Medium above',
  mediumBelow: 'Medium below',
  highBelow: 'High below',
} as const;
type Band = keyof typeof BAND_LABELS;
type VitalKey = Exclude<GroupKey, 'relative' | 'delaysSeconds'>;
type Labelled<Key extends string> = { readonly [K in Key]: readonly [label: string, unit: string] };

/** From the highest priority above to the highest below, as the NEWS2 bands run. */
const ALL_BANDS = ['highAbove', 'mediumAbove', 'mediumBelow', 'highBelow'] as const;

/** A vital's thresholds in the order given; `component` names the pressure where a vital has two. */
function bands<K extends VitalKey>(group: K, unit: string, order: readonly (keyof AlarmSettings[K] & Band)[], component?: string): LimitField[] {
  return order.map((band) => ({
    path: `${group}.${band}`,
    label: component ? `${component} ${BAND_LABELS[band].toLowerCase()}` : BAND_LABELS[band],
    unit,
  }));
}

/** Every setting of a group, each named for the form; the type insists none is left off. */
function settingsOf<K extends 'relative' | 'delaysSeconds'>(group: K, labels: Labelled<keyof AlarmSettings[K] & string>): LimitField[] {
  return Object.entries<readonly [string, string]>(labels).map(([key, [label, unit]]) => ({ path: `${group}.${key}`, label, unit }));
}

function scalars(labels: Labelled<ScalarKey>): LimitField[] {
  return Object.entries<readonly [string, string]>(labels).map(([path, [label, unit]]) => ({ path, label, unit }));
}

export const LIMIT_GROUPS: readonly LimitGroup[] = [
  { id: 'heartRate', title: 'Heart rate', fields: bands('heartRate', '/min', ALL_BANDS) },
  {
    id: 'bloodPressure',
    title: 'Blood pressure',
    fields: [...bands('systolic', 'mmHg', ['highAbove', 'highBelow'], 'Systolic'), ...bands('diastolic', 'mmHg', ['highAbove'], 'Diastolic')],
  },
  { id: 'spo2', title: 'SpO₂', fields: bands('spo2', '%', ['mediumBelow', 'highBelow']) },
  { id: 'respiratoryRate', title: 'Respiratory rate', fields: bands('respiratoryRate', '/min', ALL_BANDS) },
  { id: 'temperature', title: 'Temperature', fields: bands('temperature', '°C', ['mediumAbove', 'mediumBelow']) },
  {
    id: 'relative',
    title: 'Rise over the session’s baseline (medium)',
    note: 'Systolic alarms past the smaller of the two rises.',
    fields: settingsOf('relative', {
      systolicRisePercent: ['Systolic rise', '%'],
      systolicRiseMmHg: ['Systolic rise', 'mmHg'],
      diastolicRiseMmHg: ['Diastolic rise', 'mmHg'],
    }),
  },
  {
    id: 'delaysSeconds',
    title: 'Monitor delays (artefact filter)',
    note: 'How long a monitor value must stay out of range before it alarms; a manual entry alarms at once.',
    fields: settingsOf('delaysSeconds', { spo2High: ['SpO₂ high priority', 's'], spo2Medium: ['SpO₂ medium priority', 's'], other: ['Other vitals', 's'] }),
  },
  {
    id: 'timing',
    title: 'Reminders and escalation',
    note: 'A persisting alarm comes back after acknowledgement; an unanswered high alarm goes to every screen.',
    fields: scalars({
      reannounceMinutes: ['Re-announce after acknowledgement', 'min'],
      escalateAfterMinutes: ['Escalate unanswered high alarms after', 'min'],
      deviceStaleSeconds: ['Monitor feed lost after', 's'],
    }),
  },
];

export const LIMIT_FIELDS: readonly LimitField[] = LIMIT_GROUPS.flatMap((group) => group.fields);

export type LimitValues = Record<string, string>;
export type LimitErrors = Record<string, string>;

function split(path: string): [string, string | null] {
  const [head = '', tail] = path.split('.');
  return [head, tail ?? null];
}

/** The value at a dotted path of a (partial) settings object. */
export function valueAt(settings: AlarmSettings | AlarmSettingsOverride | null | undefined, path: string): number | undefined {
  if (!settings) return undefined;
  const [head, tail] = split(path);
  const top = (settings as Record<string, unknown>)[head];
  if (tail === null) return typeof top === 'number' ? top : undefined;
  const nested = top && typeof top === 'object' ? (top as Record<string, unknown>)[tail] : undefined;
  return typeof nested === 'number' ? nested : undefined;
}

/** Settings as the form's text values. */
export function toValues(settings: AlarmSettings): LimitValues {
  const values: LimitValues = {};
  for (const { path } of LIMIT_FIELDS) {
    const value = valueAt(settings, path);
    values[path] = value === undefined ? '' : String(value);
  }
  return values;
}

/** The form's text as numbers; a field that is not a number gets a message instead. */
export function parseValues(values: LimitValues): { numbers: Record<string, number>; errors: LimitErrors } {
  const numbers: Record<string, number> = {};
  const errors: LimitErrors = {};
  for (const { path } of LIMIT_FIELDS) {
    const text = (values[path] ?? '').trim().replace(',', '.');
    const number = Number(text);
    if (text === '' || !Number.isFinite(number)) errors[path] = 'Enter a number';
    else numbers[path] = number;
  }
  return { numbers, errors };
}

/** Every setting, for the clinic (the server keeps them as the clinic's own over the defaults). */
export function clinicBody(numbers: Record<string, number>): AlarmSettingsOverride {
  const body: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(numbers)) {
    const [head, tail] = split(path);
    if (tail === null) body[head] = value;
    else body[head] = { ...((body[head] as Record<string, number> | undefined) ?? {}), [tail]: value };
  }
  return body as AlarmSettingsOverride;
}

const GROUP_KEYS: readonly GroupKey[] = ['heartRate', 'systolic', 'diastolic', 'spo2', 'respiratoryRate', 'temperature', 'relative', 'delaysSeconds'];
const SCALAR_KEYS: readonly ScalarKey[] = ['reannounceMinutes', 'escalateAfterMinutes', 'deviceStaleSeconds'];

/**
 * A session's override: only what differs from the clinic. The server replaces each group it is
 * sent, so every group goes (empty when nothing in it differs, which clears an earlier change). A
 * timing value cannot be cleared once set: it is sent at the clinic's value, and stays pinned there.
 */
export function overrideBody(numbers: Record<string, number>, clinic: AlarmSettings, previous: AlarmSettingsOverride | null): AlarmSettingsOverride {
  const body: Record<string, unknown> = {};
  for (const group of GROUP_KEYS) body[group] = {};
  for (const [path, value] of Object.entries(numbers)) {
    const [head, tail] = split(path);
    const differs = valueAt(clinic, path) !== value;
    if (tail === null) {
      if (differs || valueAt(previous, path) !== undefined) body[head] = value;
    } else if (differs) {
      body[head] = { ...(body[head] as Record<string, number>), [tail]: value };
    }
  }
  for (const scalar of SCALAR_KEYS) if (body[scalar] === undefined) delete body[scalar];
  return body as AlarmSettingsOverride;
}

/** The API's issues by field; what names no field of the form is said once above it. */
export function issuesToErrors(issues: readonly ApiIssue[], fallback: string): { fields: LimitErrors; form: string | null } {
  const fields: LimitErrors = {};
  const unplaced: string[] = [];
  for (const issue of issues) {
    const match = LIMIT_FIELDS.find((candidate) => candidate.path === issue.path);
    if (match) fields[match.path] ??= capitalize(issue.message);
    else unplaced.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  const form = unplaced.length > 0 ? unplaced.join('; ') : Object.keys(fields).length > 0 ? null : fallback;
  return { fields, form };
}

/** The fields whose value differs from the clinic's. */
export function changedFromClinic(effective: AlarmSettings, clinic: AlarmSettings): string[] {
  return LIMIT_FIELDS.filter(({ path }) => valueAt(effective, path) !== valueAt(clinic, path)).map(({ path }) => path);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
