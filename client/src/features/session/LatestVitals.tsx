import { useMemo } from 'react';
import type { Observation } from '../../../../shared/schemas/observation.ts';
import { VITAL_KINDS } from '../../../../shared/vitals/catalogue.ts';
import { VitalTile } from '../../clinical/VitalTile.tsx';
import { latestCurrentByKind } from '../../clinical/latestReadings.ts';
import { PRIMARY_VITALS, SECONDARY_VITALS } from '../../clinical/vitalDisplay.ts';

/** The same tiles as the ward card, for the newest current reading of each kind. */
export function LatestVitals({ observations }: { observations: readonly Observation[] }) {
  const latest = useMemo(() => latestCurrentByKind(observations), [observations]);
  const kinds = VITAL_KINDS.filter((kind) => PRIMARY_VITALS.includes(kind) || SECONDARY_VITALS.includes(kind) || latest.has(kind));
  return (
    <section aria-labelledby="latest-vitals-title">
      <h2 id="latest-vitals-title" className="sr-only">
        Latest readings
      </h2>
      <dl className="latest-vitals">
        {kinds.map((kind) => (
          <VitalTile key={kind} kind={kind} reading={latest.get(kind)} emphasis="primary" />
        ))}
      </dl>
    </section>
  );
}
