import { type Alarm, isOpen } from '../../../shared/alarms/lifecycle.ts';
import type { ChangeEvent } from '../../../shared/realtime/changes.ts';
import { isCurrentRecord } from '../../../shared/records.ts';
import type { Observation } from '../../../shared/schemas/observation.ts';
import type { SideEffectNote } from '../../../shared/schemas/sideEffect.ts';
import { type ClinicalRecord, compareChronologically, isSameVersion } from './clinicalRecords.ts';
import { type PatchOutcome, unchanged } from './patchOutcome.ts';

export type ObservationChange = Extract<ChangeEvent, { type: `observation.${string}` }>;
export type SideEffectChange = Extract<ChangeEvent, { type: `sideEffect.${string}` }>;

/**
 * Keeps "the newest current reading of each kind" (the ward card, the session's latest strip)
 * current from one observation change. When the reading on screen is withdrawn, the one before it
 * is only on the server: the reading is dropped at once and a snapshot is asked for.
 */
export function patchLatestObservation<T extends { latest: Observation[] }>(holder: T, change: ObservationChange): PatchOutcome<T> {
  const incoming = change.payload.observation;
  const index = holder.latest.findIndex((reading) => reading.kind === incoming.kind);
  const shown = index >= 0 ? (holder.latest[index] as Observation) : null;
  const decision = decideLatest(shown, incoming, change.type === 'observation.corrected' ? change.payload.replaced : null);
  if (decision.kind === 'keep') return unchanged(holder);
  const latest =
    decision.kind === 'drop'
      ? holder.latest.filter((reading) => reading.kind !== incoming.kind)
      : index >= 0
        ? replaceAt(holder.latest, index, incoming)
        : [...holder.latest, incoming];
  return { next: { ...holder, latest }, needsSnapshot: decision.needsSnapshot };
}

/** The same for the one "latest side effect" a ward card shows. */
export function patchLatestSideEffect<T extends { latestSideEffect: SideEffectNote | null }>(holder: T, change: SideEffectChange): PatchOutcome<T> {
  const incoming = change.payload.sideEffect;
  const decision = decideLatest(holder.latestSideEffect, incoming, change.type === 'sideEffect.corrected' ? change.payload.replaced : null);
  if (decision.kind === 'keep') return unchanged(holder);
  return { next: { ...holder, latestSideEffect: decision.kind === 'drop' ? null : incoming }, needsSnapshot: decision.needsSnapshot };
}

type LatestDecision = { kind: 'keep' } | { kind: 'show'; needsSnapshot: boolean } | { kind: 'drop'; needsSnapshot: true };

/**
 * Which record should be "the latest" after `incoming` arrives, given the one on screen.
 * `replaced` is the version a correction supersedes.
 */
export function decideLatest(shown: ClinicalRecord | null, incoming: ClinicalRecord, replaced: ClinicalRecord | null): LatestDecision {
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

/** Upserts an alarm by id; `openOnly` drops it once closed (the ward shows open alarms only). */
export function upsertAlarm(alarms: readonly Alarm[], alarm: Alarm, openOnly: boolean): Alarm[] {
  const index = alarms.findIndex((candidate) => candidate.id === alarm.id);
  if (openOnly && !isOpen(alarm)) return index < 0 ? (alarms as Alarm[]) : alarms.filter((candidate) => candidate.id !== alarm.id);
  if (index < 0) return [...alarms, alarm];
  const shown = alarms[index] as Alarm;
  if (shown.announcedAt === alarm.announcedAt && shown.acknowledgedAt === alarm.acknowledgedAt && shown.resolvedAt === alarm.resolvedAt && shown.closedAt === alarm.closedAt && shown.escalatedAt === alarm.escalatedAt && shown.priority === alarm.priority && shown.value === alarm.value) {
    return alarms as Alarm[];
  }
  return replaceAt(alarms, index, alarm);
}

export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  const copy = list.slice();
  copy[index] = item;
  return copy;
}
