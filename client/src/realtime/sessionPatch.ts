import type { ChangeEvent } from '../../../shared/realtime/changes.ts';
import type { InfusionEvent, SessionRecord, SessionSummary } from '../../../shared/schemas/session.ts';
import { upsertChronologically } from './clinicalRecords.ts';
import { type PatchOutcome, unchanged } from './patchOutcome.ts';

/**
 * Applies one change to the cached record of one session. The record holds every version of every
 * reading, so a change never needs a refetch: corrections and withdrawals replace records by id.
 * Applying a change twice, or replaying one the snapshot already reflects, leaves the record as is.
 */
export function patchSessionRecord(record: SessionRecord, change: ChangeEvent): PatchOutcome<SessionRecord> {
  if (change.sessionId !== record.id) return unchanged(record);
  switch (change.type) {
    case 'observation.recorded':
    case 'observation.enteredInError':
      return withObservations(record, upsertChronologically(record.observations, change.payload.observation));
    case 'observation.corrected':
      return withObservations(
        record,
        upsertChronologically(upsertChronologically(record.observations, change.payload.replaced), change.payload.observation),
      );
    case 'sideEffect.recorded':
    case 'sideEffect.enteredInError':
      return withSideEffects(record, upsertChronologically(record.sideEffects, change.payload.sideEffect));
    case 'sideEffect.corrected':
      return withSideEffects(
        record,
        upsertChronologically(upsertChronologically(record.sideEffects, change.payload.replaced), change.payload.sideEffect),
      );
    case 'infusion.recorded':
      return {
        next: { ...withSummary(record, change.payload.session), infusionEvents: upsertInfusionEvent(record.infusionEvents, change.payload.event) },
        needsSnapshot: false,
      };
    case 'session.created':
    case 'session.phaseChanged':
      return { next: withSummary(record, change.payload.session), needsSnapshot: false };
  }
}

function withObservations(record: SessionRecord, observations: SessionRecord['observations']): PatchOutcome<SessionRecord> {
  return observations === record.observations ? unchanged(record) : { next: { ...record, observations }, needsSnapshot: false };
}

function withSideEffects(record: SessionRecord, sideEffects: SessionRecord['sideEffects']): PatchOutcome<SessionRecord> {
  return sideEffects === record.sideEffects ? unchanged(record) : { next: { ...record, sideEffects }, needsSnapshot: false };
}

/** Takes the summary fields (phase, transitions, infusion start…) and keeps the record's lists. */
function withSummary(record: SessionRecord, summary: SessionSummary): SessionRecord {
  return {
    ...record,
    ...summary,
    observations: record.observations,
    sideEffects: record.sideEffects,
    infusionEvents: record.infusionEvents,
    seq: record.seq,
  };
}

function upsertInfusionEvent(events: InfusionEvent[], event: InfusionEvent): InfusionEvent[] {
  const others = events.filter((existing) => existing.id !== event.id);
  return [...others, event].sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? -1 : 1));
}
