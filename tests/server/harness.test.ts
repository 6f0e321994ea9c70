import fs from 'node:fs';
import net from 'node:net';
import { expect, inject, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, startPostgres } from '../support/postgres.ts';
import { redisCommand, startRedis } from '../support/redis.ts';
import { describeWhen } from '../support/requirements.ts';

/** Whether anything accepts TCP connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function query<T>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

const postgresUrl = inject('postgresUrl');
const redisUrl = inject('redisUrl');

describeWhen(postgresUrl !== undefined, inject('postgresUnavailable'), 'throwaway PostgreSQL', () => {
  it('gives each caller its own empty database on the run’s server', async () => {
    if (!postgresUrl) throw new Error('unreachable');
    const [a, b] = await Promise.all([createTestDatabase(postgresUrl), createTestDatabase(postgresUrl)]);
    expect(a).not.toBe(b);
    expect(new URL(a).port).toBe(new URL(postgresUrl).port);
    await query(a, 'create table only_in_a (x int)');
    const inB = await query<{ n: string }>(b, "select count(*) as n from information_schema.tables where table_name = 'only_in_a'");
    expect(Number(inB[0]?.n)).toBe(0);
    const [settings] = await query<{ fsync: string; listen: string }>(
      a,
      "select current_setting('fsync') as fsync, current_setting('listen_addresses') as listen",
    );
    expect(settings).toEqual({ fsync: 'off', listen: '127.0.0.1' });
  });

  it('starts a cluster on a free port and removes it, process and directory, on stop', async () => {
    const server = await startPostgres();
    expect(await listening(server.port)).toBe(true);
    const [row] = await query<{ one: number }>(server.url, 'select 1 as one');
    expect(row?.one).toBe(1);
    await server.stop();
    expect(await listening(server.port)).toBe(false);
    expect(fs.existsSync(server.dir)).toBe(false);
  });
});

describeWhen(redisUrl !== undefined, inject('redisUnavailable'), 'throwaway Redis', () => {
  it('answers on the port the run was given', async () => {
    if (!redisUrl) throw new Error('unreachable');
    const port = Number(new URL(redisUrl).port);
    expect(await redisCommand(port, 'PING')).toBe('+PONG');
    expect(await redisCommand(port, 'SET chairside:smoke 1')).toBe('+OK');
    expect(await redisCommand(port, 'EXISTS chairside:smoke')).toBe(':1');
  });

  it('starts on a free port and is gone, process and directory, after stop', async () => {
    const server = await startRedis();
    expect(await redisCommand(server.port, 'PING')).toBe('+PONG');
    await server.stop();
    expect(await listening(server.port)).toBe(false);
    expect(fs.existsSync(server.dir)).toBe(false);
  });
});
