import type { Options } from 'express-rate-limit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../server/logger.ts';
import { SharedCountStore } from '../../server/redis/rateLimitStore.ts';
import { type RedisLink, openRedisLink } from '../../server/redis/redisLink.ts';
import { waitFor } from '../support/freePort.ts';
import { type RedisServer, redisCommand, redisUnavailableReason, startRedis } from '../support/redis.ts';
import { describeWhen } from '../support/requirements.ts';

const WINDOW: Options = { windowMs: 60_000 } as Options;
const unavailable = redisUnavailableReason();

describeWhen(unavailable === undefined, unavailable ?? '', 'rate-limit counts shared through Redis', () => {
  // A Redis of this file's own: the tests pause it, which would stall every other suite's.
  let redis: RedisServer;
  const links: RedisLink[] = [];
  const logger = createLogger('silent');
  let prefixes = 0;

  /** Two nodes' stores for one limit, each on its own connection, both counting in Redis. */
  async function twoNodes(): Promise<[SharedCountStore, SharedCountStore]> {
    const prefix = `test:${++prefixes}:`;
    const stores = [0, 1].map(() => {
      const link = openRedisLink(redis.url, logger);
      links.push(link);
      const store = new SharedCountStore(link.commands, prefix, logger);
      store.init(WINDOW);
      return store;
    });
    const [a, b] = stores as [SharedCountStore, SharedCountStore];
    // Connected and scripts loaded: a probe counted on one is seen by the other.
    await waitFor(async () => (await a.increment('probe')).totalHits + 1 === (await b.increment('probe')).totalHits, 'both stores to count in Redis');
    return [a, b];
  }

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const link of links) await link.close();
    await redis?.stop();
  });

  it('counts one key across nodes, and keeps separate keys apart', async () => {
    const [a, b] = await twoNodes();
    const hits = [];
    for (const store of [a, b, a, b]) hits.push((await store.increment('10.0.0.1')).totalHits);
    expect(hits).toEqual([1, 2, 3, 4]);
    expect((await b.increment('10.0.0.2')).totalHits).toBe(1);
    await a.decrement('10.0.0.1');
    expect((await b.get('10.0.0.1'))?.totalHits).toBe(3);
    await b.resetKey('10.0.0.1');
    expect((await a.increment('10.0.0.1')).totalHits).toBe(1);
  });

  it('counts on each node alone while Redis does not answer, and shares again when it does', async () => {
    const [a, b] = await twoNodes();
    expect((await a.increment('10.0.0.3')).totalHits).toBe(1);
    // Redis accepts the connection but answers no writes for 5 s: a hung Redis, not a closed one.
    expect(await redisCommand(redis.port, 'CLIENT PAUSE 5000 WRITE')).toContain('+OK');
    // Answered from this node's own count, without waiting out the pause.
    const during = await Promise.race([
      Promise.all([a.increment('10.0.0.3'), b.increment('10.0.0.3')]).then((counts) => counts.map((c) => c.totalHits)),
      new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 4_000)),
    ]);
    expect(during).toEqual([1, 1]);
    // After the pause the shared count resumes where Redis left it.
    let round = 0;
    await waitFor(
      async () => {
        // A fresh key each round: the paused increments still land once Redis resumes.
        const key = `10.0.1.${++round}`;
        return (await a.increment(key)).totalHits === 1 && (await b.increment(key)).totalHits === 2;
      },
      'Redis to count again',
      15_000,
    );
  });

  it('counts on each node alone while Redis is gone, without an error reaching the request', async () => {
    const [a, b] = await twoNodes();
    const port = redis.port;
    await redis.stop();
    await waitFor(async () => !(await redisCommand(port, 'PING').then(() => true, () => false)), 'Redis to stop');
    const counts = [];
    for (const store of [a, a, b]) counts.push((await store.increment('10.0.0.5')).totalHits);
    expect(counts).toEqual([1, 2, 1]);
  });
});
