import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { openDatabase } from '../../../server/db/database.ts';
import { migrateToLatest } from '../../../server/db/migrate.ts';
import { searchHistory } from '../../../server/domain/history.ts';
import { getSessionRecord, sessionSeries } from '../../../server/domain/sessionQueries.ts';
import { historyQuerySchema } from '../../../shared/schemas/history.ts';
import type { BenchResult } from '../benchResult.ts';

const SESSIONS = 100_000;
const PATIENTS = 20_000;
const LONG_SESSION_SECONDS = 4 * 3600;

/** Seeds 100,000 sessions (20,000 patients) and one 4-hour session at 1 Hz, with raw inserts. */
function seed(file: string): { userId: string; mrn: string; longSessionId: string; day: string } {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const userId = randomUUID();
  const chairId = randomUUID();
  const now = new Date().toISOString();
  db.prepare(`insert into users (id, username, display_name, roles, password_hash, disabled, created_at) values (?, 'bench', 'Bench Nurse', '["nurse","physician"]', '!', 0, ?)`).run(userId, now);
  db.prepare(`insert into chairs (id, label, room, created_at) values (?, 'Bench chair', 'B', ?)`).run(chairId, now);
  const patient = db.prepare(`insert into patients (id, mrn, name, date_of_birth, weight_kg, allergies, created_at, created_by, request_hash) values (?, ?, ?, '1980-01-01', 70, '[]', ?, ?, 'x')`);
  const session = db.prepare(`insert into sessions (id, patient_id, chair_id, indication, indication_other, dose_mg_per_kg, weight_kg, total_dose_mg, planned_infusion_minutes, rate_mg_per_hour, nurse_id, physician_id, phase, scheduled_for, infusion_started_at, phase_changed_at, created_at, created_by, request_hash)
    values (?, ?, ?, 'treatmentResistantDepression', null, 0.5, 70, 35, 40, 52.5, ?, ?, 'discharged', null, ?, ?, ?, ?, 'x')`);
  const obs = db.prepare(`insert into observations (id, session_id, kind, value, value2, unit, interpretation, abnormal, observed_at, observed_offset, recorded_at, source, device_id, on_oxygen, source_value, source_value2, source_unit, recorded_by, status, amends_id, superseded_by_id, status_reason, request_hash)
    values (?, ?, ?, ?, ?, ?, '{"value":"normal"}', 0, ?, 0, ?, 'device', 'bench', null, null, null, null, ?, 'final', null, null, null, 'x')`);
  const patientIds: string[] = [];
  let longSessionId = '';
  const start = Date.parse('2024-01-01T08:00:00Z');
  db.transaction(() => {
    for (let p = 0; p < PATIENTS; p++) {
      const id = randomUUID();
      patientIds.push(id);
      patient.run(id, `MRN-${String(p).padStart(6, '0')}`, `Patient ${String(p).padStart(5, '0')} Bench`, now, userId);
    }
    for (let s = 0; s < SESSIONS; s++) {
      const at = new Date(start + s * 9 * 60_000).toISOString();
      const id = randomUUID();
      session.run(id, patientIds[s % PATIENTS], chairId, userId, userId, at, at, at, userId);
      if (s === SESSIONS - 1) longSessionId = id;
    }
    const long = Date.parse('2026-11-20T08:00:00Z');
    for (let t = 0; t < LONG_SESSION_SECONDS; t++) {
      const at = new Date(long + t * 1000).toISOString();
      obs.run(randomUUID(), longSessionId, 'heartRate', 70 + (t % 15), null, '/min', at, at, userId);
      obs.run(randomUUID(), longSessionId, 'spo2', 97, null, '%', at, at, userId);
      if (t % 300 === 0) obs.run(randomUUID(), longSessionId, 'bloodPressure', 125, 80, 'mm[Hg]', at, at, userId);
    }
  })();
  db.close();
  return { userId, mrn: 'MRN-012345', longSessionId, day: new Date(start + 50_000 * 9 * 60_000).toISOString().slice(0, 10) };
}

async function timed(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await work();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

export async function historyBench(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-history-'));
  const file = path.join(dir, 'history.sqlite');
  const handle = openDatabase({ engine: 'sqlite', file });
  await migrateToLatest(handle.db, handle.engine);
  await handle.close();
  const seeded = seed(file);
  const reopened = openDatabase({ engine: 'sqlite', file });
  try {
    const db = reopened.db;
    const query = (q: Record<string, string>) => historyQuerySchema.parse(q);
    const byMrn = await timed(20, () => searchHistory(db, query({ q: seeded.mrn })));
    const byName = await timed(20, () => searchHistory(db, query({ q: 'patient 01234' })));
    const byRange = await timed(20, () => searchHistory(db, query({ from: `${seeded.day}T00:00:00Z`, to: `${seeded.day}T23:59:59Z` })));
    const record = await timed(20, () => getSessionRecord(db, seeded.longSessionId));
    const chart = await timed(10, () => sessionSeries(db, seeded.longSessionId, { maxPoints: 400 }));
    const result = (name: string, value: number, limit: number): BenchResult => ({
      name,
      value,
      unit: 'ms',
      target: Number.isFinite(limit) ? `≤ ${limit} ms` : 'informational',
      met: value <= limit,
    });
    return [
      result(`history search by MRN, ${SESSIONS.toLocaleString('en')} sessions (median, server-side)`, byMrn, 50),
      result('history search by name prefix (median)', byName, 50),
      result('history search by date range (median)', byRange, 50),
      result('one session record, 4-hour 1 Hz session (median)', record, 30),
      result('that session’s chart series, thinned to 400 points (median)', chart, Number.POSITIVE_INFINITY),
    ];
  } finally {
    await reopened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
