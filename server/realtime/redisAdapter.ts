import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Logger } from '../logger.ts';
import type { ChairsideServer } from './socketTypes.ts';

export interface RedisLink {
  close(): Promise<void>;
}

/** Reconnect for as long as the node runs, at most a second apart, so delivery resumes soon after Redis does. */
const RETRY_FOREVER = (retries: number): number => Math.min(100 * 2 ** Math.min(retries, 4), 1_000);

/**
 * Joins the Socket.IO server to the other nodes through Redis (pub/sub). Redis is a shortcut, not a
 * dependency: each node keeps serving its own clients while Redis is away (the change relay reads
 * what it missed from the database), so nothing here may wait for Redis or throw because of it.
 */
export function attachRedisAdapter(io: ChairsideServer, url: string, logger: Logger): RedisLink {
  // Publishing while disconnected fails at once instead of queueing: a stale backlog flushed on
  // reconnect would only repeat what the relay has already read from the database. A Redis that
  // stops answering cannot pile up unbounded work either.
  const publisher = createClient({
    url,
    disableOfflineQueue: true,
    commandsQueueMaxLength: 10_000,
    socket: { reconnectStrategy: RETRY_FOREVER, connectTimeout: 2_000 },
  });
  // The subscriber only ever queues its few SUBSCRIBE commands (it re-subscribes by itself on reconnect).
  const subscriber = publisher.duplicate({ disableOfflineQueue: false, commandsQueueMaxLength: 100 });

  const clients = { publisher, subscriber };
  for (const [role, client] of Object.entries(clients)) {
    let warned = false;
    // node-redis reports every failed attempt as an 'error' event (without a listener it would
    // throw): one warning per outage is enough.
    client.on('error', (error: unknown) => {
      if (!warned) logger.warn({ err: error, role }, 'Redis unavailable; this node serves its own clients and catches up from the database');
      warned = true;
    });
    client.on('ready', () => {
      warned = false;
      logger.info({ role }, 'Redis connected');
    });
    // Connects in the background and keeps retrying; the node does not wait for Redis to start.
    client.connect().catch((error: unknown) => logger.warn({ err: error, role }, 'Redis connection abandoned'));
  }

  const onRejected = (error: unknown) => logger.debug({ err: error }, 'Redis command failed');
  io.adapter(createAdapter(handlingRejections(publisher, onRejected), handlingRejections(subscriber, onRejected), { key: 'chairside' }));

  return {
    async close() {
      for (const client of Object.values(clients)) {
        // Already closed, or never connected: nothing to release.
        if (client.isOpen) client.destroy();
      }
    },
  };
}

/**
 * The adapter publishes and subscribes without handling the promises node-redis returns, and those
 * reject while Redis is unreachable; an unhandled rejection would end the process. Every promise
 * the client returns is marked handled (and reported), while callers that await it still see the
 * rejection.
 */
function handlingRejections<T extends object>(client: T, onRejected: (error: unknown) => void): T {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        const result: unknown = value.apply(target, args);
        if (result instanceof Promise) result.catch(onRejected);
        return result;
      };
    },
  });
}
