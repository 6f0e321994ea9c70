import { PHASE_LABELS, type SessionPhase } from '../../../shared/session/phase.ts';
import './PhaseBadge.css';

interface PhaseBadgeProps {
  phase: SessionPhase;
  size?: 'regular' | 'large';
}

/** The session phase in colour and in words; the colour only repeats what the word says. */
export function PhaseBadge({ phase, size = 'regular' }: PhaseBadgeProps) {
  return (
    <span className={`phase-badge phase-badge--${phase} phase-badge--${size}`} data-phase={phase}>
      <span className="phase-badge__dot" aria-hidden="true" />
      {PHASE_LABELS[phase]}
    </span>
  );
}
