import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitFor } from './freePort.ts';

const run = promisify(execFile);

/** A throwaway Redis: no persistence, its own directory and port. */
export interface RedisServer {
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

export function findRedisServer(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/bin', '/usr/local/bin', '/usr/sbin'];
  return dirs.map((dir) => path.join(dir, 'redis-server')).find((file) => fs.existsSync(file));
}

export function redisUnavailableReason(): string | undefined {
  return findRedisServer() ? undefined : 'redis-server not found on PATH';
}

/** Sends one inline command and returns the first reply line (enough for PING, INFO-free checks). */
export function redisCommand(port: number, command: string, timeoutMs = 2_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let buffer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`redis ${command}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const end = buffer.indexOf('\r\n');
      if (end < 0) return;
      clearTimeout(timer);
      socket.end();
      resolve(buffer.slice(0, end));
    });
    socket.write(`${command}\r\n`);
  });
}

/** Whether the daemon still runs. An exited daemon is not our child, so it can linger as a zombie
 * until init reaps it; a zombie counts as gone. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

export async function startRedis(): Promise<RedisServer> {
  const bin = findRedisServer();
  if (!bin) throw new Error(redisUnavailableReason());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-redis-'));
  const pidFile = path.join(dir, 'redis.pid');
  const readPid = (): number | undefined => {
    try {
      const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
      return pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  };
  let port = 0;
  try {
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await run(bin, [
          '--port', String(port),
          '--bind', '127.0.0.1',
          '--save', '',
          '--appendonly', 'no',
          '--daemonize', 'yes',
          '--pidfile', pidFile,
          '--dir', dir,
          '--logfile', path.join(dir, 'redis.log'),
        ]);
        await waitFor(async () => (await redisCommand(port, 'PING')) === '+PONG', `Redis on port ${port} to answer PING`, 10_000);
        break;
      } catch (error) {
        const pid = readPid();
        if (pid) process.kill(pid, 'SIGKILL');
        if (attempt >= 3) throw error;
      }
    }
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const pid = readPid();
  if (!pid) throw new Error('redis-server started without writing its pid file');
  const onExit = () => {
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async stop() {
      process.off('exit', onExit);
      if (isAlive(pid)) {
        process.kill(pid, 'SIGTERM');
        await waitFor(() => !isAlive(pid), `redis-server ${pid} to exit`, 10_000).catch(() => {
          if (isAlive(pid)) process.kill(pid, 'SIGKILL');
        });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

