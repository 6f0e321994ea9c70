import type { SessionSummary } from '../../../shared/schemas/session.ts';
import { useCoarseNow } from '../ui/clock.ts';
import { formatMinutes } from '../ui/format.ts';
import { infusionClock } from './infusionClock.ts';
import './InfusionProgress.css';

type InfusionProgressProps = {
  session: Pick<SessionSummary, 'phase' | 'transitions' | 'phaseChangedAt' | 'plannedInfusionMinutes'>;
  /** `inline` puts words and bar on one line, for the ward card. */
  layout?: 'stacked' | 'inline';
};

/**
 * Infused time against the plan, as words and a bar. It reads the shared clock itself, so the
 * card around it does not re-render every second.
 */
export function InfusionProgress({ session, layout = 'stacked' }: InfusionProgressProps) {
  const now = useCoarseNow();
  const clock = infusionClock(session, now);
  const infused = Math.floor(clock.infusedMinutes);
  const planned = clock.plannedMinutes;
  const overBy = infused - planned;
  // Whole minutes, like the words beside it: the bar moves once a minute, not every second.
  const fraction = Math.min(1, infused / planned);

  const main = <span className="infusion-progress__main">{headline(session.phase, infused, planned, layout)}</span>;
  const more = <span className="infusion-progress__detail">{detail(session.phase, clock.phaseMinutes, overBy)}</span>;
  return (
    <div className={`infusion-progress infusion-progress--${session.phase} infusion-progress--${layout}`}>
      {layout === 'stacked' ? (
        <div className="infusion-progress__text">
          {main}
          {more}
        </div>
      ) : (
        main
      )}
      <div
        className="infusion-progress__track"
        role="progressbar"
        aria-label="Infusion time"
        aria-valuemin={0}
        aria-valuemax={planned}
        aria-valuenow={Math.min(infused, planned)}
        aria-valuetext={`${infused} of ${planned} minutes infused`}
      >
        <div className="infusion-progress__bar" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      {layout === 'inline' ? more : null}
    </div>
  );
}

function headline(phase: SessionSummary['phase'], infused: number, planned: number, layout: 'stacked' | 'inline'): string {
  if (phase === 'baseline' || phase === 'scheduled') return layout === 'inline' ? `${planned} min planned` : `Not started · ${planned} min planned`;
  return layout === 'inline' ? `${infused}/${planned} min` : `${infused} of ${planned} min infused`;
}

function detail(phase: SessionSummary['phase'], phaseMinutes: number, overBy: number): string {
  const inPhase = formatMinutes(phaseMinutes);
  switch (phase) {
    case 'baseline':
      return `${inPhase} since check-in`;
    case 'infusing':
      return overBy > 0 ? `${overBy} min over plan` : `${Math.max(0, -overBy)} min to go`;
    case 'paused':
      return `paused for ${inPhase}`;
    case 'recovery':
      return `${inPhase} in recovery`;
    default:
      return '';
  }
}
