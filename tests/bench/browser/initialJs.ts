import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { BenchResult, BenchSuite } from '../benchResult.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const LIMIT_KB = 200;

/**
 * What the first page downloads before it can render: the module script in index.html and every
 * chunk it preloads (its static imports), gzip-compressed; beside it, all the client's JavaScript.
 * Built fresh from the project's Vite config into a temp directory.
 */
export const initialJsSuite: BenchSuite = {
  title: 'First page: initial JavaScript',
  async run() {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chairside-size-'));
    try {
      await build({ configFile: path.join(repoRoot, 'vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
      const { initial, all, files } = measureInitialJs(outDir);
      return [
        {
          name: `initial JS of the first page (${files} files)`,
          value: initial,
          unit: 'kB gzip',
          reference: { name: 'all client JS', value: all },
          ratio: initial / all,
          target: `≤ ${LIMIT_KB} kB gzip`,
          met: initial <= LIMIT_KB,
          detail: 'entry script and its modulepreloads; routes are lazy',
        } satisfies BenchResult,
      ];
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  },
};

/** Reads a build's index.html: its module script and modulepreload links are the initial JS. */
export function measureInitialJs(outDir: string): { initial: number; all: number; files: number } {
  const html = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
  const initialFiles = new Set<string>();
  for (const match of html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)) initialFiles.add(match[1] as string);
  for (const match of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) initialFiles.add(match[1] as string);
  const gzipKb = (file: string): number => gzipSync(fs.readFileSync(path.join(outDir, file.replace(/^\//, '')))).length / 1024;
  const initial = [...initialFiles].reduce((sum, file) => sum + gzipKb(file), 0);
  const assets = fs.readdirSync(path.join(outDir, 'assets')).filter((file) => file.endsWith('.js'));
  const all = assets.reduce((sum, file) => sum + gzipKb(`assets/${file}`), 0);
  return { initial, all, files: initialFiles.size };
}
