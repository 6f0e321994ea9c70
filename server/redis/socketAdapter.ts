import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from '../logger.ts';
import type { ChairsideServer } from '../realtime/socketTypes.ts';
import type { RedisLink } from './redisLink.ts';

/**
 * Joins the Socket.IO server to the other nodes through Redis (pub/sub). Each node keeps serving its
 * own clients while Redis is away (the change relay reads what it missed from the database), so
 * nothing here may wait for Redis or throw because of it.
 */
export function attachRedisAdapter(io: ChairsideServer, link: RedisLink, logger: Logger): void {
  const onRejected = (error: unknown) => logger.debug({ err: error }, 'Redis command failed');
  io.adapter(createAdapter(handlingRejections(link.commands, onRejected), handlingRejections(link.subscriber, onRejected), { key: 'chairside' }));
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
