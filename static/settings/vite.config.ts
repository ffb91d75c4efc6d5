// Builds the Custom UI settings page into static/settings/dist (the manifest's resource path).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  // Forge serves the bundle from a sub-path, so every asset URL must be relative.
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Forge's CSP blocks inline scripts it has not hashed; keep all code in files.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
