import type { Server as HttpServer } from 'node:http';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import type { ServerConfig } from '../config.ts';
import { changesAfter } from '../domain/changeLog.ts';
import { headSeq } from '../domain/sessionQueries.ts';
import type { Logger } from '../logger.ts';
import { attachRedisAdapter } from '../redis/socketAdapter.ts';
import type { RedisLink } from '../redis/redisLink.ts';
import type { Services } from '../services.ts';
import { ChangeRelay } from './changeRelay.ts';
import { fanOut } from './fanOut.ts';
import { attachSocketServer } from './socketServer.ts';
import type { ChairsideServer } from './socketTypes.ts';

export interface LiveUpdates {
  io: ChairsideServer;
  relay: ChangeRelay;
  close(): Promise<void>;
}

/**
 * The sockets, and the road committed changes take to them: this node's commits and, with Redis,
 * the other nodes' announcements go through the relay, which hands this node's sockets each change
 * once and in order. A single node without Redis is the same, with no announcements coming in.
 */
export async function startLiveUpdates(
  httpServer: HttpServer,
  services: Services,
  logger: Logger,
  config: Pick<ServerConfig, 'socketRecheckMs'>,
  redis?: RedisLink,
): Promise<LiveUpdates> {
  const io = attachSocketServer(httpServer, services, logger, config);
  if (redis) attachRedisAdapter(io, redis, logger);
  const relay = new ChangeRelay(
    { head: () => headSeq(services.db), after: (seq, limit) => changesAfter(services.db, seq, limit) },
    (run) => fanOut(io, run),
    { onError: (error) => logger.warn({ err: error }, 'change relay: reading the event log failed') },
  );

  const stopListening = services.writer.onCommitted((changes) => {
    try {
      // Announced first: the other nodes' screens need not wait for this node's own fan-out.
      if (redis) io.serverSideEmit('committed', changes);
      relay.accept(changes);
    } catch (error) {
      // The committer must go on to answer its callers whatever happens here; the relay's read of
      // the log delivers anything this missed.
      logger.error({ err: error }, 'passing on committed changes failed');
    }
  });
  if (redis) {
    io.on('committed', (changes) => {
      if (isChangeBatch(changes)) relay.accept(changes);
      else logger.warn('ignored a malformed change announcement from another node');
    });
  }
  await relay.start();

  return {
    io,
    relay,
    async close() {
      stopListening();
      await relay.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

function isChangeBatch(value: unknown): value is ChangeEvent[] {
  return (
    Array.isArray(value) &&
    value.every(
      (change: unknown) =>
        typeof change === 'object' &&
        change !== null &&
        'seq' in change &&
        Number.isSafeInteger(change.seq) &&
        'type' in change &&
        typeof change.type === 'string' &&
        'sessionId' in change &&
        typeof change.sessionId === 'string',
    )
  );
}
