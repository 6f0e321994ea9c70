import http from 'node:http';
import { Server } from 'socket.io';
import { afterAll, expect, it } from 'vitest';
import type { ChangeEvent } from '../../shared/realtime/changes.ts';
import { createLogger } from '../../server/logger.ts';
import type { ChairsideServer } from '../../server/realtime/socketTypes.ts';
import { type RedisLink, openRedisLink } from '../../server/redis/redisLink.ts';
import { attachRedisAdapter } from '../../server/redis/socketAdapter.ts';
import { freePort, waitFor } from '../support/freePort.ts';
import { redisUnavailableReason } from '../support/redis.ts';
import { describeWhen } from '../support/requirements.ts';
import { RestartableRedis, redisReply, subscriberCount } from '../support/restartableRedis.ts';

/** The adapter's channel for requests between nodes (key `chairside`); node announcements go there. */
const REQUEST_CHANNEL = 'chairside-request#/#';
const unavailable = redisUnavailableReason();

describeWhen(unavailable === undefined, unavailable ?? '', 'the Socket.IO adapter’s Redis subscriptions', () => {
  const logger = createLogger('silent');
  const links: RedisLink[] = [];
  const servers: ChairsideServer[] = [];
  let redis: RestartableRedis | undefined;

  function node(url: string): { io: ChairsideServer; link: RedisLink } {
    const link = openRedisLink(url, logger);
    // Never listening: only the adapter is under test, but closing needs a server to close.
    const io: ChairsideServer = new Server(http.createServer());
    links.push(link);
    servers.push(io);
    return { io, link };
  }

  afterAll(async () => {
    // Connections first: the adapters' farewell UNSUBSCRIBE then fails at once instead of waiting.
    for (const link of links) await link.close();
    for (const io of servers) await new Promise<void>((resolve) => io.close(() => resolve()));
    await redis?.remove();
  });

  it('are asked for again when Redis goes away before confirming them, so the node hears the others once it is back', async () => {
    redis = new RestartableRedis(await freePort());
    await redis.start();
    const deaf = node(redis.url);
    await waitFor(() => deaf.link.subscriber.isReady && deaf.link.commands.isReady, 'the node to connect to Redis');

    // The adapter subscribes while Redis hangs, and Redis then dies without answering.
    redis.freeze();
    attachRedisAdapter(deaf.io, deaf.link, logger);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await redis.stop();
    expect(deaf.link.subscriber.isReady).toBe(false);
    await redis.start();

    const port = redis.port;
    await waitFor(async () => (await subscriberCount(port, REQUEST_CHANNEL)) === 1, 'the node to subscribe again');
    await waitFor(async () => (await redisReply(port, 'PUBSUB NUMPAT')).includes(':1'), 'the node to subscribe to its pattern again');

    // And it does hear another node's announcement.
    const other = node(redis.url);
    attachRedisAdapter(other.io, other.link, logger);
    await waitFor(async () => (await subscriberCount(port, REQUEST_CHANNEL)) === 2, 'the other node to subscribe');
    const heard: ChangeEvent[][] = [];
    deaf.io.on('committed', (changes) => heard.push(changes));
    // Only its passage matters here, not its content.
    const announced = [{ seq: 1, type: 'session.created', sessionId: 's1', at: new Date().toISOString(), payload: {} } as ChangeEvent];
    await waitFor(() => {
      other.io.serverSideEmit('committed', announced);
      return heard.length > 0;
    }, 'the announcement to reach the node');
    expect(heard[0]).toEqual(announced);
  });
});
