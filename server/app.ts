import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import type { ServerConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createApiRouter } from './http/api.ts';
import { type MllpListener, startMllpListener } from './ingest/listener.ts';
import { errorHandler } from './http/errors.ts';
import { SharedCountStore } from './redis/rateLimitStore.ts';
import { openRedisLink } from './redis/redisLink.ts';
import type { Logger } from './logger.ts';
import { startLiveUpdates } from './realtime/liveUpdates.ts';
import type { ChairsideServer } from './realtime/socketTypes.ts';
import { type Services, createServices } from './services.ts';

export interface RunningServer {
  services: Services;
  io: ChairsideServer;
  httpServer: http.Server;
  /** The port actually bound (useful with PORT=0). */
  port: number;
  /** The HL7 MLLP listener, when enabled. */
  mllp: MllpListener | undefined;
  close(): Promise<void>;
}

/** Opens the store, migrates it, and serves the API, the sockets and the built client. */
export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  const database = openDatabase(config.database);
  await migrateToLatest(database.db, database.engine);
  const services = createServices(
    database,
    { sessionHours: config.sessionHours, idleMinutes: config.idleMinutes },
    { defaultTimeZone: config.ingestDefaultTimeZone ?? 'UTC' },
  );

  // With several nodes, Redis relays the sockets' messages and keeps the rate-limit counts.
  const redis = config.redisUrl ? openRedisLink(config.redisUrl, logger) : undefined;
  const countStoreFor = (limitName: string) => (redis ? new SharedCountStore(redis.commands, `chairside:rate:${limitName}:`, logger) : undefined);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      strictTransportSecurity: config.trustProxy,
    }),
  );
  app.use('/api', createApiRouter(services, config, countStoreFor));
  if (config.clientDir && fs.existsSync(path.join(config.clientDir, 'index.html'))) {
    const clientDir = config.clientDir;
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // Client-side routes all load the same page.
    app.get(/^(?!\/api\/|\/socket\.io\/).*/, (_req, res) => res.sendFile(path.join(clientDir, 'index.html')));
  }
  app.use(errorHandler(logger));

  const httpServer = http.createServer(app);
  const live = await startLiveUpdates(httpServer, services, logger, config, redis);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  // The alarm clock: time-based alarm duties (re-announce, escalate, feed lost, overdue).
  let ticking = false;
  const alarmClock =
    config.alarmTickMs > 0
      ? setInterval(() => {
          if (ticking) return;
          ticking = true;
          services.alarms
            .tick()
            .catch((error: unknown) => logger.error({ err: error }, 'alarm clock failed'))
            .finally(() => {
              ticking = false;
            });
        }, config.alarmTickMs)
      : undefined;
  alarmClock?.unref();

  const mllp = config.mllp?.enabled ? await startMllpListener(services.ingest, logger, config.mllp.host, config.mllp.port, { fallbackToFreePort: config.demo.enabled }) : undefined;

  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;

  return {
    services,
    io: live.io,
    httpServer,
    port,
    mllp,
    async close() {
      if (alarmClock) clearInterval(alarmClock);
      await mllp?.close();
      await live.close();
      await redis?.close();
      await services.writer.idle();
      await database.close();
    },
  };
}
