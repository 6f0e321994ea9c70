import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort, waitFor } from './freePort.ts';

const run = promisify(execFile);

/** A throwaway PostgreSQL cluster: its own data directory, socket directory and port. */
export interface PostgresServer {
  /** URL of the cluster's `postgres` database, for administration (CREATE DATABASE). */
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

const IS_ROOT = process.getuid?.() === 0;

/** The newest installed PostgreSQL's bin directory holding initdb and pg_ctl, if any. */
export function findPostgresBin(): string | undefined {
  const candidates: string[] = [];
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs
      .readdirSync(root)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(root, v, 'bin')));
  }
  // Installations that put the server binaries on PATH (Homebrew, distro packages elsewhere).
  candidates.push(...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean));
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')));
}

/** Why PostgreSQL cannot be started here, or undefined when it can. */
export function postgresUnavailableReason(): string | undefined {
  if (!findPostgresBin()) return 'PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin or on PATH';
  if (IS_ROOT && !hasPostgresUser()) return 'running as root but there is no "postgres" user to run PostgreSQL as';
  return undefined;
}

function hasPostgresUser(): boolean {
  return spawnSync('id', ['-u', 'postgres'], { stdio: 'ignore' }).status === 0;
}

/** Runs a PostgreSQL binary; as root it runs as the `postgres` user, since PostgreSQL refuses root. */
async function pgExec(bin: string, args: string[], timeoutMs = 60_000): Promise<void> {
  const [file, argv] = IS_ROOT ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  try {
    await run(file, argv, { timeout: timeoutMs });
  } catch (error) {
    const detail = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${path.basename(bin)} failed: ${detail.message}\n${detail.stderr ?? ''}${detail.stdout ?? ''}`);
  }
}

/** initdb into a fresh temp directory, start on a free port, and wait until it answers queries. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(postgresUnavailableReason());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'postgres.log');
  if (IS_ROOT) fs.chownSync(dir, uidOf('postgres'), gidOf('postgres'));
  const pgCtl = path.join(bin, 'pg_ctl');
  let started = false;
  const stop = async (): Promise<void> => {
    if (started) {
      started = false;
      try {
        await pgExec(pgCtl, ['-D', data, 'stop', '-m', 'fast', '-w'], 30_000);
      } catch {
        // Already gone: fall through to removing the directory.
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await pgExec(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    // A port can be taken between choosing and binding it: try a few.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const options = [
        `-p ${port}`,
        `-k ${dir}`,
        '-c listen_addresses=127.0.0.1',
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=300',
      ].join(' ');
      try {
        await pgExec(pgCtl, ['-D', data, '-l', log, '-o', options, '-w', '-t', '30', 'start'], 40_000);
        started = true;
        break;
      } catch (error) {
        if (attempt >= 3) throw new Error(`${(error as Error).message}\n${readTail(log)}`);
      }
    }
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    await waitFor(async () => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
      try {
        await client.connect();
        await client.query('select 1');
        return true;
      } finally {
        await client.end().catch(() => undefined);
      }
    }, `PostgreSQL on port ${port} to accept connections`);
    // If the test run dies without its teardown, do not leave a server behind.
    const onExit = () => {
      if (!started) return;
      const args = ['-D', data, 'stop', '-m', 'immediate'];
      if (IS_ROOT) spawnSync('runuser', ['-u', 'postgres', '--', pgCtl, ...args], { stdio: 'ignore' });
      else spawnSync(pgCtl, args, { stdio: 'ignore' });
      fs.rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', onExit);
    return {
      url,
      port,
      dir,
      stop: async () => {
        process.off('exit', onExit);
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Creates an empty database on the throwaway server and returns its URL. */
export async function createTestDatabase(serverUrl: string, prefix = 'chairside'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database made by createTestDatabase; every connection to it must be closed first. */
export async function dropTestDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

function uidOf(user: string): number {
  return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}

function gidOf(user: string): number {
  return Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
}

function readTail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}
