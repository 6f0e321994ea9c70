import { SEVERITY_LABELS, SEVERITY_RANK, type Severity } from '../../../shared/sideEffects/catalogue.ts';
import './SeverityBadge.css';

const PIPS = [1, 2, 3] as const;

/** Severity as a word and as filled pips (one to three), so it reads in greyscale too. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  const rank = SEVERITY_RANK[severity];
  return (
    <span className={`severity severity--${severity}`}>
      <span className="severity__pips" aria-hidden="true">
        {PIPS.map((pip) => (
          <span key={pip} className={pip <= rank ? 'severity__pip severity__pip--on' : 'severity__pip'} />
        ))}
      </span>
      {SEVERITY_LABELS[severity]}
    </span>
  );
}
