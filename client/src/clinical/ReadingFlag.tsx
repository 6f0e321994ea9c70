import { VITALS, type VitalKind, formatRange } from '../../../shared/vitals/catalogue.ts';
import type { ComponentFlag } from './vitalDisplay.ts';
import './ReadingFlag.css';

interface ReadingFlagProps {
  kind: VitalKind;
  flag: ComponentFlag;
  /** Name the component ("Sys", "Dia") when a reading has more than one. */
  showComponent: boolean;
  /** Arrow and one word ("High", or the component: "SBP"), for tiles; the rest is for screen readers. */
  compact?: boolean;
}

const WORDS = { high: 'High', low: 'Low' } as const;

/**
 * An out-of-range flag that does not rely on colour: an arrow whose direction and a word that
 * say which way, with the normal range for screen readers and on hover.
 */
export function ReadingFlag({ kind, flag, showComponent, compact = false }: ReadingFlagProps) {
  const range = formatRange(flag.component.normal, VITALS[kind].unitLabel);
  const word = WORDS[flag.interpretation];
  return (
    <span
      className={`reading-flag reading-flag--${flag.interpretation}${compact ? ' reading-flag--compact' : ''}`}
      title={`${flag.component.label} ${word.toLowerCase()}; normal ${range}`}
    >
      <svg className="reading-flag__arrow" viewBox="0 0 10 10" aria-hidden="true" focusable="false">
        <path d={flag.interpretation === 'high' ? 'M5 1 L9.5 9 H0.5 Z' : 'M5 9 L9.5 1 H0.5 Z'} />
      </svg>
      {compact && showComponent ? (
        <>
          {flag.component.shortLabel}
          <span className="sr-only"> {word.toLowerCase()}</span>
        </>
      ) : showComponent ? (
        `${flag.component.shortLabel} ${word.toLowerCase()}`
      ) : (
        word
      )}
      <span className="sr-only">, normal {range}</span>
    </span>
  );
}
