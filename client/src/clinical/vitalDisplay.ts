import type { Observation } from '../../../shared/schemas/observation.ts';
import { VITALS, type VitalComponent, type VitalKind } from '../../../shared/vitals/catalogue.ts';
import type { Interpretation } from '../../../shared/vitals/interpretation.ts';

/** A number at the precision the catalogue says is worth showing. */
function formatComponentValue(component: VitalComponent, value: number): string {
  return value.toFixed(component.precision);
}

/** The reading as a clinician writes it: "112", "37.1", "152/94" for blood pressure. */
export function formatObservationValue(observation: Pick<Observation, 'kind' | 'value' | 'value2'>): string {
  const [first, second] = VITALS[observation.kind].components;
  if (!first) return String(observation.value);
  const primary = formatComponentValue(first, observation.value);
  if (second && observation.value2 !== null) return `${primary}/${formatComponentValue(second, observation.value2)}`;
  return primary;
}

export interface ComponentFlag {
  component: VitalComponent;
  interpretation: Exclude<Interpretation, 'normal'>;
}

/** The components the server flagged low or high, in catalogue order. Never recomputed here. */
export function abnormalComponents(observation: Pick<Observation, 'kind' | 'interpretation'>): ComponentFlag[] {
  const flags: ComponentFlag[] = [];
  for (const component of VITALS[observation.kind].components) {
    const interpretation = observation.interpretation[component.key];
    if (interpretation === 'low' || interpretation === 'high') flags.push({ component, interpretation });
  }
  return flags;
}

/** Vitals every card shows, reading or not, so the cards line up; others appear when recorded. */
export const PRIMARY_VITALS: readonly VitalKind[] = ['heartRate', 'spo2', 'bloodPressure'];
export const SECONDARY_VITALS: readonly VitalKind[] = ['respiratoryRate', 'temperature'];
