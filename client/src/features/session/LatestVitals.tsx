import { useMemo } from 'react';
import type { Observation } from '../../../../shared/schemas/observation.ts';
import { VITAL_KINDS, type VitalKind } from '../../../../shared/vitals/catalogue.ts';
import { VitalTile } from '../../clinical/VitalTile.tsx';
import { PRIMARY_VITALS, SECONDARY_VITALS } from '../../clinical/vitalDisplay.ts';

/** The newest current reading of each kind (the record's `latest`), as large tiles. */
export function LatestVitals({ latest }: { latest: readonly Observation[] }) {
  const byKind = useMemo(() => new Map<VitalKind, Observation>(latest.map((reading) => [reading.kind, reading])), [latest]);
  const kinds = VITAL_KINDS.filter((kind) => PRIMARY_VITALS.includes(kind) || SECONDARY_VITALS.includes(kind) || byKind.has(kind));
  return (
    <section aria-labelledby="latest-vitals-title">
      <h2 id="latest-vitals-title" className="sr-only">
        Latest readings
      </h2>
      <dl className="latest-vitals">
        {kinds.map((kind) => (
          <VitalTile key={kind} kind={kind} reading={byKind.get(kind)} emphasis="primary" />
        ))}
      </dl>
    </section>
  );
}
