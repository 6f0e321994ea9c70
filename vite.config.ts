import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const clientRoot = path.resolve(import.meta.dirname, 'client');
const apiServer = 'http://localhost:3000';

export default defineConfig({
  root: clientRoot,
  publicDir: path.join(clientRoot, 'public'),
  plugins: [react()],
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
