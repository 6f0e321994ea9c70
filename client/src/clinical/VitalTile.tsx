import type { Observation } from '../../../shared/schemas/observation.ts';
import { VITALS, type VitalKind } from '../../../shared/vitals/catalogue.ts';
import { RelativeTime } from '../ui/RelativeTime.tsx';
import { ReadingFlag } from './ReadingFlag.tsx';
import { abnormalComponents, formatObservationValue } from './vitalDisplay.ts';
import './VitalTile.css';

interface VitalTileProps {
  kind: VitalKind;
  /** The latest current reading of this kind, if there is one. */
  reading: Observation | undefined;
  emphasis: 'primary' | 'secondary';
}

/**
 * One vital as it reads from across the room: short name and unit, a large value, the server's
 * out-of-range flags and how old the reading is. Meant to sit in a `<dl>`.
 */
export function VitalTile({ kind, reading, emphasis }: VitalTileProps) {
  const definition = VITALS[kind];
  const flags = reading ? abnormalComponents(reading) : [];
  const abnormal = flags.length > 0;
  return (
    <div
      className={`vital-tile vital-tile--${emphasis}${abnormal ? ' vital-tile--abnormal' : ''}${reading ? '' : ' vital-tile--empty'}`}
      data-kind={kind}
      data-observation-id={reading?.id}
    >
      <dt className="vital-tile__label">
        <abbr title={definition.label}>{definition.shortLabel}</abbr>
        <span className="vital-tile__unit">{definition.unitLabel}</span>
      </dt>
      <dd className="vital-tile__reading">
        {reading ? (
          <span className="vital-tile__number">{formatObservationValue(reading)}</span>
        ) : (
          <span className="vital-tile__number vital-tile__number--none">
            <span aria-hidden="true">—</span>
            <span className="sr-only">no reading yet</span>
          </span>
        )}
        <span className="vital-tile__meta">
          {flags.map((flag) => (
            <ReadingFlag key={flag.component.key} kind={kind} flag={flag} showComponent={definition.components.length > 1} compact={definition.components.length > 1} />
          ))}
          {reading ? <RelativeTime className="vital-tile__age" iso={reading.observedAt} /> : null}
        </span>
      </dd>
    </div>
  );
}
