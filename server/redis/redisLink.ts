import { createClient } from 'redis';
import type { Logger } from '../logger.ts';

/** Reconnect for as long as the node runs, at most a second apart, so the shortcut returns soon after Redis does. */
const RETRY_FOREVER = (retries: number): number => Math.min(100 * 2 ** Math.min(retries, 4), 1_000);

export type RedisClient = ReturnType<typeof createClient>;

/**
 * The node's two connections to Redis: one for commands and publishing, one that only subscribes
 * (a subscribed connection can send nothing else). Redis is a shortcut between nodes, never a
 * dependency: both connect in the background, retry forever, and nothing waits for them.
 */
export interface RedisLink {
  readonly commands: RedisClient;
  readonly subscriber: RedisClient;
  close(): Promise<void>;
}

export function openRedisLink(url: string, logger: Logger): RedisLink {
  // Commands sent while disconnected fail at once instead of queueing: a stale backlog flushed on
  // reconnect would only repeat what the change relay has read from the database meanwhile, and a
  // rate-limit count that waits for Redis would hold up the request it counts.
  const commands = createClient({
    url,
    disableOfflineQueue: true,
    commandsQueueMaxLength: 10_000,
    socket: { reconnectStrategy: RETRY_FOREVER, connectTimeout: 2_000 },
  });
  // The subscriber only ever queues its few SUBSCRIBE commands (it re-subscribes by itself on reconnect).
  const subscriber = commands.duplicate({ disableOfflineQueue: false, commandsQueueMaxLength: 100 });

  const clients = { commands, subscriber };
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
    client.connect().catch((error: unknown) => logger.warn({ err: error, role }, 'Redis connection abandoned'));
  }

  return {
    commands,
    subscriber,
    async close() {
      for (const client of Object.values(clients)) {
        // Already closed, or never connected: nothing to release.
        if (client.isOpen) client.destroy();
      }
    },
  };
}
