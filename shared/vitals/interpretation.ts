import type { Range, VitalComponent, VitalKind } from './catalogue.ts';
import { VITALS } from './catalogue.ts';

/** FHIR-style interpretation of one component against its normal range: L, N or H. */
export type Interpretation = 'low' | 'normal' | 'high';

export type ComponentValues = Partial<Record<VitalComponent['key'], number>>;

export type Interpretations = Partial<Record<VitalComponent['key'], Interpretation>>;

export function interpretValue(value: number, normal: Range): Interpretation {
  if (value < normal.low) return 'low';
  if (value > normal.high) return 'high';
  return 'normal';
}

/**
 * Decided once, on the server, and stored with the observation, so that card, chart and table
 * can never disagree about what is out of range.
 */
export function interpretObservation(kind: VitalKind, values: ComponentValues): Interpretations {
  const result: Interpretations = {};
  for (const component of VITALS[kind].components) {
    const value = values[component.key];
    if (value !== undefined) result[component.key] = interpretValue(value, component.normal);
  }
  return result;
}

export function isAbnormal(interpretations: Interpretations): boolean {
  return Object.values(interpretations).some((i) => i !== 'normal');
}

export function isPhysiological(value: number, physiological: Range): boolean {
  return Number.isFinite(value) && value >= physiological.low && value <= physiological.high;
}
