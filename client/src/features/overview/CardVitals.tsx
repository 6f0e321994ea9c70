import { memo } from 'react';
import type { Observation } from '../../../../shared/schemas/observation.ts';
import { VITALS, type VitalKind, formatRange } from '../../../../shared/vitals/catalogue.ts';
import { ReadingFlag } from '../../clinical/ReadingFlag.tsx';
import { Sparkline } from '../../clinical/Sparkline.tsx';
import { type ComponentFlag, abnormalComponents, formatObservationValue } from '../../clinical/vitalDisplay.ts';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import { valueFitStyle } from './valueFit.ts';

interface PrimaryVitalProps {
  kind: VitalKind;
  reading: Observation | undefined;
  trend: ReadonlyArray<readonly [number, number]>;
  span: readonly [number, number];
}

/**
 * One of the three vitals a physician scans from across the room: a large value, its trend over
 * the session under it, the server's out-of-range flag (arrow and word, not only colour) and how
 * old the reading is. Meant to sit in a `<dl>`.
 */
export const PrimaryVital = memo(function PrimaryVital({ kind, reading, trend, span }: PrimaryVitalProps) {
  const definition = VITALS[kind];
  const flags = reading ? abnormalComponents(reading) : [];
  const trended = definition.components[0];
  const trendFlagged = flags.some((flag) => flag.component.key === trended?.key);
  return (
    <div
      className={`card-vital${flags.length > 0 ? ' card-vital--abnormal' : ''}${reading ? '' : ' card-vital--empty'}`}
      data-kind={kind}
      data-observation-id={reading?.id}
    >
      <dt className="card-vital__label">
        <abbr title={definition.label}>{definition.shortLabel}</abbr>
      </dt>
      <dd className="card-vital__reading">
        {reading ? (
          <span className="card-vital__value" style={valueFitStyle(formatObservationValue(reading), definition.unitLabel)}>
            <span className="card-vital__number">{formatObservationValue(reading)}</span>
            <span className="card-vital__unit">{definition.unitLabel}</span>
          </span>
        ) : (
          <span className="card-vital__value">
            <span className="card-vital__number card-vital__number--none">
              <span aria-hidden="true">—</span>
              <span className="sr-only">no reading yet</span>
            </span>
          </span>
        )}
        <span className="card-vital__flags">
          {flags.map((flag) => (
            <ReadingFlag key={flag.component.key} kind={kind} flag={flag} showComponent={definition.components.length > 1} compact />
          ))}
        </span>
        <span className="card-vital__foot">
          <span className="card-vital__spark">
            {trended ? <Sparkline points={trend} span={span} normal={trended.normal} lastFlagged={trendFlagged} /> : null}
          </span>
          {reading ? <RelativeTime className="card-vital__age" iso={reading.observedAt} short /> : null}
        </span>
      </dd>
    </div>
  );
});

/** A vital a nurse counts now and then (RR, temperature…): small, value and age. */
export const SecondaryVital = memo(function SecondaryVital({ kind, reading }: { kind: VitalKind; reading: Observation | undefined }) {
  const definition = VITALS[kind];
  const flags = reading ? abnormalComponents(reading) : [];
  return (
    <div className={`card-mini${flags.length > 0 ? ' card-mini--abnormal' : ''}`} data-kind={kind} data-observation-id={reading?.id}>
      <dt className="card-mini__label">
        <abbr title={definition.label}>{definition.shortLabel}</abbr>
        <span className="card-mini__unit">{definition.unitLabel}</span>
      </dt>
      <dd className="card-mini__reading">
        {reading ? (
          <span className="card-mini__number">{formatObservationValue(reading)}</span>
        ) : (
          <span className="card-mini__number card-mini__number--none">
            <span aria-hidden="true">—</span>
            <span className="sr-only">no reading yet</span>
          </span>
        )}
        {flags.map((flag) => (
          <FlagArrow key={flag.component.key} kind={kind} flag={flag} />
        ))}
        {reading ? <RelativeTime className="card-mini__age" iso={reading.observedAt} short /> : null}
      </dd>
    </div>
  );
});

/**
 * Just the arrow for the small tiles (the tile is also outlined and tinted); the word and the
 * normal range are in the tooltip and read to screen readers.
 */
function FlagArrow({ kind, flag }: { kind: VitalKind; flag: ComponentFlag }) {
  const word = flag.interpretation === 'high' ? 'High' : 'Low';
  const range = formatRange(flag.component.normal, VITALS[kind].unitLabel);
  return (
    <span className={`card-mini__flag card-mini__flag--${flag.interpretation}`} title={`${flag.component.label} ${word.toLowerCase()}; normal ${range}`}>
      <svg viewBox="0 0 10 10" aria-hidden="true" focusable="false">
        <path d={flag.interpretation === 'high' ? 'M5 1 L9.5 9 H0.5 Z' : 'M5 9 L9.5 1 H0.5 Z'} />
      </svg>
      <span className="sr-only">
        {word}, normal {range}
      </span>
    </span>
  );
}
