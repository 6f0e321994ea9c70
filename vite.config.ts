import path from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { type Plugin, defineConfig } from 'vite';

const clientRoot = path.resolve(import.meta.dirname, 'client');
const apiServer = 'http://localhost:3000';

/** The first page may load at most this much JavaScript (gzip), so a wall display starts fast. */
export const INITIAL_JS_LIMIT_KB = 200;

/**
 * Prints what the first page loads before it can render: the entry chunk and every chunk it
 * imports statically (what index.html preloads), gzip-compressed. Lazy routes are not counted.
 */
function initialJsReport(): Plugin {
  return {
    name: 'chairside-initial-js',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map<string, { code: string; imports: string[] }>();
      let entry: string | undefined;
      for (const [fileName, output] of Object.entries(bundle)) {
        if (output.type !== 'chunk') continue;
        chunks.set(fileName, { code: output.code, imports: output.imports });
        if (output.isEntry) entry = fileName;
      }
      if (!entry) return;
      const initial = new Set<string>();
      const visit = (fileName: string): void => {
        if (initial.has(fileName)) return;
        initial.add(fileName);
        for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported);
      };
      visit(entry);
      let gzip = 0;
      for (const fileName of initial) gzip += gzipSync(chunks.get(fileName)?.code ?? '').length;
      const kb = gzip / 1024;
      const verdict = kb <= INITIAL_JS_LIMIT_KB ? 'within' : 'OVER';
      this.info(`initial JS (first page): ${kb.toFixed(1)} kB gzip in ${initial.size} chunk(s), ${verdict} the ${INITIAL_JS_LIMIT_KB} kB budget`);
      if (kb > INITIAL_JS_LIMIT_KB) this.warn(`initial JS is ${kb.toFixed(1)} kB gzip, over the ${INITIAL_JS_LIMIT_KB} kB budget: lazy-load a route`);
    },
  };
}

export default defineConfig({
  root: clientRoot,
  publicDir: path.join(clientRoot, 'public'),
  plugins: [react(), initialJsReport()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/client'),
    emptyOutDir: true,
    target: 'es2022',
    // The session page (Recharts) is lazy; warn if any single chunk grows past what a ward screen should load.
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: 5173,
    // The dev server only serves the client; the API and sockets come from `npm run dev:server`.
    proxy: {
      '/api': { target: apiServer, changeOrigin: false },
      '/socket.io': { target: apiServer, ws: true, changeOrigin: false },
    },
  },
});
