import { type ClientRateLimitInfo, MemoryStore, type Options, type Store } from 'express-rate-limit';
import { type RedisReply, RedisStore } from 'rate-limit-redis';
import type { Logger } from '../logger.ts';
import type { RedisClient } from './redisLink.ts';

/** How long a request waits for Redis to count it before this node counts it alone. */
export const SHARED_COUNT_WAIT_MS = 250;

/**
 * Request counts shared by every node through Redis, so a limit (sign-in attempts above all) holds
 * for the clinic and not once per node. While Redis is away or slow each node counts on its own:
 * the limit is looser for that time, but no request waits on Redis and none is refused because of it.
 */
export class SharedCountStore implements Store {
  // Counts live outside this process, so express-rate-limit may not assume it sees all of them.
  readonly localKeys = false;
  private readonly local = new MemoryStore();
  private shared: RedisStore | undefined;
  private options: Options | undefined;

  constructor(
    private readonly redis: RedisClient,
    readonly prefix: string,
    private readonly logger: Logger,
  ) {
    // A restarted Redis has forgotten the counting scripts: load them again on every connection.
    redis.on('ready', () => this.connectShared());
  }

  init(options: Options): void {
    this.options = options;
    this.local.init(options);
    if (this.redis.isReady) this.connectShared();
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const counted = await this.tryShared((shared) => shared.increment(key));
    return counted ?? this.local.increment(key);
  }

  async decrement(key: string): Promise<void> {
    await this.tryShared((shared) => shared.decrement(key));
    this.local.decrement(key);
  }

  async resetKey(key: string): Promise<void> {
    await this.tryShared((shared) => shared.resetKey(key));
    this.local.resetKey(key);
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const found = await this.tryShared((shared) => shared.get(key));
    return found ?? this.local.get(key);
  }

  shutdown(): void {
    this.local.shutdown();
  }

  private connectShared(): void {
    const options = this.options;
    if (!options) return;
    const store = new RedisStore({
      // node-redis answers with its own reply types; the scripts' replies are numbers and arrays of them.
      sendCommand: (...args: string[]) => this.redis.sendCommand(args) as Promise<RedisReply>,
      prefix: this.prefix,
    });
    store.init(options).then(
      () => {
        this.shared = store;
      },
      (error: unknown) => this.logger.debug({ err: error }, 'rate limits: loading the Redis scripts failed; counting per node'),
    );
  }

  /** The shared answer, or undefined when Redis is not there to give it in time. */
  private async tryShared<T>(work: (shared: RedisStore) => Promise<T>): Promise<T | undefined> {
    const shared = this.shared;
    if (!shared || !this.redis.isReady) return undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        work(shared),
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), SHARED_COUNT_WAIT_MS);
        }),
      ]);
    } catch (error) {
      this.logger.debug({ err: error }, 'rate limits: Redis did not count; counting per node');
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
