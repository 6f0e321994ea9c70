import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { ClientSummary, FleetMessage, FleetOptions, ParentMessage, WindowReport } from './fleetProtocol.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const ENTRY = path.join(import.meta.dirname, 'dashboardFleet.ts');
const SENT_FLUSH_MS = 20;

/** The parent's handle on a dashboard fleet running in its own process. */
export interface Fleet {
  readonly pid: number;
  readonly clients: number;
  /** Records an observation's send time (wall-clock ms) for the latency join; batched over IPC. */
  noteSent(id: string, sentAt: number): void;
  /** The window since the last report (latency histogram, deliveries), and starts a new one. */
  report(): Promise<WindowReport>;
  summary(): Promise<ClientSummary[]>;
  /** Reconnects every dashboard to `url`, each resubscribing from its own cursor. */
  retarget(url: string): Promise<void>;
  close(): Promise<void>;
  /** What the fleet process printed, for failure messages. */
  output(): string;
}

/** Forks the fleet and resolves once every dashboard is connected and subscribed. */
export async function startFleet(options: FleetOptions, timeoutMs = 120_000): Promise<Fleet> {
  const child: ChildProcess = fork(ENTRY, [], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the dashboard fleet did not start');

  let nextId = 1;
  const waiting = new Map<number, { resolve: (m: FleetMessage) => void; reject: (e: Error) => void }>();
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      for (const w of waiting.values()) w.reject(new Error(`the dashboard fleet exited (${signal ?? code})\n${output}`));
      waiting.clear();
      resolve();
    });
  });
  child.on('message', (message: FleetMessage) => {
    const w = waiting.get(message.requestId);
    if (!w) return;
    waiting.delete(message.requestId);
    if (message.kind === 'failed') w.reject(new Error(`dashboard fleet: ${message.message}`));
    else w.resolve(message);
  });

  const request = <K extends FleetMessage['kind']>(message: ParentMessage, expect: K, limitMs = 60_000): Promise<Extract<FleetMessage, { kind: K }>> => {
    if (exited) return Promise.reject(new Error(`the dashboard fleet has exited\n${output}`));
    return new Promise((resolve, reject) => {
      const requestId = 'requestId' in message ? message.requestId : 0;
      const timer = setTimeout(() => {
        waiting.delete(requestId);
        reject(new Error(`the dashboard fleet did not answer "${message.kind}" within ${limitMs} ms\n${output}`));
      }, limitMs);
      waiting.set(requestId, {
        resolve: (m) => {
          clearTimeout(timer);
          if (m.kind !== expect) reject(new Error(`expected ${expect} from the fleet, got ${m.kind}`));
          else resolve(m as Extract<FleetMessage, { kind: K }>);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      child.send(message);
    });
  };

  let batch: Array<[string, number]> = [];
  const flush = () => {
    if (batch.length === 0 || exited) return;
    child.send({ kind: 'sent', items: batch } satisfies ParentMessage);
    batch = [];
  };
  const flusher = setInterval(flush, SENT_FLUSH_MS);
  flusher.unref();

  const kill = async () => {
    clearInterval(flusher);
    if (!exited) child.kill('SIGKILL');
    await exit;
  };

  try {
    const started = await request({ kind: 'start', requestId: nextId++, options }, 'started', timeoutMs);
    return {
      pid,
      clients: started.connected,
      noteSent(id, sentAt) {
        batch.push([id, sentAt]);
      },
      async report() {
        flush();
        return (await request({ kind: 'report', requestId: nextId++ }, 'report')).report;
      },
      async summary() {
        return (await request({ kind: 'summary', requestId: nextId++ }, 'summary')).clients;
      },
      async retarget(url) {
        await request({ kind: 'retarget', requestId: nextId++, url }, 'retargeted', timeoutMs);
      },
      async close() {
        clearInterval(flusher);
        try {
          if (!exited) await request({ kind: 'close', requestId: nextId++ }, 'closed', 10_000);
          await Promise.race([exit, new Promise((r) => setTimeout(r, 5_000))]);
        } finally {
          await kill();
        }
      },
      output: () => output,
    };
  } catch (error) {
    await kill();
    throw error;
  }
}
