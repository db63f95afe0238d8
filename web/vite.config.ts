/**
 * The web app's build (npm run build:web → web/dist, served by `provena serve` at /) and its dev server
 * (npm run dev:web: hot reload on :5173, the API proxied to a running `provena serve`, PROVENA_DEV_API or :8080).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.PROVENA_DEV_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Not /assets: that reads like the API's assets and the server serves this folder as immutable files.
    assetsDir: 'static',
    // Every byte a page runs comes from a file: the Content-Security-Policy forbids inline script.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: {
    proxy: { '/api': api, '/s/': api, '/docs': api, '/openapi.json': api },
  },
});
