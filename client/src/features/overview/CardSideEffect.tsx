import { memo } from 'react';
import type { SideEffectNote } from '../../../../shared/schemas/sideEffect.ts';
import { SIDE_EFFECTS } from '../../../../shared/sideEffects/catalogue.ts';
import { SCALES, type ScaleId } from '../../../../shared/sideEffects/scales.ts';
import { SeverityBadge } from '../../clinical/SeverityBadge.tsx';
import { RelativeTime } from '../../ui/RelativeTime.tsx';
import './CardSideEffect.css';

/**
 * The scale and score as a card has room for them: "CADSS-6 8/24", "MOAA/S 4/5", "RASS −2".
 * The full scale name ("CADSS-6 (0–24)") cut to fit a card lost the score, the part that matters.
 */
export function compactScore(scale: ScaleId, score: number): string {
  const definition = SCALES[scale];
  const short = scale === 'nrs' ? 'NRS' : definition.name.replace(/\s*\(.*\)\s*$/, '');
  const value = score < 0 ? `−${Math.abs(score)}` : String(score);
  // A range that starts below zero (RASS) reads wrongly as "n/max".
  return definition.min === 0 ? `${short} ${value}/${definition.max}` : `${short} ${value}`;
}

/** A ward card's footer line: the latest side effect, how bad, its score and when. */
export const CardSideEffect = memo(function CardSideEffect({ sideEffect }: { sideEffect: SideEffectNote | null }) {
  return (
    <div className="side-effect-line" data-side-effect-id={sideEffect?.id}>
      <span className="side-effect-line__heading">Side effect</span>
      {sideEffect ? (
        <>
          <span className="side-effect-line__what">
            <span className="side-effect-line__kind">{SIDE_EFFECTS[sideEffect.kind].label}</span>
            <SeverityBadge severity={sideEffect.severity} />
            {sideEffect.scale !== null && sideEffect.score !== null ? (
              <span className="side-effect-line__score" title={`${SCALES[sideEffect.scale].name}: ${sideEffect.score}`}>
                {compactScore(sideEffect.scale, sideEffect.score)}
              </span>
            ) : null}
          </span>
          <RelativeTime className="side-effect-line__age" iso={sideEffect.observedAt} />
        </>
      ) : (
        <span className="side-effect-line__none">None recorded</span>
      )}
    </div>
  );
});
