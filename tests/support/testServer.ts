import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RunningServer, startServer } from '../../server/app.ts';
import type { DatabaseConfig, ServerConfig } from '../../server/config.ts';
import { DEMO_PASSWORD, seedDemo } from '../../server/demo/seed.ts';
import type { SimulatorCast } from '../../server/demo/simulator.ts';
import { createLogger } from '../../server/logger.ts';
import { signInCookies } from './api.ts';

export interface TestServer {
  server: RunningServer;
  baseUrl: string;
  cast: SimulatorCast;
  /** Signs in a demo user and returns the Cookie header value. */
  signIn(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export function tempSqlite(): DatabaseConfig {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-test-'));
  return { engine: 'sqlite', file: path.join(dir, 'chairside.sqlite') };
}

export function testConfig(database: DatabaseConfig, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    database,
    redisUrl: undefined,
    logLevel: 'silent',
    adminPassword: undefined,
    sessionHours: 12,
    idleMinutes: 15,
    socketRecheckMs: 15_000,
    alarmTickMs: 0,
    rateLimitPerMinute: 100_000,
    trustProxy: false,
    clientDir: undefined,
    demo: { enabled: false, speed: 1 },
    ...overrides,
  };
}

/** An in-process server on a free port with the demo users and chairs (no simulator). */
export async function startTestServer(given?: DatabaseConfig, overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  // Only a database this helper made up is removed again on close; a given one may be reopened.
  const database = given ?? tempSqlite();
  const ownsDatabase = given === undefined;
  const config = testConfig(database, overrides);
  const server = await startServer(config, createLogger(config.logLevel));
  const cast = await seedDemo(server.services);
  const baseUrl = `http://127.0.0.1:${server.port}`;
  return {
    server,
    baseUrl,
    cast,
    signIn: (username, password = DEMO_PASSWORD) => signInCookies(baseUrl, username, password),
    async close() {
      await server.close();
      if (ownsDatabase && database.engine === 'sqlite') fs.rmSync(path.dirname(database.file), { recursive: true, force: true });
    },
  };
}
