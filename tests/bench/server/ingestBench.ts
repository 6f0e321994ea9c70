import { randomUUID } from 'node:crypto';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseConfig } from '../../../server/config.ts';
import type { ObservationInput } from '../../../shared/schemas/observation.ts';
import { interpretObservation, isAbnormal } from '../../../shared/vitals/interpretation.ts';
import { type PostgresServer, startPostgres } from '../../support/postgres.ts';
import { type TestServer, startTestServer, tempSqlite } from '../../support/testServer.ts';
import type { BenchResult } from '../benchResult.ts';
import { openChairs } from './chairs.ts';

const CHAIRS = 200;
const SECONDS = 5;

const heartRate = (i: number) => 60 + (i % 30);

const reading = (sessionId: string, i: number): ObservationInput => ({
  id: randomUUID(), sessionId, kind: 'heartRate', value: heartRate(i), observedAt: new Date(Date.now() - 1000).toISOString(), source: 'device', deviceId: 'bench',
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

const COLUMNS = 'id, session_id, kind, value, value2, unit, interpretation, abnormal, observed_at, observed_offset, recorded_at, source, device_id, on_oxygen, source_value, source_value2, source_unit, recorded_by, status, amends_id, superseded_by_id, status_reason, request_hash';

/** The same rows the service stores: the same chairs in the same interleaving, the same columns and indexes. */
function sameRow(sessions: string[], userId: string, i: number): unknown[] {
  const value = heartRate(i);
  const interpretation = interpretObservation('heartRate', { value });
  const now = new Date().toISOString();
  return [randomUUID(), sessions[i % sessions.length], 'heartRate', value, null, '/min', JSON.stringify(interpretation), isAbnormal(interpretation) ? 1 : 0, now, 0, now, 'device', 'bench', null, null, null, null, userId, 'final', null, null, null, 'x'.repeat(43)];
}

interface RawInserter {
  insertRows(rows: unknown[][]): Promise<void>;
  close(): Promise<void>;
}

function sqliteInserter(file: string): RawInserter {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const insert = db.prepare(`insert into observations (${COLUMNS}) values (${COLUMNS.split(',').map(() => '?').join(', ')})`);
  const many = db.transaction((rows: unknown[][]) => {
    for (const row of rows) insert.run(...row);
  });
  return { insertRows: async (rows) => many(rows), close: async () => void db.close() };
}

async function postgresInserter(url: string): Promise<RawInserter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const text = `insert into observations (${COLUMNS}) values (${COLUMNS.split(',').map((_, i) => `$${i + 1}`).join(', ')})`;
  return {
    async insertRows(rows) {
      await client.query('begin');
      for (const row of rows) await client.query({ name: 'raw-insert', text, values: row });
      await client.query('commit');
    },
    close: () => client.end(),
  };
}

/** Raw inserts of the same rows with the same driver, `perCommit` rows per durable commit. */
async function rawRate(inserter: RawInserter, sessions: string[], userId: string, perCommit: number): Promise<number> {
  const end = Date.now() + SECONDS * 1000;
  let rows = 0;
  while (Date.now() < end) {
    await inserter.insertRows(Array.from({ length: perCommit }, () => sameRow(sessions, userId, rows++)));
  }
  return rows / SECONDS;
}

/** A fresh store with the chairs open; each measurement gets its own, so none runs on another's rows. */
async function freshStore(database: () => Promise<DatabaseConfig>): Promise<{ server: TestServer; sessions: string[]; database: DatabaseConfig }> {
  const config = await database();
  const server = await startTestServer(config);
  return { server, sessions: await openChairs(server, CHAIRS), database: config };
}

async function referenceRate(database: () => Promise<DatabaseConfig>, perCommit: number): Promise<number> {
  const { server, sessions, database: config } = await freshStore(database);
  const userId = server.cast.monitor.userId;
  await server.close();
  const inserter = config.engine === 'sqlite' ? sqliteInserter(config.file) : await postgresInserter(config.url);
  try {
    return await rawRate(inserter, sessions, userId, perCommit);
  } finally {
    await inserter.close();
  }
}

async function engineResults(engine: DatabaseConfig['engine'], database: () => Promise<DatabaseConfig>): Promise<BenchResult[]> {
  const batched = await referenceRate(database, 100);
  const { server, sessions } = await freshStore(database);
  let ours: number;
  try {
    ours = await durableRate(server, sessions);
  } finally {
    await server.close();
  }
  const perRow = await referenceRate(database, 1);
  return [
    {
      name: `durable ingest, ${engine}: ${CHAIRS} chairs, acked obs/s (row + alarms + event log + audit)`,
      value: ours,
      unit: 'obs/s',
      reference: { name: 'raw inserts of the same rows, 100 per transaction', value: batched },
      ratio: ours / batched,
      target: '≥ 0.5× raw inserts',
      met: ours / batched >= 0.5,
    },
    {
      name: `durable ingest, ${engine}, beside raw inserts committed one by one`,
      value: ours,
      unit: 'obs/s',
      reference: { name: 'raw inserts of the same rows, one commit each', value: perRow },
      ratio: ours / perRow,
      target: 'informational',
      met: true,
    },
  ];
}

export async function ingestBench(): Promise<BenchResult[]> {
  const results = await engineResults('sqlite', async () => tempSqlite());
  let cluster: PostgresServer | undefined;
  try {
    cluster = await startPostgres();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    let n = 0;
    const base = cluster.url;
    const database = async (): Promise<DatabaseConfig> => {
      const name = `ingest_bench_${++n}`;
      await admin.query(`create database ${name}`);
      const url = new URL(base);
      url.pathname = `/${name}`;
      return { engine: 'postgres', url: url.toString() };
    };
    try {
      results.push(...(await engineResults('postgres', database)));
    } finally {
      await admin.end();
    }
  } catch (error) {
    results.push({ name: 'durable ingest, postgres', value: Number.NaN, unit: 'obs/s', target: 'PostgreSQL could not be started', met: false, detail: (error as Error).message.split('\n')[0] });
  } finally {
    await cluster?.stop();
  }
  return results;
}
