import type { ChangeEvent } from '../../../shared/realtime/changes.ts';
import type { InfusionEvent, SessionRecord, SessionSummary } from '../../../shared/schemas/session.ts';
import { upsertChronologically } from './clinicalRecords.ts';
import { patchLatestObservation, upsertAlarm } from './latestPatch.ts';
import { type PatchOutcome, unchanged } from './patchOutcome.ts';

/**
 * Applies one change to the cached record of one session: its latest readings, how many
 * observations it holds, its side-effect notes (every version), infusion events and phase.
 * The bulk readings live in their own caches (chart series, table pages), patched alongside.
 *
 * Counting is not idempotent: the live feed applies each change once (it skips changes at or
 * below the record's `seq`). Side effects and events are upserted by id, so those are.
 */
export function patchSessionRecord(record: SessionRecord, change: ChangeEvent): PatchOutcome<SessionRecord> {
  if (change.sessionId !== record.id) return unchanged(record);
  switch (change.type) {
    case 'observation.recorded':
    case 'observation.corrected': {
      // Every version is a row: a correction adds one as well.
      const { next, needsSnapshot } = patchLatestObservation(record, change);
      return { next: { ...next, observationCount: record.observationCount + 1 }, needsSnapshot };
    }
    case 'observation.enteredInError':
      return patchLatestObservation(record, change);
    case 'sideEffect.recorded':
    case 'sideEffect.enteredInError':
      return withSideEffects(record, upsertChronologically(record.sideEffects, change.payload.sideEffect));
    case 'sideEffect.corrected':
      return withSideEffects(
        record,
        upsertChronologically(upsertChronologically(record.sideEffects, change.payload.replaced), change.payload.sideEffect),
      );
    case 'infusion.recorded': {
      const infusionEvents = upsertInfusionEvent(record.infusionEvents, change.payload.event);
      return { next: { ...withSummary(record, change.payload.session), infusionEvents }, needsSnapshot: false };
    }
    case 'session.created':
    case 'session.phaseChanged':
      return { next: withSummary(record, change.payload.session), needsSnapshot: false };
    case 'alarm.raised':
    case 'alarm.updated': {
      const alarms = upsertAlarm(record.alarms, change.payload.alarm, false);
      return alarms === record.alarms ? unchanged(record) : { next: { ...record, alarms }, needsSnapshot: false };
    }
  }
}

function withSideEffects(record: SessionRecord, sideEffects: SessionRecord['sideEffects']): PatchOutcome<SessionRecord> {
  return sideEffects === record.sideEffects ? unchanged(record) : { next: { ...record, sideEffects }, needsSnapshot: false };
}

/** Takes the summary fields (phase, transitions, infusion start…) and keeps the record's own. */
function withSummary(record: SessionRecord, summary: SessionSummary): SessionRecord {
  return {
    ...record,
    ...summary,
    latest: record.latest,
    observationCount: record.observationCount,
    sideEffects: record.sideEffects,
    infusionEvents: record.infusionEvents,
    alarms: record.alarms,
    seq: record.seq,
  };
}

function upsertInfusionEvent(events: InfusionEvent[], event: InfusionEvent): InfusionEvent[] {
  const existing = events.find((candidate) => candidate.id === event.id);
  if (existing && existing.recordedAt === event.recordedAt) return events;
  const others = events.filter((candidate) => candidate.id !== event.id);
  return [...others, event].sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? -1 : 1));
}
