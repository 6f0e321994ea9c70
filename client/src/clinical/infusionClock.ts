import type { SessionSummary } from '../../../shared/schemas/session.ts';
import { MINUTE_MS } from '../../../shared/time.ts';

type ClockInput = Pick<SessionSummary, 'transitions' | 'phaseChangedAt' | 'plannedInfusionMinutes'>;

export interface InfusionClock {
  /** Minutes the pump has run so far, pauses excluded. */
  infusedMinutes: number;
  plannedMinutes: number;
  /** Minutes since the session entered its current phase. */
  phaseMinutes: number;
}

/**
 * Infusion time from the phase history: every stretch spent in `infusing` counts, up to now for
 * the stretch still running. Pure, so the ticking label and the tests agree.
 */
export function infusionClock(session: ClockInput, nowMs: number): InfusionClock {
  let infusedMs = 0;
  let runningSince: number | null = null;
  for (const transition of session.transitions) {
    const at = Date.parse(transition.at);
    if (transition.to === 'infusing') {
      runningSince ??= at;
    } else if (runningSince !== null) {
      infusedMs += at - runningSince;
      runningSince = null;
    }
  }
  if (runningSince !== null) infusedMs += Math.max(0, nowMs - runningSince);
  return {
    infusedMinutes: infusedMs / MINUTE_MS,
    plannedMinutes: session.plannedInfusionMinutes,
    phaseMinutes: Math.max(0, nowMs - Date.parse(session.phaseChangedAt)) / MINUTE_MS,
  };
}

/** When the patient was checked in (entered baseline), if they have been. */
function checkInTime(session: Pick<SessionSummary, 'transitions'>): string | null {
  return session.transitions.find((transition) => transition.to === 'baseline')?.at ?? null;
}

/** When the infusion ended (entered recovery from the pump), if it has. */
export function infusionStopTime(session: Pick<SessionSummary, 'transitions'>): string | null {
  return session.transitions.find((transition) => transition.to === 'recovery')?.at ?? null;
}

/**
 * Time zero of the session's charts: the infusion start, or the check-in before the infusion,
 * or, for a session not yet checked in, its creation.
 */
export function chartTimeZero(session: Pick<SessionSummary, 'transitions' | 'infusionStartedAt' | 'createdAt'>): {
  at: string;
  reference: 'infusion' | 'checkIn';
} {
  if (session.infusionStartedAt) return { at: session.infusionStartedAt, reference: 'infusion' };
  return { at: checkInTime(session) ?? session.createdAt, reference: 'checkIn' };
}
