import { randomUUID } from 'node:crypto';
import { Hl7Message } from '@medplum/core';
import { sql } from 'kysely';
import { type Hl7Parsed, hl7Readings, readHl7, splitHl7Messages } from '../../shared/ingest/hl7.ts';
import {
  type AckCode,
  type DeviceIngestStatus,
  type DeviceMapping,
  type DeviceMatchOn,
  type Hl7Outcome,
  type InboxEntry,
  deviceMappingInputSchema,
  deviceMappingUpdateSchema,
  inboxAssignSchema,
  inboxDismissSchema,
  inboxQuerySchema,
} from '../../shared/ingest/schemas.ts';
import type { IngestIssue, IngestReading } from '../../shared/ingest/types.ts';
import type { GroupCommitter } from '../db/groupCommit.ts';
import type { Actor } from '../domain/actor.ts';
import { audit } from '../domain/audit.ts';
import { DomainError, conflict, notFound } from '../domain/errors.ts';
import type { ObservationService } from '../domain/observations.ts';
import { validate } from '../domain/validate.ts';
import { type AckIssue, buildAck } from './ack.ts';
import type { Db } from './db.ts';
import { contentHash } from './ids.ts';
import { type PreparedReading, checkReading, existingIds, recordWithFollowUp, toInput } from './recording.ts';
import { findMapping, routeMessage } from './routing.ts';

export type IngestChannel = 'mllp' | 'http';

/** The account live MLLP readings are recorded by (MLLP carries no credentials). */
const LISTENER_USERNAME = 'device:mllp-listener';
const MAX_RAW = 256 * 1024;

export interface IngestOptions {
  /** Zone for timestamps without an offset from a device no mapping names. */
  defaultTimeZone: string;
}

/** The observation id of a live reading: device + what the reading is (code, channel, time). */
export const liveIdName = (deviceId: string | null, reading: IngestReading): string => `hl7|${deviceId ?? ''}|${reading.key}`;

function describeSource(message: Hl7Parsed): string {
  const parts = [
    message.deviceIds.length > 0 ? `device ${message.deviceIds.join(' / ')}` : null,
    message.location.key ? `location ${message.location.key}` : null,
    message.header.sendingFacility ? `facility ${message.header.sendingFacility}` : null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'a message naming no device, location or facility';
}

function safeMessage(text: string): Hl7Message | null {
  try {
    return text.startsWith('MSH') && text.length > 8 ? Hl7Message.parse(text) : null;
  } catch {
    return null;
  }
}

function ackIssues(issues: IngestIssue[], message: Hl7Parsed | null): AckIssue[] {
  return issues
    .filter((i) => i.severity === 'error')
    .map((issue) => {
      const row = message?.rows.find((r) => r.label === issue.location.split(' + ')[0]);
      return { issue, where: row ? `OBX^${row.ordinal}` : undefined };
    });
}

export function createIngestService(writer: GroupCommitter, db: Db, observations: ObservationService, options: IngestOptions) {
  let listenerActor: Actor | undefined;
  let liveAddress: { host: string; port: number } | null = null;

  async function ensureListenerActor(): Promise<Actor> {
    if (listenerActor) return listenerActor;
    let row = await db.selectFrom('users').select(['id', 'display_name']).where('username', '=', LISTENER_USERNAME).executeTakeFirst();
    if (!row) {
      const id = randomUUID();
      await db
        .insertInto('users')
        .values({ id, username: LISTENER_USERNAME, display_name: 'HL7 listener (MLLP)', roles: JSON.stringify(['device']), password_hash: '!', disabled: 0, created_at: new Date().toISOString(), kind: 'device' })
        .onConflict((oc) => oc.column('username').doNothing())
        .execute();
      row = await db.selectFrom('users').select(['id', 'display_name']).where('username', '=', LISTENER_USERNAME).executeTakeFirstOrThrow();
    }
    listenerActor = { userId: row.id, username: LISTENER_USERNAME, displayName: row.display_name, roles: ['device'], sourceIp: null };
    return listenerActor;
  }

  async function saveMessage(row: {
    id: string;
    channel: string;
    deviceId: string | null;
    controlId: string | null;
    hash: string;
    processingId: string | null;
    outcome: string;
    ackCode: AckCode;
    ackText: string;
    sessionId: string | null;
    stored: number;
    summary: unknown;
    raw: string | null;
    inbox?: { id: string; reason: string; detail: string; pending: unknown; problems: unknown; suggestedSessionId: string | null; raw: string };
  }): Promise<string | null> {
    return writer.execute(async (trx) => {
      const receivedAt = new Date().toISOString();
      await trx
        .insertInto('ingest_messages')
        .values({
          id: row.id,
          received_at: receivedAt,
          channel: row.channel,
          device_id: row.deviceId?.slice(0, 200) ?? null,
          control_id: row.controlId?.slice(0, 200) ?? null,
          content_hash: row.hash,
          processing_id: row.processingId?.slice(0, 20) ?? null,
          outcome: row.outcome,
          ack_code: row.ackCode,
          ack_text: row.ackText,
          session_id: row.sessionId,
          stored_count: row.stored,
          summary: JSON.stringify(row.summary),
          raw: row.raw === null ? null : row.raw.slice(0, MAX_RAW),
        })
        .execute();
      if (!row.inbox) return { result: null, changes: [] };
      const inboxId = row.inbox.id;
      await trx
        .insertInto('ingest_inbox')
        .values({
          id: inboxId,
          message_id: row.id,
          received_at: receivedAt,
          device_id: row.deviceId?.slice(0, 200) ?? null,
          reason: row.inbox.reason,
          detail: row.inbox.detail,
          raw: row.inbox.raw.slice(0, MAX_RAW),
          pending: JSON.stringify(row.inbox.pending),
          problems: JSON.stringify(row.inbox.problems),
          suggested_session_id: row.inbox.suggestedSessionId,
          status: 'open',
          session_id: null,
          resolved_at: null,
          resolved_by: null,
          resolution_note: null,
        })
        .execute();
      return { result: inboxId, changes: [] };
    });
  }

  function outcome(partial: Omit<Hl7Outcome, 'duplicate'> & { duplicate?: boolean }): Hl7Outcome {
    return { duplicate: false, ...partial };
  }

  /** One message: read, route, record, keep what could not be placed, answer. */
  async function processOne(actor: Actor, text: string, channel: IngestChannel): Promise<Hl7Outcome> {
    const hash = contentHash(text);
    const messageId = randomUUID();
    const read = readHl7(text);
    if (!read.ok) {
      const original = safeMessage(text);
      const issue: IngestIssue = { location: 'message', code: read.code, message: read.message, severity: 'error' };
      const ack = buildAck(original, 'AR', read.message, [{ issue }]);
      const deviceId = read.header.sendingApplication?.split('^')[1] || read.header.sendingApplication?.split('^')[0] || null;
      await saveMessage({ id: messageId, channel, deviceId, controlId: read.header.controlId ?? null, hash, processingId: read.header.processingId ?? null, outcome: 'rejected', ackCode: 'AR', ackText: read.message, sessionId: null, stored: 0, summary: { issues: [issue] }, raw: text });
      return outcome({ ackCode: 'AR', controlId: read.header.controlId ?? '', text: read.message, ack, messageId, deviceId, sessionId: null, stored: 0, inboxId: null, issues: [issue] });
    }
    const message = read.message;
    const original = safeMessage(text);
    const deviceId = message.deviceId ?? (channel === 'http' && actor.roles.includes('device') ? actor.displayName : null);
    const controlId = message.header.controlId;

    // A resend (same device, control id and content) is answered as the first time; nothing is redone.
    if (controlId) {
      let previous = db
        .selectFrom('ingest_messages')
        .select(['ack_code', 'ack_text', 'session_id', 'summary', 'id'])
        .where('control_id', '=', controlId.slice(0, 200))
        .where('content_hash', '=', hash)
        .where('outcome', '<>', 'duplicate');
      previous = deviceId ? previous.where('device_id', '=', deviceId.slice(0, 200)) : previous.where('device_id', 'is', null);
      const first = await previous.orderBy('received_at').executeTakeFirst();
      if (first) {
        const summary = JSON.parse(first.summary) as { issues?: IngestIssue[]; inboxId?: string | null };
        const issues = summary.issues ?? [];
        const code = first.ack_code as AckCode;
        await saveMessage({ id: messageId, channel, deviceId, controlId, hash, processingId: message.header.processingId, outcome: 'duplicate', ackCode: code, ackText: first.ack_text, sessionId: first.session_id, stored: 0, summary: { duplicateOf: first.id }, raw: null });
        return outcome({
          ackCode: code,
          controlId,
          text: first.ack_text,
          ack: buildAck(original, code, first.ack_text, ackIssues(issues, message)),
          messageId,
          deviceId,
          sessionId: first.session_id,
          stored: 0,
          inboxId: summary.inboxId ?? null,
          issues,
          duplicate: true,
        });
      }
    }

    const mapping = await findMapping(db, message);
    const zone = mapping?.time_zone ?? options.defaultTimeZone;
    const { readings, issues } = hl7Readings(message, zone);
    const routing = await routeMessage(db, mapping, message.patientIds, describeSource(message));
    const sessionId = routing.ok ? routing.sessionId : null;
    const prepared: PreparedReading[] = [];
    for (const reading of readings) {
      // Until a session is known, a placeholder id lets the reading be checked all the same.
      const candidate = toInput(reading, sessionId ?? '00000000-0000-4000-8000-000000000000', 'device', deviceId, liveIdName(deviceId, reading));
      const problem = checkReading(candidate);
      if (problem) issues.push(problem);
      else prepared.push(candidate);
    }
    if (message.test) {
      issues.push({ location: 'message', code: 'test_message', message: `MSH-11 is ${message.header.processingId} (${message.header.processingId === 'D' ? 'debugging' : 'training/test'}); readings recorded and flagged`, severity: 'warning' });
    }
    for (const reading of readings) {
      if (reading.timeAssumedZone) {
        issues.push({ location: reading.location, code: 'time_zone_assumed', message: `the device gave no time zone; read as ${reading.timeAssumedZone}`, severity: 'warning' });
      }
    }

    let stored = 0;
    let alreadyStored = 0;
    let alarms = 0;
    let recordError: DomainError | null = null;
    if (routing.ok && prepared.length > 0) {
      try {
        const before = await existingIds(db, prepared.filter((p) => !p.reading.sentinel).map((p) => p.input.id));
        const results = await observations.recordObservations(actor, prepared.map((p) => p.input));
        alarms = results.filter((r) => r.unavailable).length;
        alreadyStored = results.filter((r) => !r.unavailable && before.has(r.id)).length;
        stored = results.length - alarms - alreadyStored;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        recordError = error;
        issues.push({ location: 'message', code: 'record_failed', message: error.message, severity: 'error' });
      }
    }

    const errors = issues.filter((i) => i.severity === 'error');
    const unplaced = !routing.ok && prepared.length > 0;
    const pending = routing.ok && !recordError ? [] : prepared.filter((p) => !p.reading.sentinel);
    const needsInbox = unplaced || errors.length > 0 || (!routing.ok && readings.some((r) => r.sentinel));
    const ackCode: AckCode = needsInbox ? 'AE' : 'AA';
    const parts: string[] = [];
    if (routing.ok) parts.push(`stored ${stored} reading${stored === 1 ? '' : 's'}${alreadyStored ? `, ${alreadyStored} already stored` : ''}${alarms ? `, ${alarms} device no-value code${alarms === 1 ? '' : 's'} raised as technical alarm` : ''}`);
    if (!routing.ok && prepared.length > 0) parts.push(`${prepared.length} reading${prepared.length === 1 ? '' : 's'} kept in the inbox: ${routing.detail}`);
    if (!routing.ok && prepared.length === 0 && readings.length === 0 && errors.length === 0) parts.push('no vital-sign readings in the message');
    const errorRows = errors.filter((e) => e.code !== 'record_failed');
    if (errorRows.length > 0) parts.push(`${errorRows.length} row${errorRows.length === 1 ? '' : 's'} could not be mapped (${[...new Set(errorRows.map((e) => `${e.location} ${e.code}`))].slice(0, 6).join('; ')}), kept in the inbox`);
    if (recordError) parts.push(`not stored: ${recordError.message}; kept in the inbox`);
    const skipped = issues.filter((i) => i.severity === 'skipped').length;
    if (skipped > 0) parts.push(`${skipped} row${skipped === 1 ? '' : 's'} skipped (not vital signs)`);
    if (message.test) parts.push(`processing id ${message.header.processingId}`);
    const text2 = parts.join('; ');

    const inbox = needsInbox
      ? {
          id: randomUUID(),
          reason: !routing.ok ? routing.reason : recordError ? 'record_failed' : (errorRows[0]?.code ?? 'unmapped_code'),
          detail: !routing.ok ? routing.detail : recordError ? recordError.message : `${errorRows.length} row(s) could not be mapped`,
          pending: pending.map((p) => ({ key: p.reading.key, kind: p.reading.kind, location: p.reading.location, observedAt: p.reading.observedAt })),
          problems: errors,
          suggestedSessionId: routing.ok ? routing.sessionId : routing.suggestedSessionId,
          raw: text,
        }
      : undefined;
    const summary = {
      routing: routing.ok ? { sessionId: routing.sessionId, matchedBy: routing.matchedBy, mappingId: mapping?.id } : { reason: routing.reason, mappingId: mapping?.id ?? null },
      readings: prepared.map((p) => ({ id: p.input.id, kind: p.reading.kind, location: p.reading.location, channel: p.reading.channel, observedAt: p.reading.observedAt, sentinel: p.reading.sentinel, timeAssumedZone: p.reading.timeAssumedZone, flags: p.reading.flags })),
      issues,
      inboxId: inbox?.id ?? null,
    };
    const inboxId = await saveMessage({
      id: messageId,
      channel,
      deviceId,
      controlId: controlId || null,
      hash,
      processingId: message.header.processingId || null,
      outcome: !routing.ok ? (needsInbox ? 'inbox' : 'skipped') : needsInbox ? 'partial' : stored + alreadyStored + alarms > 0 ? 'stored' : 'skipped',
      ackCode,
      ackText: text2,
      sessionId,
      stored,
      summary,
      raw: ackCode === 'AA' ? null : text,
      inbox,
    });
    return outcome({
      ackCode,
      controlId,
      text: text2,
      ack: buildAck(original, ackCode, text2, ackIssues(issues, message)),
      messageId,
      deviceId,
      sessionId,
      stored,
      inboxId,
      issues,
    });
  }

  function toMapping(r: { id: string; match_on: string; match_key: string; chair_id: string; label: string | null; time_zone: string; created_at: string; updated_at: string; chair_label: string }): DeviceMapping {
    return { id: r.id, matchOn: r.match_on as DeviceMatchOn, matchKey: r.match_key, chairId: r.chair_id, chairLabel: r.chair_label, timeZone: r.time_zone, label: r.label, createdAt: r.created_at, updatedAt: r.updated_at };
  }

  async function getMapping(id: string): Promise<DeviceMapping | undefined> {
    const row = await db
      .selectFrom('ingest_device_mappings as m')
      .innerJoin('chairs as c', 'c.id', 'm.chair_id')
      .select(['m.id', 'm.match_on', 'm.match_key', 'm.chair_id', 'm.label', 'm.time_zone', 'm.created_at', 'm.updated_at', 'c.label as chair_label'])
      .where('m.id', '=', id)
      .executeTakeFirst();
    return row ? toMapping(row) : undefined;
  }

  function toInbox(r: { id: string; message_id: string; received_at: string; device_id: string | null; reason: string; detail: string; raw: string; pending: string; problems: string; suggested_session_id: string | null; status: string; session_id: string | null; resolved_at: string | null; resolved_by: string | null; resolution_note: string | null }): InboxEntry {
    return {
      id: r.id,
      messageId: r.message_id,
      receivedAt: r.received_at,
      deviceId: r.device_id,
      reason: r.reason,
      detail: r.detail,
      raw: r.raw,
      pending: JSON.parse(r.pending) as InboxEntry['pending'],
      problems: JSON.parse(r.problems) as IngestIssue[],
      suggestedSessionId: r.suggested_session_id,
      status: r.status as InboxEntry['status'],
      sessionId: r.session_id,
      resolvedAt: r.resolved_at,
      resolvedBy: r.resolved_by,
      resolutionNote: r.resolution_note,
    };
  }

  async function getInbox(id: string): Promise<InboxEntry | undefined> {
    const row = await db.selectFrom('ingest_inbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toInbox(row) : undefined;
  }

  return {
    ensureListenerActor,

    /** Where the MLLP listener is bound, once it is (the demo simulator sends there). */
    liveAddress: (): { host: string; port: number } | null => liveAddress,
    setLiveAddress(address: { host: string; port: number } | null): void {
      liveAddress = address;
    },

    /** Every message in `text` (one or many), answered one by one, in order. */
    async receive(actor: Actor | null, text: string, channel: IngestChannel): Promise<Hl7Outcome[]> {
      const who = actor ?? (await ensureListenerActor());
      const chunks = splitHl7Messages(text);
      if (chunks.length === 0) {
        const issue: IngestIssue = { location: 'message', code: 'not_hl7', message: 'the message is empty', severity: 'error' };
        const messageId = randomUUID();
        await saveMessage({ id: messageId, channel, deviceId: null, controlId: null, hash: contentHash(text), processingId: null, outcome: 'rejected', ackCode: 'AR', ackText: issue.message, sessionId: null, stored: 0, summary: { issues: [issue] }, raw: text });
        return [outcome({ ackCode: 'AR', controlId: '', text: issue.message, ack: buildAck(null, 'AR', issue.message, [{ issue }]), messageId, deviceId: null, sessionId: null, stored: 0, inboxId: null, issues: [issue] })];
      }
      const outcomes: Hl7Outcome[] = [];
      for (const chunk of chunks) outcomes.push(await processOne(who, chunk.text, channel));
      return outcomes;
    },

    async listMappings(): Promise<DeviceMapping[]> {
      const rows = await db
        .selectFrom('ingest_device_mappings as m')
        .innerJoin('chairs as c', 'c.id', 'm.chair_id')
        .select(['m.id', 'm.match_on', 'm.match_key', 'm.chair_id', 'm.label', 'm.time_zone', 'm.created_at', 'm.updated_at', 'c.label as chair_label'])
        .orderBy('m.match_on')
        .orderBy('m.match_key')
        .execute();
      return rows.map(toMapping);
    },

    async createMapping(actor: Actor, body: unknown): Promise<{ mapping: DeviceMapping; created: boolean }> {
      const input = validate(deviceMappingInputSchema, body);
      const created = await writer.execute(async (trx) => {
        const existing = await trx.selectFrom('ingest_device_mappings').selectAll().where('id', '=', input.id).executeTakeFirst();
        if (existing) {
          const same = existing.match_on === input.matchOn && existing.match_key === input.matchKey && existing.chair_id === input.chairId && existing.time_zone === input.timeZone && existing.label === (input.label ?? null);
          if (!same) throw conflict('id', 'id_conflict', `Mapping ${input.id} already exists with other content`);
          return { result: false, changes: [] };
        }
        const chair = await trx.selectFrom('chairs').select('id').where('id', '=', input.chairId).executeTakeFirst();
        if (!chair) throw notFound('Chair', input.chairId, 'chairId');
        const taken = await trx
          .selectFrom('ingest_device_mappings')
          .select('id')
          .where('match_on', '=', input.matchOn)
          .where(sql<string>`lower(match_key)`, '=', input.matchKey.toLowerCase())
          .executeTakeFirst();
        if (taken) throw conflict('matchKey', 'mapping_exists', `${input.matchOn} ${input.matchKey} is already mapped`);
        const now = new Date().toISOString();
        await trx
          .insertInto('ingest_device_mappings')
          .values({ id: input.id, match_on: input.matchOn, match_key: input.matchKey, chair_id: input.chairId, time_zone: input.timeZone, label: input.label ?? null, created_at: now, created_by: actor.userId, updated_at: now, updated_by: actor.userId })
          .execute();
        await audit(trx, actor, { action: 'ingest.mapping.created', entityType: 'ingestDeviceMapping', entityId: input.id, after: input }, now);
        return { result: true, changes: [] };
      });
      const mapping = await getMapping(input.id);
      if (!mapping) throw notFound('Mapping', input.id);
      return { mapping, created };
    },

    /** Creates the mapping for a key, or points an existing one at this chair (demo set-up). */
    async ensureMapping(actor: Actor, input: { matchOn: DeviceMatchOn; matchKey: string; chairId: string; timeZone: string; label?: string }): Promise<void> {
      const existing = await db
        .selectFrom('ingest_device_mappings')
        .select(['id', 'chair_id'])
        .where('match_on', '=', input.matchOn)
        .where(sql<string>`lower(match_key)`, '=', input.matchKey.toLowerCase())
        .executeTakeFirst();
      if (!existing) {
        await this.createMapping(actor, { id: randomUUID(), ...input });
      } else if (existing.chair_id !== input.chairId) {
        await this.updateMapping(actor, existing.id, { chairId: input.chairId });
      }
    },

    async updateMapping(actor: Actor, id: string, body: unknown): Promise<DeviceMapping> {
      const input = validate(deviceMappingUpdateSchema, body);
      await writer.execute(async (trx) => {
        const before = await trx.selectFrom('ingest_device_mappings').selectAll().where('id', '=', id).executeTakeFirst();
        if (!before) throw notFound('Mapping', id);
        if (input.chairId && !(await trx.selectFrom('chairs').select('id').where('id', '=', input.chairId).executeTakeFirst())) {
          throw notFound('Chair', input.chairId, 'chairId');
        }
        const matchOn = input.matchOn ?? before.match_on;
        const matchKey = input.matchKey ?? before.match_key;
        const taken = await trx
          .selectFrom('ingest_device_mappings')
          .select('id')
          .where('match_on', '=', matchOn)
          .where(sql<string>`lower(match_key)`, '=', matchKey.toLowerCase())
          .where('id', '<>', id)
          .executeTakeFirst();
        if (taken) throw conflict('matchKey', 'mapping_exists', `${matchOn} ${matchKey} is already mapped`);
        const now = new Date().toISOString();
        const after = {
          match_on: matchOn,
          match_key: matchKey,
          chair_id: input.chairId ?? before.chair_id,
          time_zone: input.timeZone ?? before.time_zone,
          label: input.label === undefined ? before.label : input.label,
          updated_at: now,
          updated_by: actor.userId,
        };
        await trx.updateTable('ingest_device_mappings').set(after).where('id', '=', id).execute();
        await audit(trx, actor, { action: 'ingest.mapping.updated', entityType: 'ingestDeviceMapping', entityId: id, before, after }, now);
        return { result: null, changes: [] };
      });
      const mapping = await getMapping(id);
      if (!mapping) throw notFound('Mapping', id);
      return mapping;
    },

    async listInbox(query: unknown): Promise<InboxEntry[]> {
      const { status, limit } = validate(inboxQuerySchema, query);
      let q = db.selectFrom('ingest_inbox').selectAll().orderBy('received_at', 'desc').limit(limit);
      if (status !== 'all') q = q.where('status', '=', status);
      return (await q.execute()).map(toInbox);
    },

    getInbox,

    /** Records an inbox entry's readings into a session the person chose (source `device`), audited. */
    async assignInbox(actor: Actor, id: string, body: unknown): Promise<{ entry: InboxEntry; stored: number; alreadyStored: number }> {
      const input = validate(inboxAssignSchema, body);
      const entry = await getInbox(id);
      if (!entry) throw notFound('Inbox entry', id);
      if (entry.status !== 'open') throw conflict('id', 'inbox_closed', `This entry was already ${entry.status}`);
      if (entry.pending.length === 0) {
        throw conflict('id', 'nothing_to_assign', 'This entry holds no readings that could be recorded (only rows that could not be mapped); dismiss it with a reason');
      }
      const session = await db.selectFrom('sessions').select(['id']).where('id', '=', input.sessionId).executeTakeFirst();
      if (!session) throw notFound('Session', input.sessionId, 'sessionId');
      const read = readHl7(entry.raw);
      if (!read.ok) throw new DomainError(422, 'not_hl7', read.message);
      const mapping = await findMapping(db, read.message);
      const zone = input.timeZone ?? mapping?.time_zone ?? options.defaultTimeZone;
      const wanted = new Set(entry.pending.map((p) => p.location));
      const deviceId = read.message.deviceId ?? entry.deviceId;
      const prepared = hl7Readings(read.message, zone)
        .readings.filter((r) => wanted.has(r.location) && !r.sentinel)
        .map((r) => toInput(r, input.sessionId, 'device', deviceId, liveIdName(deviceId, r)));
      const problems = prepared.map((p) => checkReading(p)).filter((p): p is IngestIssue => p !== null);
      if (problems.length > 0) {
        throw new DomainError(422, 'invalid_reading', problems[0]?.message ?? 'a reading is not valid', problems.map((p) => ({ path: p.location, code: p.code, message: p.message })));
      }
      const before = await existingIds(db, prepared.map((p) => p.input.id));
      const ids = prepared.map((p) => p.input.id);
      await recordWithFollowUp(writer, observations, actor, prepared, async (trx) => {
        const now = new Date().toISOString();
        const updated = await trx
          .updateTable('ingest_inbox')
          .set({ status: 'assigned', session_id: input.sessionId, resolved_at: now, resolved_by: actor.userId, resolution_note: input.timeZone ? `times without a zone read as ${input.timeZone}` : null })
          .where('id', '=', id)
          .where('status', '=', 'open')
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw conflict('id', 'inbox_closed', 'This entry was resolved meanwhile');
        await audit(trx, actor, { action: 'ingest.inbox.assigned', entityType: 'ingestInbox', entityId: id, before: { status: 'open', reason: entry.reason }, after: { sessionId: input.sessionId, observationIds: ids, timeZone: zone } }, now);
      });
      const updated = await getInbox(id);
      if (!updated) throw notFound('Inbox entry', id);
      return { entry: updated, stored: ids.filter((i) => !before.has(i)).length, alreadyStored: ids.filter((i) => before.has(i)).length };
    },

    async dismissInbox(actor: Actor, id: string, body: unknown): Promise<InboxEntry> {
      const { reason } = validate(inboxDismissSchema, body);
      await writer.execute(async (trx) => {
        const entry = await trx.selectFrom('ingest_inbox').select(['status', 'reason']).where('id', '=', id).executeTakeFirst();
        if (!entry) throw notFound('Inbox entry', id);
        if (entry.status !== 'open') throw conflict('id', 'inbox_closed', `This entry was already ${entry.status}`);
        const now = new Date().toISOString();
        await trx.updateTable('ingest_inbox').set({ status: 'dismissed', resolved_at: now, resolved_by: actor.userId, resolution_note: reason }).where('id', '=', id).execute();
        await audit(trx, actor, { action: 'ingest.inbox.dismissed', entityType: 'ingestInbox', entityId: id, before: entry, reason }, now);
        return { result: null, changes: [] };
      });
      const entry = await getInbox(id);
      if (!entry) throw notFound('Inbox entry', id);
      return entry;
    },

    /** Each device's last message, message rate, and errors, from the messages of the last day. */
    async status(now = Date.now()): Promise<{ devices: DeviceIngestStatus[]; openInbox: number; listener: { host: string; port: number } | null }> {
      const since = new Date(now - 86_400_000).toISOString();
      const recent = new Date(now - 5 * 60_000).toISOString();
      const rows = await db
        .selectFrom('ingest_messages')
        .select([
          'device_id',
          sql<string>`max(received_at)`.as('last_at'),
          sql<number>`count(*)`.as('total'),
          sql<number>`sum(case when ack_code <> 'AA' then 1 else 0 end)`.as('errors'),
          sql<number>`sum(case when received_at >= ${recent} then 1 else 0 end)`.as('recent'),
          sql<number>`sum(case when processing_id in ('D', 'T') then 1 else 0 end)`.as('tests'),
        ])
        .where('received_at', '>=', since)
        .groupBy('device_id')
        .execute();
      const devices: DeviceIngestStatus[] = [];
      for (const row of rows) {
        const deviceId = row.device_id ?? '(unknown device)';
        const last = await db
          .selectFrom('ingest_messages')
          .select(['ack_code', 'outcome'])
          .where(row.device_id === null ? sql<boolean>`device_id is null` : sql<boolean>`device_id = ${row.device_id}`)
          .orderBy('received_at', 'desc')
          .limit(1)
          .executeTakeFirst();
        devices.push({
          deviceId,
          lastMessageAt: row.last_at,
          lastAckCode: last?.ack_code ?? '',
          lastOutcome: last?.outcome ?? '',
          messagesPerMinute: Math.round((Number(row.recent) / 5) * 10) / 10,
          errorCount24h: Number(row.errors),
          total24h: Number(row.total),
          testMessages24h: Number(row.tests),
        });
      }
      devices.sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt));
      const open = await db.selectFrom('ingest_inbox').select(sql<number>`count(*)`.as('n')).where('status', '=', 'open').executeTakeFirst();
      return { devices, openInbox: Number(open?.n ?? 0), listener: liveAddress };
    },
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
