import { memo } from 'react';
import type { SideEffectNote } from '../../../shared/schemas/sideEffect.ts';
import { SIDE_EFFECTS } from '../../../shared/sideEffects/catalogue.ts';
import { SCALES } from '../../../shared/sideEffects/scales.ts';
import { RelativeTime } from '../ui/RelativeTime.tsx';
import { SeverityBadge } from './SeverityBadge.tsx';
import './SideEffectLine.css';

/** The latest side effect on one line: what, how bad, the scale score, and when. */
export const SideEffectLine = memo(function SideEffectLine({ sideEffect }: { sideEffect: SideEffectNote | null }) {
  return (
    <div className="side-effect-line" data-side-effect-id={sideEffect?.id}>
      <span className="side-effect-line__heading">Side effect</span>
      {sideEffect ? (
        <>
          <span className="side-effect-line__what">
            <span className="side-effect-line__kind">{SIDE_EFFECTS[sideEffect.kind].label}</span>
            <SeverityBadge severity={sideEffect.severity} />
            {sideEffect.scale !== null && sideEffect.score !== null ? (
              <span className="side-effect-line__score" title={SCALES[sideEffect.scale].name}>
                {SCALES[sideEffect.scale].name} {sideEffect.score}
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
