import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { waitFor } from './freePort.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** The real server (`server/main.ts`) in its own process, as production runs it. */
export interface ChildServer {
  baseUrl: string;
  pid: number;
  /** Everything it wrote to stdout and stderr, for failure messages. */
  output(): string;
  /** SIGKILL: no shutdown handler runs, nothing is flushed. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait (graceful shutdown). */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

const LISTENING_LINE = /Chairside listening on http:\/\/[^\s]+:(\d+)/;

/**
 * Starts `node --import tsx server/main.ts` with `env` and waits until /api/health answers. Unless
 * `env.PORT` says otherwise the server binds a port the OS picks (PORT=0) and the port is read from
 * the server's own "listening" line: a port chosen beforehand could be taken by another test's
 * server during start-up, and the health check would then be answered by that other server.
 */
export async function spawnServer(env: Record<string, string>, args: string[] = [], timeoutMs = 30_000): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'silent', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  let baseUrl = '';
  try {
    await waitFor(
      async () => {
        if (gone) throw new Error(`server exited during start-up:\n${output}`);
        const port = LISTENING_LINE.exec(output)?.[1];
        if (!port) return false;
        baseUrl = `http://127.0.0.1:${port}`;
        const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
        // Still this child's port: a child that exited cannot be the one answering.
        return response.status === 200 && !gone;
      },
      'the server to print its port and answer /api/health',
      timeoutMs,
      100,
    );
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('no pid');
  return {
    baseUrl,
    pid,
    output: () => output,
    async kill() {
      if (!gone) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!gone) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (!gone) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Kills every server this process started and has not yet seen exit (for afterAll). */
export async function killAllSpawned(): Promise<void> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}
