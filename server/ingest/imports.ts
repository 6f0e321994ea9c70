import { randomUUID } from 'node:crypto';
import { readCsv, type CsvMapping, csvMappingSchema } from '../../shared/ingest/csv.ts';
import { readFhir } from '../../shared/ingest/fhir.ts';
import { hl7Readings, readHl7, splitHl7Messages } from '../../shared/ingest/hl7.ts';
import {
  type ImportCommitResult,
  type ImportFormat,
  type ImportPreview,
  type ImportPreviewRow,
  importRequestSchema,
} from '../../shared/ingest/schemas.ts';
import type { IngestIssue, IngestReading } from '../../shared/ingest/types.ts';
import type { GroupCommitter } from '../db/groupCommit.ts';
import type { Actor } from '../domain/actor.ts';
import { audit } from '../domain/audit.ts';
import { DomainError, invalid } from '../domain/errors.ts';
import type { ObservationService } from '../domain/observations.ts';
import { validate } from '../domain/validate.ts';
import type { Db } from './db.ts';
import { contentHash } from './ids.ts';
import { type PreparedReading, checkReading, existingIds, recordWithFollowUp, toInput } from './recording.ts';
import { findMapping, findPatient, sessionWindow } from './routing.ts';

interface SourcedReading {
  reading: IngestReading;
  /** Where the session comes from when the request names none. */
  route: { patientIds: string[]; message?: Parameters<typeof findMapping>[1] };
  deviceId: string | null;
}

interface SessionInfo {
  id: string;
  label: string;
  phase: string;
  start: string | null;
  end: string | null;
}

/** Detects the format: JSON → FHIR, an MSH segment → HL7, anything else → CSV. */
export function detectFormat(content: string): ImportFormat {
  const text = content.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'fhir';
  if (/(^|[\r\n]|\v)\s*(MSH|FHS|BHS)\|/.test(text.slice(0, 4096))) return 'hl7';
  return 'csv';
}

export function createImportService(writer: GroupCommitter, db: Db, observations: ObservationService, defaultTimeZone: string) {
  async function sessionInfo(id: string, cache: Map<string, SessionInfo | null>): Promise<SessionInfo | null> {
    if (cache.has(id)) return cache.get(id) ?? null;
    const row = await db
      .selectFrom('sessions as s')
      .innerJoin('chairs as c', 'c.id', 's.chair_id')
      .innerJoin('patients as p', 'p.id', 's.patient_id')
      .select(['s.id', 's.phase', 'c.label as chair', 'p.mrn'])
      .where('s.id', '=', id)
      .executeTakeFirst();
    const info = row ? { id: row.id, phase: row.phase, label: `${row.chair} · ${row.mrn}`, ...(await sessionWindow(db, row.id)) } : null;
    cache.set(id, info);
    return info;
  }

  /** The session of a patient (and chair, when the device is mapped) whose time window holds `at`. */
  async function sessionAt(patientIds: string[], chairId: string | null, at: string): Promise<string | null> {
    const patient = await findPatient(db, patientIds);
    if (!patient) return null;
    let query = db.selectFrom('sessions').select(['id']).where('patient_id', '=', patient.id).where('phase', '<>', 'scheduled');
    if (chairId) query = query.where('chair_id', '=', chairId);
    const candidates = await query.execute();
    const utc = new Date(at).toISOString();
    const fitting: string[] = [];
    for (const c of candidates) {
      const w = await sessionWindow(db, c.id);
      if (w.start && w.start <= utc && (!w.end || utc <= w.end)) fitting.push(c.id);
    }
    return fitting.length === 1 ? (fitting[0] ?? null) : null;
  }

  async function read(body: unknown): Promise<{ request: ReturnType<typeof parseRequest>; preview: ImportPreview; prepared: Array<PreparedReading | null>; mapping: CsvMapping | null }> {
    const request = parseRequest(body);
    const format = request.format ?? detectFormat(request.content);
    const zone = request.timeZone ?? defaultTimeZone;
    const issues: IngestIssue[] = [];
    const sourced: SourcedReading[] = [];
    let mapping: CsvMapping | null = null;

    if (format === 'csv') {
      mapping = request.csv ?? null;
      if (!mapping && request.deviceModel) {
        const saved = await db.selectFrom('import_column_mappings').select('mapping').where('device_model', '=', request.deviceModel).executeTakeFirst();
        if (saved) mapping = validate(csvMappingSchema, JSON.parse(saved.mapping), 'csv');
      }
      if (!mapping) {
        throw invalid('csv', 'mapping_required', request.deviceModel ? `no column mapping is saved for ${request.deviceModel}; send one` : 'a CSV import needs a column mapping (csv) or a deviceModel with a saved one');
      }
      if (request.timeZone && !request.csv?.timeZone) mapping = { ...mapping, timeZone: request.timeZone };
      const result = readCsv(request.content, mapping);
      issues.push(...result.issues);
      if (result.ok) for (const reading of result.readings) sourced.push({ reading, route: { patientIds: [] }, deviceId: request.deviceModel ?? null });
    } else if (format === 'fhir') {
      const result = readFhir(request.content, zone);
      issues.push(...result.issues);
      if (result.ok) for (const row of result.rows) sourced.push({ reading: row.reading, route: { patientIds: row.patientIds }, deviceId: request.deviceModel ?? null });
    } else {
      const chunks = splitHl7Messages(request.content);
      if (chunks.length === 0) issues.push({ location: 'file', code: 'not_hl7', message: 'no HL7 message in the file', severity: 'error' });
      for (const [index, chunk] of chunks.entries()) {
        const where = chunks.length > 1 ? ` (message ${index + 1}, line ${chunk.line})` : '';
        const parsed = readHl7(chunk.text);
        if (!parsed.ok) {
          issues.push({ location: `message ${index + 1}`, code: parsed.code, message: `line ${chunk.line}: ${parsed.message}`, severity: 'error' });
          continue;
        }
        const deviceMapping = await findMapping(db, parsed.message);
        const result = hl7Readings(parsed.message, request.timeZone ?? deviceMapping?.time_zone ?? zone);
        issues.push(...result.issues.map((i) => ({ ...i, location: `${i.location}${where}` })));
        for (const reading of result.readings) {
          sourced.push({ reading: { ...reading, location: `${reading.location}${where}` }, route: { patientIds: parsed.message.patientIds, message: parsed.message }, deviceId: parsed.message.deviceId });
        }
      }
    }

    const sessions = new Map<string, SessionInfo | null>();
    const rows: ImportPreviewRow[] = [];
    const prepared: Array<PreparedReading | null> = [];
    if (request.sessionId && !(await sessionInfo(request.sessionId, sessions))) {
      throw invalid('sessionId', 'not_found', `Session ${request.sessionId} does not exist`);
    }
    for (const { reading, route, deviceId } of sourced) {
      const rowIssues: IngestIssue[] = [];
      if (reading.timeAssumedZone) {
        rowIssues.push({ location: reading.location, code: 'time_zone_assumed', message: `no time zone in the file; read as ${reading.timeAssumedZone}`, severity: 'warning' });
      }
      if (reading.sentinel) {
        // A file is a record of the past: a monitor's no-value code is a gap, not an alarm now.
        issues.push({ location: reading.location, code: 'missing_value', message: `${reading.kind}: the device's no-value code, not imported`, severity: 'skipped' });
        continue;
      }
      let sessionId = request.sessionId ?? null;
      if (!sessionId) {
        const mapped = route.message ? await findMapping(db, route.message) : undefined;
        sessionId = await sessionAt(route.patientIds, mapped?.chair_id ?? null, reading.observedAt);
        if (!sessionId) {
          rowIssues.push({
            location: reading.location,
            code: 'no_session',
            message: route.patientIds.length > 0 ? `no single session of MRN ${route.patientIds.join(' / ')} covers ${reading.observedAt}; choose the session` : 'the file names no patient; choose the session',
            severity: 'error',
          });
        }
      }
      const info = sessionId ? await sessionInfo(sessionId, sessions) : null;
      let candidate: PreparedReading | null = null;
      if (sessionId && info) {
        if (info.phase === 'scheduled') rowIssues.push({ location: reading.location, code: 'session_not_started', message: 'the session has not been checked in', severity: 'error' });
        const utc = new Date(reading.observedAt).toISOString();
        if ((info.start && utc < info.start) || (info.end && utc > info.end)) {
          rowIssues.push({ location: reading.location, code: 'outside_session', message: `${reading.observedAt} is outside the session (${info.start ?? '…'} – ${info.end ?? 'running'})`, severity: 'warning' });
        }
        candidate = toInput(reading, sessionId, 'import', deviceId, `import|${sessionId}|${reading.kind}|${reading.code}|${reading.channel}|${utc}`);
        const problem = checkReading(candidate);
        if (problem) rowIssues.push(problem);
      }
      const ok = candidate !== null && !rowIssues.some((i) => i.severity === 'error');
      rows.push({
        location: reading.location,
        kind: reading.kind,
        values: reading.values,
        unit: reading.unit,
        observedAt: reading.observedAt,
        timeAssumedZone: reading.timeAssumedZone,
        sessionId,
        sessionLabel: info?.label ?? null,
        status: ok ? 'ok' : 'error',
        issues: rowIssues,
      });
      prepared.push(ok ? candidate : null);
    }
    // Two rows that are the same reading (same session, kind, code, time) are one write.
    const seen = new Map<string, number>();
    prepared.forEach((p, i) => {
      if (!p) return;
      const first = seen.get(p.input.id);
      if (first === undefined) {
        seen.set(p.input.id, i);
        return;
      }
      const row = rows[i];
      if (row) {
        row.status = 'error';
        row.issues.push({ location: row.location, code: 'duplicate_row', message: `the same reading as ${rows[first]?.location ?? 'an earlier row'}`, severity: 'error' });
      }
      prepared[i] = null;
    });
    const all = [...issues, ...rows.flatMap((r) => r.issues)];
    const preview: ImportPreview = {
      fileName: request.fileName,
      format,
      deviceModel: request.deviceModel ?? null,
      rows,
      issues,
      summary: {
        ok: rows.filter((r) => r.status === 'ok').length,
        errors: rows.filter((r) => r.status === 'error').length + issues.filter((i) => i.severity === 'error').length,
        skipped: all.filter((i) => i.severity === 'skipped').length,
        warnings: all.filter((i) => i.severity === 'warning').length,
      },
    };
    return { request, preview, prepared, mapping };
  }

  return {
    async preview(_actor: Actor, body: unknown): Promise<ImportPreview> {
      return (await read(body)).preview;
    },

    /** Stores the file's readings (source `import`, the file name kept) in one transaction, audited. */
    async commit(actor: Actor, body: unknown): Promise<ImportCommitResult> {
      const { request, preview, prepared, mapping } = await read(body);
      const ready = prepared.filter((p): p is PreparedReading => p !== null);
      if (preview.summary.errors > 0 && !request.skipInvalidRows) {
        const failing = [...preview.issues.filter((i) => i.severity === 'error'), ...preview.rows.flatMap((r) => r.issues.filter((i) => i.severity === 'error'))];
        throw new DomainError(
          422,
          'import_has_errors',
          `${preview.summary.errors} row(s) cannot be imported; fix them, or commit with skipInvalidRows to import the other ${ready.length}`,
          failing.slice(0, 200).map((i) => ({ path: i.location, code: i.code, message: i.message })),
        );
      }
      if (ready.length === 0) throw invalid('content', 'nothing_to_import', 'no reading in the file can be imported');
      const importId = randomUUID();
      const ids = ready.map((p) => p.input.id);
      const before = await existingIds(db, ids);
      const fileName = request.fileName;
      const format = preview.format;
      const notImported = preview.rows.length - ready.length;
      await recordWithFollowUp(writer, observations, actor, ready, async (trx) => {
        const now = new Date().toISOString();
        for (let i = 0; i < ids.length; i += 500) {
          await trx.updateTable('observations').set({ source_file: fileName }).where('id', 'in', ids.slice(i, i + 500)).where('source_file', 'is', null).execute();
        }
        const stored = ids.length - before.size;
        const sessions = [...new Set(ready.map((p) => String(p.input.sessionId)))];
        await trx
          .insertInto('imports')
          .values({
            id: importId,
            file_name: fileName,
            format,
            file_hash: contentHash(request.content),
            device_model: request.deviceModel ?? null,
            row_count: preview.rows.length,
            stored_count: stored,
            summary: JSON.stringify({ summary: preview.summary, sessions, issues: preview.issues.slice(0, 500), observationIds: ids }),
            created_at: now,
            created_by: actor.userId,
          })
          .execute();
        if (format === 'csv' && request.deviceModel && request.csv && mapping) {
          const saved = JSON.stringify(request.csv);
          const existing = await trx.selectFrom('import_column_mappings').select('device_model').where('device_model', '=', request.deviceModel).executeTakeFirst();
          if (existing) {
            await trx.updateTable('import_column_mappings').set({ mapping: saved, updated_at: now, updated_by: actor.userId }).where('device_model', '=', request.deviceModel).execute();
          } else {
            await trx.insertInto('import_column_mappings').values({ device_model: request.deviceModel, mapping: saved, updated_at: now, updated_by: actor.userId }).execute();
          }
        }
        await audit(
          trx,
          actor,
          { action: 'import.committed', entityType: 'import', entityId: importId, after: { fileName, format, sessions, rows: preview.rows.length, stored, alreadyStored: before.size, notImported, deviceModel: request.deviceModel ?? null } },
          now,
        );
      });
      return { importId, fileName, stored: ids.length - before.size, alreadyStored: before.size, notImported, preview };
    },

    async listColumnMappings(): Promise<Array<{ deviceModel: string; mapping: unknown; updatedAt: string }>> {
      const rows = await db.selectFrom('import_column_mappings').selectAll().orderBy('device_model').execute();
      return rows.map((r) => ({ deviceModel: r.device_model, mapping: JSON.parse(r.mapping) as unknown, updatedAt: r.updated_at }));
    },
  };
}

function parseRequest(body: unknown) {
  return validate(importRequestSchema, body);
}

export type ImportService = ReturnType<typeof createImportService>;
