import type { TestProject } from 'vitest/node';
import { type PostgresServer, postgresUnavailableReason, startPostgres } from './postgres.ts';
import { type RedisServer, redisUnavailableReason, startRedis } from './redis.ts';

/**
 * What the global setup hands to test files through `inject(...)`. A URL is undefined when the
 * service cannot run here; the matching `…Unavailable` says why, for the skip (or CI failure) line.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway cluster's administrative URL (database `postgres`); make a database per file. */
    postgresUrl: string | undefined;
    postgresUnavailable: string;
    redisUrl: string | undefined;
    redisUnavailable: string;
  }
}

/**
 * Starts the throwaway services the suites need, once per run, and hands their addresses to the
 * test files through `inject`. Nothing relies on a service already running on the machine.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [postgres, redis] = await Promise.all([
    startService('PostgreSQL', postgresUnavailableReason, startPostgres),
    startService('Redis', redisUnavailableReason, startRedis),
  ]);
  project.provide('postgresUrl', postgres.server?.url);
  project.provide('postgresUnavailable', postgres.reason);
  project.provide('redisUrl', redis.server?.url);
  project.provide('redisUnavailable', redis.reason);

  return async () => {
    await Promise.all([postgres.server?.stop(), redis.server?.stop()]);
  };
}

async function startService<S extends PostgresServer | RedisServer>(
  name: string,
  unavailable: () => string | undefined,
  start: () => Promise<S>,
): Promise<{ server: S | undefined; reason: string }> {
  const missing = unavailable();
  if (missing) return { server: undefined, reason: missing };
  try {
    return { server: await start(), reason: '' };
  } catch (error) {
    // Installed but would not start: report it through the suites (which fail in CI) rather than
    // aborting every other suite of the run.
    const reason = `${name} is installed but did not start: ${(error as Error).message.split('\n')[0]}`;
    console.error(`[globalSetup] ${reason}\n${(error as Error).message}`);
    return { server: undefined, reason };
  }
}
