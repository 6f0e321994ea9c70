import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  // Empty means unset: a single node without Redis.
  REDIS_URL: z.string().regex(/^(rediss?:\/\/.+)?$/, 'must be a redis:// or rediss:// URL').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CHAIRSIDE_ADMIN_PASSWORD: z.string().optional(),
  SESSION_HOURS: z.coerce.number().positive().default(12),
  IDLE_MINUTES: z.coerce.number().min(0).default(15),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(10).default(6000),
  SIM_SPEED: z.coerce.number().positive().max(120).default(1),
  MLLP_ENABLED: z.enum(['true', 'false', '0', '1']).optional(),
  MLLP_PORT: z.coerce.number().int().min(0).max(65535).default(2575),
  MLLP_HOST: z.string().default('0.0.0.0'),
  INGEST_DEFAULT_TIME_ZONE: z.string().default('UTC'),
  TRUST_PROXY: z
    .enum(['true', 'false', '0', '1'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

export interface ServerConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  redisUrl: string | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  adminPassword: string | undefined;
  sessionHours: number;
  /** Sign-ins end after this many minutes without user activity (0: never). */
  idleMinutes: number;
  /** How often open sockets are re-checked against their sign-in. */
  socketRecheckMs: number;
  /** How often the alarm clock runs (re-announce, escalate, feed lost, overdue); 0 disables. */
  alarmTickMs: number;
  /** API requests per minute per client address (sign-in has its own, much lower limit). */
  rateLimitPerMinute: number;
  trustProxy: boolean;
  /** Where the built client lives; absent in API-only tests. */
  clientDir: string | undefined;
  demo: { enabled: boolean; speed: number };
  /** The HL7 MLLP listener for monitor gateways; off unless enabled (on by default in the demo). */
  mllp?: { enabled: boolean; host: string; port: number };
  /** Zone for device timestamps without an offset when no device mapping names one. */
  ingestDefaultTimeZone?: string;
}

export type DatabaseConfig =
  | { engine: 'sqlite'; file: string }
  | { engine: 'postgres'; url: string };

export function databaseConfigFrom(databaseUrl: string | undefined, dataDir: string): DatabaseConfig {
  if (databaseUrl && /^postgres(ql)?:\/\//.test(databaseUrl)) return { engine: 'postgres', url: databaseUrl };
  if (databaseUrl?.startsWith('sqlite:')) return { engine: 'sqlite', file: databaseUrl.slice('sqlite:'.length) };
  if (databaseUrl) throw new Error('DATABASE_URL must be a postgres:// or sqlite: URL');
  return { engine: 'sqlite', file: path.join(dataDir, 'chairside.sqlite') };
}

export function loadConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    database: databaseConfigFrom(e.DATABASE_URL, e.DATA_DIR),
    redisUrl: e.REDIS_URL || undefined,
    logLevel: e.LOG_LEVEL,
    adminPassword: e.CHAIRSIDE_ADMIN_PASSWORD,
    sessionHours: e.SESSION_HOURS,
    idleMinutes: e.IDLE_MINUTES,
    socketRecheckMs: 15_000,
    alarmTickMs: 5_000,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    clientDir: path.resolve(import.meta.dirname, '../dist/client'),
    demo: { enabled: argv.includes('--demo'), speed: e.SIM_SPEED },
    mllp: {
      enabled: e.MLLP_ENABLED === undefined ? argv.includes('--demo') : e.MLLP_ENABLED === 'true' || e.MLLP_ENABLED === '1',
      host: e.MLLP_HOST,
      port: e.MLLP_PORT,
    },
    ingestDefaultTimeZone: e.INGEST_DEFAULT_TIME_ZONE,
  };
}
