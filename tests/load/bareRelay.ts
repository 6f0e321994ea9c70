import { spawn } from 'node:child_process';
import path from 'node:path';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export interface BareRelay {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts `bareRelayServer.ts` in its own process and resolves with its address. */
export function startBareRelay(timeoutMs = 30_000): Promise<BareRelay> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'bareRelayServer.ts')], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the bare relay did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = /\{"port":(\d+)\}/.exec(output);
      if (!line || child.pid === undefined) return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${line[1]}`,
        pid: child.pid,
        async stop() {
          child.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
          child.kill('SIGKILL');
          await exited;
        },
      });
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the bare relay exited during start-up:\n${output}`));
    });
  });
}
