import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium } from '../../support/chromium.ts';
import type { BenchApi } from './page/main.tsx';

const pageDir = path.resolve(import.meta.dirname, 'page');

export type TimeDomain = 'threadTicks' | 'timeTicks';

export interface BenchPage {
  page: Page;
  cdp: CDPSession;
  /**
   * Main-thread task time so far (CDP `Performance.getMetrics` TaskDuration), in ms: CPU time by
   * default (`threadTicks`, so other processes competing for the cores do not inflate it), or
   * wall-clock durations after `setTimeDomain('timeTicks')`.
   */
  taskMs(): Promise<number>;
  setTimeDomain(domain: TimeDomain): Promise<void>;
  /** Calls the page's benchmark API. */
  call<K extends keyof BenchApi>(name: K, ...args: Parameters<BenchApi[K]>): Promise<Awaited<ReturnType<BenchApi[K]>>>;
  close(): Promise<void>;
}

export interface BenchBrowser {
  open(viewport: { width: number; height: number }): Promise<BenchPage>;
  close(): Promise<void>;
}

/**
 * Builds the benchmark page (the real components, production React) with Vite into a temp
 * directory, serves it on a free port and opens it in headless Chromium with the test flags.
 */
export async function startBenchBrowser(): Promise<BenchBrowser> {
  const outDir = await builtPage();
  const server = await serve(outDir);
  const browser: Browser = await launchChromium();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`;

  return {
    async open(viewport) {
      const context = await browser.newContext({ viewport, colorScheme: 'light' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(url);
      await page.waitForFunction(() => 'chairsideBench' in window);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
      return {
        page,
        cdp,
        async taskMs() {
          const { metrics } = await cdp.send('Performance.getMetrics');
          return (metrics.find((metric) => metric.name === 'TaskDuration')?.value ?? 0) * 1000;
        },
        async setTimeDomain(domain) {
          await cdp.send('Performance.disable');
          await cdp.send('Performance.enable', { timeDomain: domain });
        },
        async call(name, ...args) {
          if (errors.length > 0) throw new Error(`the benchmark page failed: ${errors.join('; ')}`);
          return page.evaluate(
            ([method, parameters]) => {
              const benchApi = (window as unknown as { chairsideBench: Record<string, (...values: unknown[]) => unknown> }).chairsideBench;
              return benchApi[method as string]?.(...(parameters as unknown[]));
            },
            [name, args] as const,
          ) as never;
        },
        async close() {
          await context.close();
        },
      };
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let pageBuild: Promise<string> | undefined;

/** Built once per run (both browser suites use it), removed when the process exits. */
function builtPage(): Promise<string> {
  pageBuild ??= (async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-bench-'));
    process.once('exit', () => fs.rmSync(outDir, { recursive: true, force: true }));
    await build({
      configFile: false,
      root: pageDir,
      base: './',
      logLevel: 'warn',
      mode: 'production',
      plugins: [react()],
      build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000, minify: process.env.BENCH_MINIFY !== 'false' },
    });
    return outDir;
  })();
  return pageBuild;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

function serve(dir: string): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const relative = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.join(dir, relative);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
