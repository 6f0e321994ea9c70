import type { UnsequencedChange } from '../../shared/realtime/changes.ts';
import type { RecordedResult } from '../../shared/realtime/socketEvents.ts';
import {
  type ParsedSideEffectInput,
  type SideEffectNote,
  sideEffectAmendmentSchema,
  sideEffectInputSchema,
} from '../../shared/schemas/sideEffect.ts';
import { isCurrentRecord } from '../../shared/schemas/observation.ts';
import { toSourceLocalIso } from '../../shared/time.ts';
import type { GroupCommitter, Tx } from '../db/groupCommit.ts';
import type { Actor } from './actor.ts';
import { audit } from './audit.ts';
import { conflict, notFound, withPathPrefix } from './errors.ts';
import { checkRecordable } from './recordingGuards.ts';
import { evaluateSideEffects } from './alarms.ts';
import { requestHash } from './requestHash.ts';
import { getSideEffect } from './sessionQueries.ts';
import { validate } from './validate.ts';

export interface SideEffectService {
  recordSideEffects(actor: Actor, inputs: unknown[]): Promise<RecordedResult[]>;
  correctSideEffect(actor: Actor, originalId: string, body: unknown): Promise<SideEffectNote>;
  markSideEffectEnteredInError(actor: Actor, id: string, reason: string): Promise<SideEffectNote>;
}

export function createSideEffectService(writer: GroupCommitter): SideEffectService {
  return {
    async recordSideEffects(actor, inputs) {
      const parsed = inputs.map((input, index) => validate(sideEffectInputSchema, input, `sideEffects.${index}`));
      return writer.execute(async (trx) => {
        const recordedAt = new Date().toISOString();
        const results: RecordedResult[] = [];
        const changes: UnsequencedChange[] = [];
        for (const [index, input] of parsed.entries()) {
          try {
            const stored = await storeSideEffect(trx, actor, input, recordedAt);
            results.push({ id: input.id, created: stored !== null });
            if (stored) {
              changes.push({ type: 'sideEffect.recorded', sessionId: input.sessionId, at: recordedAt, payload: { sideEffect: stored } });
              await audit(trx, actor, { action: 'sideEffect.recorded', entityType: 'sideEffect', entityId: stored.id, after: stored }, recordedAt);
              changes.push(...(await evaluateSideEffects(trx, stored.sessionId, [stored])));
            }
          } catch (error) {
            throw withPathPrefix(error, `sideEffects.${index}`);
          }
        }
        return { result: results, changes };
      });
    },

    async correctSideEffect(actor, originalId, body) {
      const amendment = validate(sideEffectAmendmentSchema, body);
      return writer.execute(async (trx) => {
        const original = await getSideEffect(trx, originalId);
        if (!original) throw notFound('Side effect', originalId);
        const already = await getSideEffect(trx, amendment.id);
        if (already && already.amendsId !== originalId) {
          throw conflict('id', 'id_conflict', `Side effect ${amendment.id} already exists`);
        }
        if (!already && !isCurrentRecord(original)) {
          throw conflict('id', 'not_current', 'Only the current version of a note can be corrected');
        }
        const scaleChanged = amendment.scale !== undefined || amendment.score !== undefined;
        const candidate = validate(sideEffectInputSchema, {
          id: amendment.id,
          sessionId: original.sessionId,
          kind: original.kind,
          severity: amendment.severity ?? original.severity,
          scale: scaleChanged ? amendment.scale : (original.scale ?? undefined),
          score: scaleChanged ? amendment.score : (original.score ?? undefined),
          // A note given empty clears it (the original keeps it); a note not given stays as it was.
          note: amendment.note !== undefined ? amendment.note.trim() || undefined : (original.note ?? undefined),
          observedAt: toSourceLocalIso({ utc: original.observedAt, offsetMinutes: original.observedOffsetMinutes }),
        });
        const recordedAt = new Date().toISOString();
        // A retried correction is acknowledged only if it carries the same content (else id_conflict).
        const stored = await storeSideEffect(trx, actor, candidate, recordedAt, original);
        if (!stored && already) return { result: already, changes: [] };
        if (!stored) throw conflict('id', 'id_conflict', 'Correction id already used');
        await trx.updateTable('side_effects').set({ superseded_by_id: stored.id }).where('id', '=', originalId).execute();
        const replaced = { ...original, supersededById: stored.id };
        await audit(trx, actor, { action: 'sideEffect.corrected', entityType: 'sideEffect', entityId: originalId, before: original, after: stored, reason: amendment.reason }, recordedAt);
        return {
          result: stored,
          changes: [{ type: 'sideEffect.corrected', sessionId: stored.sessionId, at: recordedAt, payload: { sideEffect: stored, replaced } }],
        };
      });
    },

    async markSideEffectEnteredInError(actor, id, reason) {
      return writer.execute(async (trx) => {
        const existing = await getSideEffect(trx, id);
        if (!existing) throw notFound('Side effect', id);
        if (existing.status === 'entered-in-error') return { result: existing, changes: [] };
        if (existing.supersededById) throw conflict('id', 'not_current', 'This note was corrected; mark the current version instead');
        await trx.updateTable('side_effects').set({ status: 'entered-in-error', status_reason: reason }).where('id', '=', id).execute();
        const at = new Date().toISOString();
        const sideEffect = { ...existing, status: 'entered-in-error' as const, statusReason: reason };
        await audit(trx, actor, { action: 'sideEffect.enteredInError', entityType: 'sideEffect', entityId: id, before: existing, after: sideEffect, reason }, at);
        return { result: sideEffect, changes: [{ type: 'sideEffect.enteredInError', sessionId: existing.sessionId, at, payload: { sideEffect } }] };
      });
    },
  };
}

async function storeSideEffect(
  trx: Tx,
  actor: Actor,
  input: ParsedSideEffectInput,
  recordedAt: string,
  amends?: SideEffectNote,
): Promise<SideEffectNote | null> {
  const hash = requestHash({ ...input, amends: amends?.id });
  const existing = await trx.selectFrom('side_effects').select(['request_hash']).where('id', '=', input.id).executeTakeFirst();
  if (existing) {
    if (existing.request_hash === hash) return null;
    throw conflict('id', 'id_conflict', `Side effect ${input.id} was already stored with other content`);
  }
  const observed = await checkRecordable(trx, input.sessionId, input.observedAt, false, amends !== undefined);
  await trx
    .insertInto('side_effects')
    .values({
      id: input.id,
      session_id: input.sessionId,
      kind: input.kind,
      severity: input.severity,
      scale: input.scale ?? null,
      score: input.score ?? null,
      note: input.note ?? null,
      observed_at: observed.utc,
      observed_offset: observed.offsetMinutes,
      recorded_at: recordedAt,
      recorded_by: actor.userId,
      status: amends ? 'amended' : 'final',
      amends_id: amends?.id ?? null,
      superseded_by_id: null,
      status_reason: null,
      request_hash: hash,
    })
    .execute();
  return (await getSideEffect(trx, input.id)) ?? null;
}
