// Builds the Custom UI settings page into static/settings/dist (the manifest's resource path).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig(({ command }) => {
  // Vite and the React plugin keep an inherited NODE_ENV (vitest sets "test"),
  // which would ship React's development build (~55 KB gzip more) whenever a
  // test builds the page. A build is always for production.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    root,
    // Forge serves the bundle from a sub-path, so every asset URL must be relative.
    base: './',
    plugins: [react()],
    // The page reaches the app's core and contracts by one name, not ../../../../src.
    resolve: { alias: { '@app': path.resolve(root, '../../src') } },
    // The planning worker (src/lib/plan-worker.ts) loads the parser on demand, which needs an ES module worker.
    worker: { format: 'es' },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      // Forge's CSP blocks inline scripts it has not hashed; keep all code in files.
      assetsInlineLimit: 0,
      sourcemap: false,
    },
  };
});
