import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from '../logger.ts';
import type { ChairsideServer } from '../realtime/socketTypes.ts';
import type { RedisClient, RedisLink } from './redisLink.ts';

/** The subscriber's methods that start a subscription (node-redis spells them in camel case). */
const SUBSCRIBING = new Set<PropertyKey>(['subscribe', 'pSubscribe', 'sSubscribe']);

/**
 * Joins the Socket.IO server to the other nodes through Redis (pub/sub). Each node keeps serving its
 * own clients while Redis is away (the change relay reads what it missed from the database), so
 * nothing here may wait for Redis or throw because of it.
 */
export function attachRedisAdapter(io: ChairsideServer, link: RedisLink, logger: Logger): void {
  const onRejected = (error: unknown) => logger.debug({ err: error }, 'Redis command failed');
  const subscriber = keepingSubscriptions(link.subscriber, logger);
  io.adapter(createAdapter(handlingRejections(link.commands, onRejected), handlingRejections(subscriber, onRejected), { key: 'chairside' }));
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

/**
 * node-redis renews on reconnect only the subscriptions Redis confirmed. The adapter subscribes once,
 * when it is created; a SUBSCRIBE whose answer is lost because Redis went away at that moment would
 * leave the node deaf to the others until it restarts. Such a subscription is asked for again as soon
 * as the connection is back, for as long as it keeps failing.
 */
function keepingSubscriptions(client: RedisClient, logger: Logger): RedisClient {
  const toRenew: Array<() => void> = [];
  client.on('ready', () => {
    for (const renew of toRenew.splice(0)) renew();
  });
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || !SUBSCRIBING.has(property)) return value;
      const subscribe = (...args: unknown[]): unknown => {
        const result: unknown = value.apply(target, args);
        if (result instanceof Promise) {
          result.catch((error: unknown) => {
            logger.warn({ err: error, subscription: String(property) }, 'a Redis subscription failed; asking again once Redis is back');
            // Lost with the connection: renewed when it is back. Refused by a live Redis: asked again in a while.
            if (target.isReady) setTimeout(() => subscribe(...args), 1_000).unref();
            else toRenew.push(() => subscribe(...args));
          });
        }
        return result;
      };
      return subscribe;
    },
  });
}
