import type { Chair } from '../../../../shared/schemas/chair.ts';
import type { WardSession, WardSnapshot } from '../../../../shared/schemas/session.ts';
import { EXPECTED_CADENCE_MINUTES, isStale } from '../../../../shared/session/cadence.ts';
import { byUrgency } from '../../../../shared/session/urgency.ts';

export type WardOrder = 'chair' | 'urgency';

export type WardEntry = { kind: 'session'; key: string; session: WardSession } | { kind: 'free'; key: string; chair: Chair };

/** "Chair 2" before "Chair 10"; one collator, as `localeCompare` with options builds one per call. */
const collator = new Intl.Collator(undefined, { numeric: true });
const byLabel = (a: { label: string }, b: { label: string }): number => collator.compare(a.label, b.label);

/**
 * The wall's cards: one per chair, with its running session or marked free. By chair, in label
 * order ("Chair 2" before "Chair 10"); by urgency, the sessions that need a physician first
 * (shared `byUrgency`: out-of-range readings, severe side effects, a quiet chair), free chairs last.
 */
export function wardEntries(ward: WardSnapshot, order: WardOrder, now: number): WardEntry[] {
  const sessionsByChair = new Map<string, WardSession[]>();
  for (const session of ward.sessions) {
    const list = sessionsByChair.get(session.chair.id) ?? [];
    list.push(session);
    sessionsByChair.set(session.chair.id, list);
  }
  const free: WardEntry[] = [...ward.chairs]
    .sort(byLabel)
    .filter((chair) => !sessionsByChair.has(chair.id))
    .map((chair) => ({ kind: 'free', key: `chair:${chair.id}`, chair }));
  const sessionEntry = (session: WardSession): WardEntry => ({ kind: 'session', key: `session:${session.id}`, session });

  if (order === 'urgency') return [...[...ward.sessions].sort(byUrgency(now)).map(sessionEntry), ...free];

  const entries: WardEntry[] = [];
  const placed = new Set<string>();
  for (const chair of [...ward.chairs].sort(byLabel)) {
    const sessions = sessionsByChair.get(chair.id);
    if (!sessions) {
      entries.push({ kind: 'free', key: `chair:${chair.id}`, chair });
      continue;
    }
    for (const session of sessions) {
      entries.push(sessionEntry(session));
      placed.add(session.id);
    }
  }
  // A session on a chair the snapshot does not list (added since): shown, never lost.
  const unplaced = ward.sessions.filter((session) => !placed.has(session.id)).sort((a, b) => byLabel(a.chair, b.chair));
  return [...entries, ...unplaced.map(sessionEntry)];
}

/** When the chair last produced any reading. */
export function lastObservedAt(session: Pick<WardSession, 'latest'>): string | null {
  let latest: string | null = null;
  for (const reading of session.latest) if (latest === null || reading.observedAt > latest) latest = reading.observedAt;
  return latest;
}

export interface Staleness {
  stale: boolean;
  /** Minutes since the last reading (or since the phase began, when there is none). */
  quietMinutes: number;
  cadenceMinutes: number | null;
}

/** Whether the chair has gone quiet for longer than its phase's cadence (shared `isStale`). */
export function staleness(session: Pick<WardSession, 'latest' | 'phase' | 'phaseChangedAt'>, now: number): Staleness {
  const last = lastObservedAt(session);
  const reference = Date.parse(last ?? session.phaseChangedAt);
  return {
    stale: isStale(session.phase, last, session.phaseChangedAt, now),
    quietMinutes: Math.max(0, Math.floor((now - reference) / 60_000)),
    cadenceMinutes: EXPECTED_CADENCE_MINUTES[session.phase] ?? null,
  };
}

/** Whether any reading on the card is flagged out of range. */
export function isFlagged(session: Pick<WardSession, 'latest'>): boolean {
  return session.latest.some((reading) => reading.abnormal);
}
