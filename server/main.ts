import { startServer } from './app.ts';
import { loadConfig } from './config.ts';
import { DEMO_PASSWORD, DEMO_USERS, ensureAdmin, seedDemo } from './demo/seed.ts';
import { DemoSimulator } from './demo/simulator.ts';
import { createLogger } from './logger.ts';

async function main(): Promise<void> {
  const config = loadConfig(process.env, process.argv.slice(2));
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, logger);
  // One plain line on stdout, whatever the log level: with PORT=0 it is how a supervisor learns the port.
  console.log(`Chairside listening on http://${config.host}:${server.port}`);
  let simulator: DemoSimulator | undefined;

  if (config.demo.enabled) {
    const cast = await seedDemo(server.services);
    simulator = new DemoSimulator(server.services, cast, logger, config.demo.speed);
    await simulator.start();
    console.log('\nChairside demo is running.');
    console.log(`  Open http://localhost:${server.port}`);
    console.log(`  Sign in as ${DEMO_USERS.map((u) => u.username).join(', ')} with the password "${DEMO_PASSWORD}".\n`);
  } else {
    const password = await ensureAdmin(server.services, config.adminPassword);
    if (password) console.log(`\nCreated the first account: admin, password ${password}. Change it after signing in.\n`);
  }
  logger.info({ port: server.port, database: server.services.database.engine }, 'Chairside listening');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    simulator?.stop();
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
