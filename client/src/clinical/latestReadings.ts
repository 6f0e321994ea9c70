import { isCurrentRecord } from '../../../shared/records.ts';
import type { Observation } from '../../../shared/schemas/observation.ts';
import type { VitalKind } from '../../../shared/vitals/catalogue.ts';

/** The newest current reading of each kind from a chronological list (what the ward shows). */
export function latestCurrentByKind(observations: readonly Observation[]): Map<VitalKind, Observation> {
  const latest = new Map<VitalKind, Observation>();
  for (let index = observations.length - 1; index >= 0; index--) {
    const observation = observations[index];
    if (observation && isCurrentRecord(observation) && !latest.has(observation.kind)) latest.set(observation.kind, observation);
  }
  return latest;
}
