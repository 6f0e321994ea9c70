import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import type { DatabaseConfig } from '../../server/config.ts';
import { ApiClient } from './api.ts';
import { createTestDatabase } from './postgres.ts';
import { describeWhen } from './requirements.ts';
import { TestSocket } from './socketClient.ts';
import { type TestServer, startTestServer, tempSqlite } from './testServer.ts';

export type EngineName = DatabaseConfig['engine'];

/** One storage engine the same suite runs against. */
export interface EngineTarget {
  name: EngineName;
  /** Why this engine cannot run here; undefined when it can. */
  unavailable: string | undefined;
  /** A fresh, empty database of this engine (SQLite files are removed when the suite ends). */
  freshDatabase(): Promise<DatabaseConfig>;
}

const sqliteDirs = new Set<string>();

function removeSqliteDirs(): void {
  for (const dir of sqliteDirs) fs.rmSync(dir, { recursive: true, force: true });
  sqliteDirs.clear();
}

export function engineTargets(): EngineTarget[] {
  const postgresUrl = inject('postgresUrl');
  return [
    {
      name: 'sqlite',
      unavailable: undefined,
      async freshDatabase() {
        const config = tempSqlite();
        if (config.engine === 'sqlite') sqliteDirs.add(path.dirname(config.file));
        return config;
      },
    },
    {
      name: 'postgres',
      unavailable: postgresUrl ? undefined : inject('postgresUnavailable') || 'no PostgreSQL server was started',
      async freshDatabase() {
        if (!postgresUrl) throw new Error('PostgreSQL is not available');
        return { engine: 'postgres', url: await createTestDatabase(postgresUrl) };
      },
    },
  ];
}

/**
 * Declares the same suite once per engine, named `<name> [sqlite]` and `<name> [postgres]`. An engine
 * that cannot run here skips with its reason, and fails the run in CI.
 */
export function describeEachEngine(name: string, body: (engine: EngineTarget) => void): void {
  for (const engine of engineTargets()) {
    describeWhen(engine.unavailable === undefined, engine.unavailable ?? '', `${name} [${engine.name}]`, () => {
      // Registered first, so with Vitest's stacked hooks it runs after the suite's own teardown.
      afterAll(removeSqliteDirs);
      body(engine);
    });
  }
}

export type Role = 'nurse' | 'physician' | 'reviewer' | 'admin';
const ROLES: readonly Role[] = ['nurse', 'physician', 'reviewer', 'admin'];

/** An in-process server on a fresh database, with every demo role signed in. */
export interface ServerFixture {
  readonly server: TestServer;
  readonly baseUrl: string;
  cookie(role: Role): string;
  /** An API client signed in as `role`, or anonymous. */
  api(role: Role | 'anonymous'): ApiClient;
  /** A connected socket signed in as `role`; closed after the current test. */
  socket(role: Role): Promise<TestSocket>;
}

/** Starts one server per suite (beforeAll) and stops it (afterAll); sockets close after each test. */
export function useTestServer(engine: EngineTarget): ServerFixture {
  let current: TestServer | undefined;
  const cookies = new Map<Role, string>();
  const sockets = new Set<TestSocket>();

  beforeAll(async () => {
    current = await startTestServer(await engine.freshDatabase());
    const server = current;
    await Promise.all(ROLES.map(async (role) => cookies.set(role, await server.signIn(role))));
  });
  afterEach(() => {
    for (const socket of sockets) socket.close();
    sockets.clear();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await current?.close();
  });

  const server = (): TestServer => {
    if (!current) throw new Error('the test server has not started');
    return current;
  };
  const cookie = (role: Role): string => {
    const value = cookies.get(role);
    if (!value) throw new Error(`${role} is not signed in`);
    return value;
  };
  return {
    get server() {
      return server();
    },
    get baseUrl() {
      return server().baseUrl;
    },
    cookie,
    api: (role) => new ApiClient(server().baseUrl, role === 'anonymous' ? undefined : cookie(role)),
    async socket(role) {
      const client = new TestSocket(server().baseUrl, { cookie: cookie(role) });
      sockets.add(client);
      await client.connect();
      return client;
    },
  };
}
