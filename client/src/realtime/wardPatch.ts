import { lttb } from '../../../shared/charts/lttb.ts';
import type { ChangeEvent } from '../../../shared/realtime/changes.ts';
import { isCurrentRecord } from '../../../shared/records.ts';
import type { Observation } from '../../../shared/schemas/observation.ts';
import { TREND_POINTS, type WardTrend } from '../../../shared/schemas/series.ts';
import type { SessionSummary, WardSession, WardSnapshot } from '../../../shared/schemas/session.ts';
import { isActivePhase } from '../../../shared/session/phase.ts';
import { type ObservationChange, patchLatestObservation, patchLatestSideEffect, replaceAt, upsertAlarm } from './latestPatch.ts';
import { type PatchOutcome, unchanged } from './patchOutcome.ts';

export type { WardSnapshot } from '../../../shared/schemas/session.ts';

/**
 * Applies one change to the cached ward. Only the session the change is about gets a new object,
 * so every other chair's card keeps its props and does not re-render.
 *
 * The ward holds only the latest reading of each kind and a short trend. When the latest reading is
 * withdrawn (entered in error, or corrected to an earlier time), the one before it is not in the
 * cache: the patch drops the stale value at once and asks for a fresh snapshot.
 *
 * Appending to the trend is not idempotent: the live feed applies each change once (it skips
 * changes at or below the snapshot's `seq`).
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
      return updateSession(ward, change.sessionId, (session) => patchObservation(session, change));
    case 'sideEffect.recorded':
    case 'sideEffect.corrected':
    case 'sideEffect.enteredInError':
      return updateSession(ward, change.sessionId, (session) => patchLatestSideEffect(session, change));
    case 'alarm.raised':
    case 'alarm.updated':
      // The ward keeps only open alarms: a closed one leaves the card.
      return updateSession(ward, change.sessionId, (session) => {
        const alarms = upsertAlarm(session.alarms, change.payload.alarm, true);
        return alarms === session.alarms ? unchanged(session) : { next: { ...session, alarms }, needsSnapshot: false };
      });
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
    const updated: WardSession = {
      ...existing,
      ...summary,
      latest: existing.latest,
      latestSideEffect: existing.latestSideEffect,
      trend: existing.trend,
      alarms: existing.alarms,
    };
    return { next: { ...ward, sessions: replaceAt(ward.sessions, index, updated) }, needsSnapshot: false };
  }
  const arriving: WardSession = { ...summary, latest: [], latestSideEffect: null, trend: { heartRate: [], systolic: [], spo2: [] }, alarms: [] };
  const sessions = [...ward.sessions, arriving].sort(byChairThenNewest);
  // A chair the snapshot did not list (added since) also needs the snapshot.
  const knownChair = ward.chairs.some((chair) => chair.id === summary.chair.id);
  return { next: { ...ward, sessions }, needsSnapshot: !isCheckIn || !knownChair };
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

function patchObservation(session: WardSession, change: ObservationChange): PatchOutcome<WardSession> {
  const latestOutcome = patchLatestObservation(session, change);
  const trend = patchTrend(session.trend, change);
  if (trend === session.trend) return latestOutcome;
  return { next: { ...latestOutcome.next, trend }, needsSnapshot: latestOutcome.needsSnapshot };
}

type TrendKey = keyof WardTrend;

function trendKeyOf(observation: Observation): TrendKey | null {
  if (observation.kind === 'heartRate') return 'heartRate';
  if (observation.kind === 'spo2') return 'spo2';
  if (observation.kind === 'bloodPressure') return 'systolic';
  return null;
}

/**
 * The sparkline follows the readings: a new one is added in time order, a corrected one is moved
 * to its new value, a withdrawn one is taken out (when the server's thinning had kept it). Past
 * twice the server's point budget the trend is thinned again with the same LTTB.
 */
export function patchTrend(trend: WardTrend, change: ObservationChange): WardTrend {
  const incoming = change.payload.observation;
  const key = trendKeyOf(incoming);
  if (key === null) return trend;
  const points = trend[key];
  let next: Array<[number, number]> = points;
  if (change.type === 'observation.recorded') {
    if (!isCurrentRecord(incoming)) return trend;
    next = insertPoint(points, [Date.parse(incoming.observedAt), incoming.value]);
  } else {
    const withdrawn = change.type === 'observation.corrected' ? change.payload.replaced : incoming;
    const index = findPoint(points, withdrawn);
    if (index < 0) return trend;
    next = [...points.slice(0, index), ...points.slice(index + 1)];
    if (change.type === 'observation.corrected' && isCurrentRecord(incoming)) {
      next = insertPoint(next, [Date.parse(incoming.observedAt), incoming.value]);
    }
  }
  if (next.length > TREND_POINTS * 2) next = thinTrend(next, TREND_POINTS);
  return { ...trend, [key]: next };
}

function findPoint(points: ReadonlyArray<[number, number]>, observation: Observation): number {
  const t = Date.parse(observation.observedAt);
  return points.findIndex(([time, value]) => time === t && value === observation.value);
}

function insertPoint(points: ReadonlyArray<[number, number]>, point: [number, number]): Array<[number, number]> {
  let position = points.length;
  while (position > 0 && (points[position - 1] as [number, number])[0] > point[0]) position--;
  return [...points.slice(0, position), point, ...points.slice(position)];
}

function thinTrend(points: Array<[number, number]>, count: number): Array<[number, number]> {
  return lttb(
    points.map((point) => ({ x: point[0], y: point[1], point })),
    count,
  ).map((sample) => sample.point);
}
