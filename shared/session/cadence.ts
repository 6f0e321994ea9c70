import type { SessionPhase } from './phase.ts';

/**
 * How often a chair is expected to produce an observation in each phase (clinical reference §7.3:
 * BP every 10 minutes during a 40-minute infusion, every 15 minutes in recovery). A chair with
 * nothing newer than its cadence plus a grace period is stale — the card says so.
 */
export const EXPECTED_CADENCE_MINUTES: Readonly<Partial<Record<SessionPhase, number>>> = {
  baseline: 15,
  infusing: 10,
  paused: 10,
  recovery: 15,
};

/** Slack before a missed reading counts, so a nurse a minute late is not flagged. */
export const CADENCE_GRACE_MINUTES = 5;

export function isStale(phase: SessionPhase, lastObservedAt: string | null, sinceUtc: string, now: number): boolean {
  const cadence = EXPECTED_CADENCE_MINUTES[phase];
  if (cadence === undefined) return false;
  const reference = Date.parse(lastObservedAt ?? sinceUtc);
  return now - reference > (cadence + CADENCE_GRACE_MINUTES) * 60_000;
}
