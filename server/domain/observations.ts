import {
  type Observation,
  type ParsedObservationInput,
  isCurrentRecord,
  observationAmendmentSchema,
  observationInputSchema,
} from '../../shared/schemas/observation.ts';
import type { UnsequencedChange } from '../../shared/realtime/changes.ts';
import type { RecordedResult } from '../../shared/realtime/socketEvents.ts';
import { toSourceLocalIso } from '../../shared/time.ts';
import { z } from 'zod';
import { isDeviceSentinel } from '../../shared/alarms/rules.ts';
import { idSchema, zonedDateTimeSchema } from '../../shared/schemas/common.ts';
import { VITALS, VITAL_KINDS, type VitalKind } from '../../shared/vitals/catalogue.ts';
import { interpretObservation, isAbnormal } from '../../shared/vitals/interpretation.ts';
import { unitConverter } from '../../shared/vitals/units.ts';
import type { Selectable } from 'kysely';
import { type CoalescingWork, type GroupCommitter, ROWS_PER_STATEMENT, type Tx } from '../db/groupCommit.ts';
import type { ObservationsTable } from '../db/schema.ts';
import type { Actor } from './actor.ts';
import { audit, auditMany } from './audit.ts';
import { DomainError, conflict, invalid, notFound, withPathPrefix } from './errors.ts';
import { type RecordableSession, assertRecordable } from './recordingGuards.ts';
import { evaluateObservations, loadEvaluationContexts, recordUnavailableValue } from './alarms.ts';
import { requestHash } from './requestHash.ts';
import { toObservation } from './mappers.ts';
import { getObservation } from './sessionQueries.ts';
import { validate } from './validate.ts';

export interface ObservationService {
  recordObservations(actor: Actor, inputs: unknown[]): Promise<RecordedResult[]>;
  correctObservation(actor: Actor, originalId: string, body: unknown): Promise<Observation>;
  markObservationEnteredInError(actor: Actor, id: string, reason: string): Promise<Observation>;
}

type ObservationRequestItem =
  | { index: number; unavailable: UnavailableValue; reading?: undefined }
  | { index: number; reading: ParsedObservationInput; unavailable?: undefined };

/** One caller's batch as the committer sees it; a batch is stored whole or not at all. */
interface RecordRequest {
  actor: Actor;
  items: ObservationRequestItem[];
}

/**
 * Recording is the hot path (200 chairs at 1 Hz): every request that reaches one commit is stored
 * with one look-up of ids, one of sessions, one multi-row insert and one audit insert.
 */
const recordObservationsWork: CoalescingWork<RecordRequest, RecordedResult[]> = {
  name: 'recordObservations',
  async runMany(trx, requests) {
    const recordedAt = new Date().toISOString();
    const readings = requests.flatMap((r) => r.items.flatMap((item) => (item.reading ? [item.reading] : [])));
    const stored = await storedHashes(trx, readings.map((r) => r.id));
    const sessions = await recordableSessions(trx, [...new Set(requests.flatMap((r) => r.items.map((item) => item.reading?.sessionId ?? item.unavailable?.sessionId ?? '')))]);
    const rows: ObservationRow[] = [];
    const changes: UnsequencedChange[] = [];
    const bySession = new Map<string, Observation[]>();
    const audits: Array<{ actor: Actor; ids: string[] }> = [];
    const results: RecordedResult[][] = [];
    for (const request of requests) {
      const answers: RecordedResult[] = [];
      for (const item of request.items) {
        try {
          if (item.unavailable) {
            const u = item.unavailable;
            changes.push(...(await recordUnavailableValue(trx, u.sessionId, VITALS[u.kind].shortLabel, u.raw, Date.parse(u.observedAt))));
            answers.push({ id: u.id, created: false, unavailable: true });
            continue;
          }
          const input = item.reading;
          const row = prepareRow(request.actor, input, recordedAt, stored, sessions.get(input.sessionId));
          answers.push({ id: input.id, created: row !== null });
          if (!row) continue;
          stored.set(input.id, row.request_hash);
          rows.push(row);
          const observation = toObservation({ ...row, source_file: null, recorded_by_name: request.actor.displayName });
          changes.push({ type: 'observation.recorded', sessionId: input.sessionId, at: recordedAt, payload: { observation } });
          const ofSession = bySession.get(input.sessionId);
          if (ofSession) ofSession.push(observation);
          else bySession.set(input.sessionId, [observation]);
        } catch (error) {
          throw withPathPrefix(error, `observations.${item.index}`);
        }
      }
      const created = answers.filter((a) => a.created).map((a) => a.id);
      // One audit entry per person (or device) and address per commit, naming every reading stored.
      const same = audits.find((a) => a.actor.userId === request.actor.userId && a.actor.sourceIp === request.actor.sourceIp);
      if (created.length > 0 && same) same.ids.push(...created);
      else if (created.length > 0) audits.push({ actor: request.actor, ids: created });
      results.push(answers);
    }
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      await trx.insertInto('observations').values(rows.slice(start, start + ROWS_PER_STATEMENT)).execute();
    }
    const contexts = await loadEvaluationContexts(trx, new Map([...bySession.keys()].map((id) => [id, sessions.get(id)?.phase ?? ''])));
    for (const [sessionId, observations] of bySession) changes.push(...(await evaluateObservations(trx, sessionId, observations, contexts.get(sessionId))));
    await auditMany(
      trx,
      audits.map(({ actor, ids }) => ({ actor, entry: { action: 'observation.recorded', entityType: 'observation', entityId: ids.length === 1 ? (ids[0] ?? null) : null, after: { ids } } })),
      recordedAt,
    );
    return { results, changes };
  },
};

export function createObservationService(writer: GroupCommitter): ObservationService {
  return {
    async recordObservations(actor, inputs) {
      // A monitor's "no value" code is not a reading: it becomes a technical alarm, never a value.
      const items = inputs.map((input, index): ObservationRequestItem => {
        const unavailable = asUnavailableValue(input);
        return unavailable ? { index, unavailable } : { index, reading: validate(observationInputSchema, input, `observations.${index}`) };
      });
      return writer.executeCoalesced(recordObservationsWork, { actor, items });
    },

    async correctObservation(actor, originalId, body) {
      return writer.execute(async (trx) => {
        const { observation, replaced, created } = await storeCorrection(trx, actor, originalId, body);
        const changes: UnsequencedChange[] = created
          ? [{ type: 'observation.corrected', sessionId: observation.sessionId, at: observation.recordedAt, payload: { observation, replaced } }]
          : [];
        return { result: observation, changes };
      });
    },

    async markObservationEnteredInError(actor, id, reason) {
      return writer.execute(async (trx) => {
        const existing = await getObservation(trx, id);
        if (!existing) throw notFound('Observation', id);
        if (existing.status === 'entered-in-error') return { result: existing, changes: [] };
        if (existing.supersededById) {
          throw conflict('id', 'not_current', 'This observation was corrected; mark the current version instead');
        }
        await trx
          .updateTable('observations')
          .set({ status: 'entered-in-error', status_reason: reason })
          .where('id', '=', id)
          .execute();
        const at = new Date().toISOString();
        const observation = { ...existing, status: 'entered-in-error' as const, statusReason: reason };
        await audit(trx, actor, { action: 'observation.enteredInError', entityType: 'observation', entityId: id, before: existing, after: observation, reason }, at);
        return {
          result: observation,
          changes: [{ type: 'observation.enteredInError', sessionId: existing.sessionId, at, payload: { observation } }],
        };
      });
    },
  };
}

// source_file is set only by file import, which writes it after the row.
type ObservationRow = Omit<Selectable<ObservationsTable>, 'source_file'>;

/** Request hashes of the ids already stored, for telling a retry from a conflict. */
async function storedHashes(trx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (let start = 0; start < ids.length; start += ROWS_PER_STATEMENT) {
    const rows = await trx.selectFrom('observations').select(['id', 'request_hash']).where('id', 'in', ids.slice(start, start + ROWS_PER_STATEMENT)).execute();
    for (const row of rows) hashes.set(row.id, row.request_hash);
  }
  return hashes;
}

async function recordableSessions(trx: Tx, ids: readonly string[]): Promise<Map<string, RecordableSession>> {
  const sessions = new Map<string, RecordableSession>();
  for (let start = 0; start < ids.length; start += ROWS_PER_STATEMENT) {
    const rows = await trx.selectFrom('sessions').select(['id', 'phase', 'signed_at']).where('id', 'in', ids.slice(start, start + ROWS_PER_STATEMENT)).execute();
    for (const row of rows) sessions.set(row.id, row);
  }
  return sessions;
}

/**
 * The row for one validated observation, or null when it is a retry of one already stored (same
 * id, same content). The same id with other content is a conflict, never an overwrite.
 */
function prepareRow(
  actor: Actor,
  input: ParsedObservationInput,
  recordedAt: string,
  stored: ReadonlyMap<string, string>,
  session: RecordableSession | undefined,
  amends?: { original: Observation; reason: string },
): ObservationRow | null {
  const hash = requestHash({ ...input, amends: amends?.original.id });
  const existing = stored.get(input.id);
  if (existing !== undefined) {
    if (existing === hash) return null;
    throw conflict('id', 'id_conflict', `Observation ${input.id} was already stored with other content`);
  }
  const observed = assertRecordable(session, input.sessionId, input.observedAt, input.source === 'device', amends !== undefined);

  const convert = unitConverter(input.kind, input.unit);
  if (!convert) throw invalid('unit', 'unsupported_unit', `unit ${input.unit} is not accepted`);
  const rawPrimary = input.kind === 'bloodPressure' ? input.systolic : input.value;
  const rawSecondary = input.kind === 'bloodPressure' ? input.diastolic : null;
  const value = convert(rawPrimary);
  const value2 = rawSecondary === null ? null : convert(rawSecondary);
  const definition = VITALS[input.kind];
  const converted = input.unit !== undefined && input.unit !== definition.unit;
  const interpretation = interpretObservation(
    input.kind,
    input.kind === 'bloodPressure' ? { systolic: value, diastolic: value2 ?? undefined } : { value },
  );

  return {
    id: input.id,
    session_id: input.sessionId,
    kind: input.kind,
    value,
    value2,
    unit: definition.unit,
    interpretation: JSON.stringify(interpretation),
    abnormal: isAbnormal(interpretation) ? 1 : 0,
    observed_at: observed.utc,
    observed_offset: observed.offsetMinutes,
    recorded_at: recordedAt,
    source: input.source,
    device_id: input.deviceId ?? null,
    on_oxygen: 'onOxygen' in input && input.onOxygen !== undefined ? (input.onOxygen ? 1 : 0) : null,
    source_value: converted ? rawPrimary : null,
    source_value2: converted ? rawSecondary : null,
    source_unit: converted ? (input.unit ?? null) : null,
    recorded_by: actor.userId,
    status: amends ? 'amended' : 'final',
    amends_id: amends?.original.id ?? null,
    superseded_by_id: null,
    // Why it was corrected travels with the corrected value, for every screen and report.
    status_reason: amends?.reason ?? null,
    request_hash: hash,
  };
}

/** Stores one validated observation; returns null when it is a retry of one already stored. */
async function storeObservation(
  trx: Tx,
  actor: Actor,
  input: ParsedObservationInput,
  recordedAt: string,
  amends?: { original: Observation; reason: string },
): Promise<Observation | null> {
  const stored = await storedHashes(trx, [input.id]);
  const sessions = await recordableSessions(trx, [input.sessionId]);
  const row = prepareRow(actor, input, recordedAt, stored, sessions.get(input.sessionId), amends);
  if (!row) return null;
  await trx.insertInto('observations').values(row).execute();
  // The row just written, in the shape every client sees (no read-back on the hot path).
  return toObservation({ ...row, source_file: null, recorded_by_name: actor.displayName });
}

async function storeCorrection(
  trx: Tx,
  actor: Actor,
  originalId: string,
  body: unknown,
): Promise<{ observation: Observation; replaced: Observation; created: boolean }> {
  const amendment = validate(observationAmendmentSchema, body);
  const original = await getObservation(trx, originalId);
  if (!original) throw notFound('Observation', originalId);

  const already = await getObservation(trx, amendment.id);
  if (already && already.amendsId !== originalId) {
    throw conflict('id', 'id_conflict', `Observation ${amendment.id} already exists`);
  }
  if (!already && !isCurrentRecord(original)) {
    throw conflict('id', 'not_current', 'Only the current version of an observation can be corrected');
  }
  const merged =
    original.kind === 'bloodPressure'
      ? {
          kind: original.kind,
          systolic: amendment.values.systolic ?? original.value,
          diastolic: amendment.values.diastolic ?? original.value2,
        }
      : { kind: original.kind, value: amendment.values.value ?? original.value };
  const candidate = validate(observationInputSchema, {
    ...merged,
    id: amendment.id,
    sessionId: original.sessionId,
    observedAt: amendment.observedAt ??
      toSourceLocalIso({ utc: original.observedAt, offsetMinutes: original.observedOffsetMinutes }),
    source: original.source,
    deviceId: original.deviceId ?? undefined,
    ...(original.kind === 'spo2' && original.onOxygen !== null ? { onOxygen: original.onOxygen } : {}),
  }, 'values');
  const recordedAt = new Date().toISOString();
  // A retried correction is acknowledged only if it carries the same content (else id_conflict).
  const stored = await storeObservation(trx, actor, candidate, recordedAt, { original, reason: amendment.reason });
  if (!stored && already) return { observation: already, replaced: original, created: false };
  if (!stored) throw new DomainError(409, 'id_conflict', 'Correction id already used');
  await trx.updateTable('observations').set({ superseded_by_id: stored.id }).where('id', '=', originalId).execute();
  const replaced = { ...original, supersededById: stored.id };
  await audit(trx, actor, { action: 'observation.corrected', entityType: 'observation', entityId: originalId, before: original, after: stored, reason: amendment.reason }, recordedAt);
  return { observation: stored, replaced, created: true };
}

const unavailableShape = z.object({
  id: idSchema,
  sessionId: idSchema,
  kind: z.enum(VITAL_KINDS),
  source: z.literal('device'),
  observedAt: zonedDateTimeSchema,
  value: z.number().optional(),
  systolic: z.number().optional(),
  diastolic: z.number().optional(),
});

interface UnavailableValue {
  id: string;
  sessionId: string;
  kind: VitalKind;
  observedAt: string;
  raw: number;
}

/** A device reading whose value is a monitor's "no value" sentinel, or undefined. */
function asUnavailableValue(input: unknown): UnavailableValue | undefined {
  const parsed = unavailableShape.safeParse(input);
  if (!parsed.success) return undefined;
  const raw = [parsed.data.value, parsed.data.systolic, parsed.data.diastolic].find((v) => v !== undefined && isDeviceSentinel(v));
  if (raw === undefined) return undefined;
  return { id: parsed.data.id, sessionId: parsed.data.sessionId, kind: parsed.data.kind, observedAt: parsed.data.observedAt, raw };
}
