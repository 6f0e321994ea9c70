import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseConfig } from '../../../server/config.ts';
import type { ObservationInput } from '../../../shared/schemas/observation.ts';
import { type TestServer, startTestServer } from '../../support/testServer.ts';
import { openChairs } from './chairs.ts';
import type { BenchResult } from '../benchResult.ts';

const CHAIRS = 200;
const SECONDS = 5;

const reading = (sessionId: string, i: number): ObservationInput => ({
  id: randomUUID(), sessionId, kind: 'heartRate', value: 60 + (i % 30), observedAt: new Date(Date.now() - 1000).toISOString(), source: 'device', deviceId: 'bench',
});

/** Acknowledged observations per second through the real domain service, 200 chairs sending as fast as acks return. */
async function durableRate(server: TestServer, sessions: string[]): Promise<number> {
  const end = Date.now() + SECONDS * 1000;
  let acked = 0;
  await Promise.all(
    sessions.map(async (sessionId, chair) => {
      let i = chair;
      while (Date.now() < end) {
        await server.server.services.observations.recordObservations(server.cast.monitor, [reading(sessionId, i++)]);
        acked++;
      }
    }),
  );
  return acked / SECONDS;
}

/** The same rows inserted raw with the same driver, in transactions of `batch` rows, durably. */
async function rawSqliteRate(file: string, sessionId: string, userId: string, batch: number): Promise<number> {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const insert = db.prepare(`insert into observations (id, session_id, kind, value, value2, unit, interpretation, abnormal, observed_at, observed_offset, recorded_at, source, device_id, on_oxygen, source_value, source_value2, source_unit, recorded_by, status, amends_id, superseded_by_id, status_reason, request_hash)
    values (?, ?, 'heartRate', ?, null, '/min', '{"value":"normal"}', 0, ?, 0, ?, 'device', 'bench', null, null, null, null, ?, 'final', null, null, null, 'x')`);
  const many = db.transaction((rows: number) => {
    for (let i = 0; i < rows; i++) insert.run(randomUUID(), sessionId, 70, new Date().toISOString(), new Date().toISOString(), userId);
  });
  const end = Date.now() + SECONDS * 1000;
  let rows = 0;
  while (Date.now() < end) {
    many(batch);
    rows += batch;
  }
  db.close();
  return rows / SECONDS;
}

async function rawPostgresRate(url: string, sessionId: string, userId: string, batch: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const end = Date.now() + SECONDS * 1000;
  let rows = 0;
  while (Date.now() < end) {
    await client.query('begin');
    for (let i = 0; i < batch; i++) {
      await client.query(
        `insert into observations (id, session_id, kind, value, value2, unit, interpretation, abnormal, observed_at, observed_offset, recorded_at, source, device_id, on_oxygen, source_value, source_value2, source_unit, recorded_by, status, amends_id, superseded_by_id, status_reason, request_hash)
         values ($1, $2, 'heartRate', 70, null, '/min', '{"value":"normal"}', 0, $3, 0, $3, 'device', 'bench', null, null, null, null, $4, 'final', null, null, null, 'x')`,
        [randomUUID(), sessionId, new Date().toISOString(), userId],
      );
    }
    await client.query('commit');
    rows += batch;
  }
  await client.end();
  return rows / SECONDS;
}

export async function ingestBench(engine: DatabaseConfig['engine'], postgresUrl?: string): Promise<BenchResult[]> {
  let database: DatabaseConfig;
  if (engine === 'sqlite') database = { engine: 'sqlite', file: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-bench-')), 'bench.sqlite') };
  else if (postgresUrl) database = { engine: 'postgres', url: postgresUrl };
  else return [];
  const server = await startTestServer(database);
  try {
    const sessions = await openChairs(server, CHAIRS);
    const ours = await durableRate(server, sessions);
    const first = sessions[0] ?? '';
    const reference =
      database.engine === 'sqlite'
        ? await rawSqliteRate(database.file, first, server.cast.monitor.userId, 100)
        : await rawPostgresRate(database.url, first, server.cast.monitor.userId, 100);
    const ratio = ours / reference;
    return [
      {
        name: `durable ingest, ${engine} (${CHAIRS} chairs, acked obs/s)`,
        value: ours,
        unit: 'obs/s',
        reference: { name: 'raw inserts, 100-row transactions', value: reference },
        ratio,
        target: '≥ 0.5× raw inserts',
        met: ratio >= 0.5,
      },
    ];
  } finally {
    await server.close();
  }
}

