import type { ChangeEvent } from '../../../shared/realtime/changes.ts';
import { isCurrentRecord } from '../../../shared/records.ts';
import type { Observation } from '../../../shared/schemas/observation.ts';
import type { SessionSummary, WardSession } from '../../../shared/schemas/session.ts';
import type { SideEffectNote } from '../../../shared/schemas/sideEffect.ts';
import { isActivePhase } from '../../../shared/session/phase.ts';
import { type ClinicalRecord, compareChronologically, isSameVersion } from './clinicalRecords.ts';
import { type PatchOutcome, unchanged } from './patchOutcome.ts';

/** `GET /api/ward`: the running sessions and the event-log position the snapshot reflects. */
export interface WardSnapshot {
  seq: number;
  sessions: WardSession[];
}

/**
 * Applies one change to the cached ward. Only the session the change is about gets a new object,
 * so every other chair's card keeps its props and does not re-render.
 *
 * The ward holds only the latest reading of each kind. When that reading is withdrawn (entered in
 * error, or corrected to an earlier time), the one before it is not in the cache: the patch drops
 * the stale value at once and asks for a fresh snapshot.
 */
export function patchWard(ward: WardSnapshot, change: ChangeEvent): PatchOutcome<WardSnapshot> {
  switch (change.type) {
    case 'session.created':
    case 'session.phaseChanged':
    case 'infusion.recorded':
      return placeSession(ward, change.payload.session, enteredTheWard(change));
    case 'observation.recorded':
    case 'observation.corrected':
    case 'observation.enteredInError':
      return updateSession(ward, change.sessionId, (session) => patchLatestObservation(session, change));
    case 'sideEffect.recorded':
    case 'sideEffect.corrected':
    case 'sideEffect.enteredInError':
      return updateSession(ward, change.sessionId, (session) => patchLatestSideEffect(session, change));
  }
}

/** A check-in starts a session with no readings; any other first sighting means we missed some. */
function enteredTheWard(change: ChangeEvent): boolean {
  return change.type === 'session.phaseChanged' && change.payload.transition.to === 'baseline';
}

function placeSession(ward: WardSnapshot, summary: SessionSummary, isCheckIn: boolean): PatchOutcome<WardSnapshot> {
  const index = ward.sessions.findIndex((session) => session.id === summary.id);
  if (!isActivePhase(summary.phase)) {
    if (index < 0) return unchanged(ward);
    return { next: { ...ward, sessions: ward.sessions.filter((session) => session.id !== summary.id) }, needsSnapshot: false };
  }
  if (index >= 0) {
    const existing = ward.sessions[index] as WardSession;
    const updated: WardSession = { ...existing, ...summary, latest: existing.latest, latestSideEffect: existing.latestSideEffect };
    return { next: { ...ward, sessions: replaceAt(ward.sessions, index, updated) }, needsSnapshot: false };
  }
  const arriving: WardSession = { ...summary, latest: [], latestSideEffect: null };
  const sessions = [...ward.sessions, arriving].sort(byChairThenNewest);
  return { next: { ...ward, sessions }, needsSnapshot: !isCheckIn };
}

/** The server's ward order: chair label, then the newest session first. */
function byChairThenNewest(a: WardSession, b: WardSession): number {
  const byChair = a.chair.label.localeCompare(b.chair.label, undefined, { numeric: true });
  if (byChair !== 0) return byChair;
  return a.createdAt === b.createdAt ? 0 : a.createdAt < b.createdAt ? 1 : -1;
}

function updateSession(
  ward: WardSnapshot,
  sessionId: string,
  patch: (session: WardSession) => PatchOutcome<WardSession>,
): PatchOutcome<WardSnapshot> {
  const index = ward.sessions.findIndex((session) => session.id === sessionId);
  // Readings for a session not on the ward (finished, or not yet checked in) do not show here.
  if (index < 0) return unchanged(ward);
  const outcome = patch(ward.sessions[index] as WardSession);
  if (outcome.next === ward.sessions[index]) return { next: ward, needsSnapshot: outcome.needsSnapshot };
  return { next: { ...ward, sessions: replaceAt(ward.sessions, index, outcome.next) }, needsSnapshot: outcome.needsSnapshot };
}

type ObservationChange = Extract<ChangeEvent, { type: `observation.${string}` }>;
type SideEffectChange = Extract<ChangeEvent, { type: `sideEffect.${string}` }>;

function patchLatestObservation(session: WardSession, change: ObservationChange): PatchOutcome<WardSession> {
  const incoming = change.payload.observation;
  const index = session.latest.findIndex((reading) => reading.kind === incoming.kind);
  const shown = index >= 0 ? (session.latest[index] as Observation) : null;
  const decision = decideLatest(shown, incoming, change.type === 'observation.corrected' ? change.payload.replaced : null);
  if (decision.kind === 'keep') return unchanged(session);
  const latest =
    decision.kind === 'drop'
      ? session.latest.filter((reading) => reading.kind !== incoming.kind)
      : index >= 0
        ? replaceAt(session.latest, index, incoming)
        : [...session.latest, incoming];
  return { next: { ...session, latest }, needsSnapshot: decision.needsSnapshot };
}

function patchLatestSideEffect(session: WardSession, change: SideEffectChange): PatchOutcome<WardSession> {
  const incoming = change.payload.sideEffect;
  const shown = session.latestSideEffect;
  const decision = decideLatest(shown, incoming, change.type === 'sideEffect.corrected' ? change.payload.replaced : null);
  if (decision.kind === 'keep') return unchanged(session);
  const latestSideEffect: SideEffectNote | null = decision.kind === 'drop' ? null : incoming;
  return { next: { ...session, latestSideEffect }, needsSnapshot: decision.needsSnapshot };
}

type LatestDecision = { kind: 'keep' } | { kind: 'show'; needsSnapshot: boolean } | { kind: 'drop'; needsSnapshot: true };

/**
 * Which record should be "the latest" after `incoming` arrives, given the one on screen.
 * `replaced` is the version a correction supersedes.
 */
function decideLatest(shown: ClinicalRecord | null, incoming: ClinicalRecord, replaced: ClinicalRecord | null): LatestDecision {
  const withdrawsShown = shown !== null && (shown.id === incoming.id || shown.id === replaced?.id);
  if (!isCurrentRecord(incoming)) {
    // The reading on screen was withdrawn or superseded: the previous one is only on the server.
    return shown !== null && shown.id === incoming.id ? { kind: 'drop', needsSnapshot: true } : { kind: 'keep' };
  }
  if (shown === null) return { kind: 'show', needsSnapshot: false };
  if (shown.id === incoming.id && isSameVersion(shown, incoming)) return { kind: 'keep' };
  const isNewer = compareChronologically(incoming, shown) >= 0;
  if (withdrawsShown) {
    // A correction that moved the reading earlier may now sit behind one we never had.
    return { kind: 'show', needsSnapshot: !isNewer };
  }
  return isNewer ? { kind: 'show', needsSnapshot: false } : { kind: 'keep' };
}

function replaceAt<T>(list: T[], index: number, item: T): T[] {
  const copy = list.slice();
  copy[index] = item;
  return copy;
}
