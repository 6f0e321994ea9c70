import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './freePort.ts';
import { findRedisServer } from './redis.ts';

/**
 * A Redis the test can kill, freeze and start again on the same port, as an outage would. Unlike the
 * run's shared Redis it is a child of the test, so its process can be signalled directly.
 */
export class RestartableRedis {
  private child: ChildProcess | undefined;
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-redis-restartable-'));

  constructor(
    readonly port: number,
    private readonly waitMs = 30_000,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const bin = findRedisServer();
    if (!bin) throw new Error('redis-server not found');
    const child = spawn(bin, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], { stdio: 'ignore' });
    this.child = child;
    await waitFor(async () => (await redisReply(this.port, 'PING')).startsWith('+PONG'), `Redis on port ${this.port}`, this.waitMs, 100);
  }

  /** SIGSTOP: connections stay open, commands are written and never answered (a hung Redis). */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  /** SIGKILL, as a crash: every connection drops, and every command waiting for its answer fails. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async remove(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One command over RESP; resolves with the whole reply once it ends with a status or an integer. */
export function redisReply(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`redis ${command}: no complete answer (${JSON.stringify(reply)})`));
    }, 5_000);
    socket.setEncoding('utf8');
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('data', (chunk: string) => {
      reply += chunk;
      if (!/(^\+[^\r]*|:\d+)\r\n$/.test(reply)) return;
      clearTimeout(timer);
      socket.end();
      resolve(reply);
    });
    socket.write(`${command}\r\n`);
  });
}

/** How many connections subscribe to `channel` (PUBSUB NUMSUB). */
export async function subscriberCount(port: number, channel: string): Promise<number> {
  const match = /:(\d+)\r\n$/.exec(await redisReply(port, `PUBSUB NUMSUB ${channel}`));
  return Number(match?.[1] ?? 0);
}
