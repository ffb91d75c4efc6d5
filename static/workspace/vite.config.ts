// Builds the Custom UI workspace page into static/workspace/dist (the manifest's
// workspace-ui resource). Same settings as the repository page's build.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig(({ command }) => {
  // A build is always for production, even when a test (NODE_ENV=test) starts it.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    root,
    // Forge serves the bundle from a sub-path, so every asset URL must be relative.
    base: './',
    plugins: [react()],
    resolve: { alias: { '@app': path.resolve(root, '../../src') } },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      // Forge's CSP blocks inline scripts it has not hashed; keep all code in files.
      assetsInlineLimit: 0,
      sourcemap: false,
    },
  };
});
