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

/** Starts `node --import tsx server/main.ts` with `env` and waits until /api/health answers. */
export async function spawnServer(env: Record<string, string>, args: string[] = [], timeoutMs = 30_000): Promise<ChildServer> {
  const port = env.PORT;
  if (!port) throw new Error('spawnServer needs PORT');
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
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
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (gone) throw new Error(`server exited during start-up:\n${output}`);
        const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
        return response.status === 200;
      },
      `the server on port ${port} to answer /api/health`,
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
