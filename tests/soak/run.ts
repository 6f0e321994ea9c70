import { parseArgs } from 'node:util';
import { formatWindow, runSoak } from '../load/soakRun.ts';
import { type PostgresServer, postgresUnavailableReason, startPostgres } from '../support/postgres.ts';
import { type SpawnedStore, postgresStore, sqliteStore } from '../support/spawnedStore.ts';

/**
 * `npm run soak`: a bounded soak on loopback. Defaults: 10 minutes, 200 observations per second
 * (200 chairs at 1 Hz), 100 ward dashboards, SQLite. Flags (or SOAK_* environment variables):
 *   --minutes 10  --rate 200  --dashboards 100  --engine sqlite|postgres
 * PostgreSQL runs on a throwaway cluster this script starts and removes. Prints a table per window
 * and the verdicts; exits non-zero if anything was lost or duplicated, or memory or latency grew.
 */

const USAGE = 'usage: npm run soak -- [--minutes N] [--rate N] [--dashboards N] [--engine sqlite|postgres]';

function options() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: process.env.SOAK_MINUTES ?? '10' },
      rate: { type: 'string', default: process.env.SOAK_RATE ?? '200' },
      dashboards: { type: 'string', default: process.env.SOAK_DASHBOARDS ?? '100' },
      engine: { type: 'string', default: process.env.SOAK_ENGINE ?? 'sqlite' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const minutes = Number(values.minutes);
  const rate = Number(values.rate);
  const dashboards = Number(values.dashboards);
  const engine = values.engine;
  if (!(minutes > 0) || !(rate > 0) || !Number.isInteger(dashboards) || dashboards < 1 || (engine !== 'sqlite' && engine !== 'postgres')) {
    console.error(USAGE);
    process.exit(2);
  }
  return { minutes, rate, dashboards, engine };
}

async function main(): Promise<number> {
  const { minutes, rate, dashboards, engine } = options();
  let postgres: PostgresServer | undefined;
  let store: SpawnedStore;
  if (engine === 'postgres') {
    const missing = postgresUnavailableReason();
    if (missing) throw new Error(`cannot soak on PostgreSQL: ${missing}`);
    postgres = await startPostgres();
    store = await postgresStore(postgres.url);
  } else {
    store = sqliteStore();
  }
  console.log(`Soak: ${minutes} min at ${rate} obs/s (${rate} chairs × 1 Hz), ${dashboards} dashboards, ${engine}, loopback only\n`);
  try {
    const result = await runSoak({ store, durationMs: minutes * 60_000, ratePerSecond: rate, dashboards, log: (line) => console.log(line) });
    console.log('\nPer window (the last row includes the catch-up after the load stopped):');
    for (const w of result.windows) console.log(`  ${formatWindow(w)}`);
    const t = result.totals;
    console.log(
      `\nTotals: ${t.sent} sent, ${t.acknowledged} acknowledged, ${t.stored} stored, ${t.dashboards} dashboards; ` +
        `latency overall p50 ${t.overall.p50.toFixed(1)} ms, p99 ${t.overall.p99.toFixed(1)} ms, max ${t.overall.max.toFixed(1)} ms\n`,
    );
    const verdicts = [...result.integrity, ...result.flatness];
    for (const v of verdicts) console.log(`  ${v.ok ? 'ok  ' : 'FAIL'} ${v.name}: ${v.detail}`);
    const failed = verdicts.filter((v) => !v.ok).length;
    console.log(failed === 0 ? '\nSoak passed.' : `\nSoak failed: ${failed} check(s).`);
    return failed === 0 ? 0 : 1;
  } finally {
    await store.remove().catch(() => undefined);
    await postgres?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
