import type { ScaleId } from './scales.ts';

export const SIDE_EFFECT_KINDS = [
  'dissociation',
  'sedation',
  'nausea',
  'vomiting',
  'dizziness',
  'headache',
  'blurredVision',
  'hallucinations',
  'anxietyAgitation',
  'other',
] as const;
export type SideEffectKind = (typeof SIDE_EFFECT_KINDS)[number];

export const SEVERITIES = ['none', 'mild', 'moderate', 'severe'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  none: 'None',
  mild: 'Mild',
  moderate: 'Moderate',
  severe: 'Severe',
};

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  none: 0,
  mild: 1,
  moderate: 2,
  severe: 3,
};

export interface SideEffectDefinition {
  kind: SideEffectKind;
  label: string;
  /** Scales that may be recorded with this kind; the first is the one the form offers first. */
  scales: readonly ScaleId[];
}

export const SIDE_EFFECTS: Readonly<Record<SideEffectKind, SideEffectDefinition>> = {
  dissociation: { kind: 'dissociation', label: 'Dissociation', scales: ['cadss6', 'cadss'] },
  sedation: { kind: 'sedation', label: 'Sedation', scales: ['moaas', 'rass'] },
  nausea: { kind: 'nausea', label: 'Nausea', scales: ['nrs'] },
  vomiting: { kind: 'vomiting', label: 'Vomiting', scales: [] },
  dizziness: { kind: 'dizziness', label: 'Dizziness', scales: ['nrs'] },
  headache: { kind: 'headache', label: 'Headache', scales: ['nrs'] },
  blurredVision: { kind: 'blurredVision', label: 'Blurred vision', scales: [] },
  hallucinations: { kind: 'hallucinations', label: 'Hallucinations', scales: [] },
  anxietyAgitation: { kind: 'anxietyAgitation', label: 'Anxiety / agitation', scales: ['rass', 'nrs'] },
  other: { kind: 'other', label: 'Other', scales: ['nrs'] },
};
