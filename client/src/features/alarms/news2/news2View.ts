import { isCurrentRecord } from '../../../../../shared/records.ts';
import type { SideEffectNote } from '../../../../../shared/schemas/sideEffect.ts';
import type { News2Band, News2Parameter } from '../../../../../shared/scores/news2.ts';
import { NEWS2_FRESHNESS_MINUTES, type News2Assessment } from '../../../../../shared/scores/news2FromRecord.ts';

/** NEWS2 in words (RCP chart 4), for the card and the session view. */
export const NEWS2_BAND_LABELS: Readonly<Record<News2Band, string>> = {
  low: 'Low',
  'low-medium': 'Low–medium',
  medium: 'Medium',
  high: 'High',
};

export const NEWS2_PARAMETERS: ReadonlyArray<{ id: News2Parameter; short: string; label: string }> = [
  { id: 'respiratoryRate', short: 'RR', label: 'Respiratory rate' },
  { id: 'spo2', short: 'SpO₂', label: 'SpO₂ (scale 1)' },
  { id: 'onOxygen', short: 'O₂', label: 'Air or oxygen' },
  { id: 'systolic', short: 'SBP', label: 'Systolic BP' },
  { id: 'heartRate', short: 'HR', label: 'Pulse' },
  { id: 'consciousness', short: 'ACVPU', label: 'Consciousness (ACVPU)' },
  { id: 'temperature', short: 'Temp', label: 'Temperature' },
];

export function parameterShort(id: News2Parameter): string {
  return NEWS2_PARAMETERS.find((parameter) => parameter.id === id)?.short ?? id;
}

export function parameterLabel(id: News2Parameter): string {
  return NEWS2_PARAMETERS.find((parameter) => parameter.id === id)?.label ?? id;
}

/** "RR, Temp" — what the score is waiting for. */
export function missingText(assessment: News2Assessment, labels: 'short' | 'long' = 'short'): string {
  return assessment.missing.map((id) => (labels === 'short' ? parameterShort(id) : parameterLabel(id))).join(', ');
}

export const ASSUMED_ALERT_TEXT = `Consciousness assumed Alert: no MOAA/S or RASS score in the last ${NEWS2_FRESHNESS_MINUTES.consciousness} min`;

/** The newest current MOAA/S or RASS score among a session's notes: what ACVPU is taken from. */
export function latestSedationScore(notes: readonly SideEffectNote[]): SideEffectNote | null {
  let latest: SideEffectNote | null = null;
  for (const note of notes) {
    if (note.kind !== 'sedation' || !isCurrentRecord(note) || note.score === null) continue;
    if (note.scale !== 'moaas' && note.scale !== 'rass') continue;
    if (!latest || note.observedAt > latest.observedAt) latest = note;
  }
  return latest;
}
