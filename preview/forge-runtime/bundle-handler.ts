// Loads the app's real resolver handler the way Forge runs it: src/index.ts
// bundled for Node with its dependencies (only Node builtins external), then
// required as CommonJS.
import { mkdtempSync, rmSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import type { ResolverHandler } from './invoke-handler';

/**
 * The @forge/* packages are CommonJS with `__esModule`. The app is type-checked
 * with TypeScript's esModuleInterop, where `import Resolver from
 * '@forge/resolver'` is `exports.default`; but in a "type": "module" package
 * esbuild (like Node) would hand over the whole exports object instead. This
 * routes those imports through a tiny re-export module outside the package, so
 * the bundle follows the semantics the code was type-checked against.
 */
const forgeInterop: Plugin = {
  name: 'forge-cjs-interop',
  setup(build) {
    build.onResolve({ filter: /^@forge\// }, async (args) => {
      if (args.pluginData?.viaInterop || args.importer.includes('node_modules')) return undefined;
      const real = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: { viaInterop: true } });
      if (real.errors.length) return { errors: real.errors };
      return { path: real.path, namespace: 'forge-interop' };
    });
    build.onLoad({ filter: /.*/, namespace: 'forge-interop' }, (args) => {
      const target = JSON.stringify(args.path);
      return { contents: `export * from ${target};\nexport { default } from ${target};\n`, loader: 'js', resolveDir: '/' };
    });
    build.onResolve({ filter: /.*/, namespace: 'forge-interop' }, (args) => ({ path: args.path, namespace: 'file' }));
  },
};

const require = createRequire(import.meta.url);

/** Bundles `entry` and returns its export `exportName` (the manifest's `index.<exportName>`). */
export async function loadBundledHandler(entry: string, exportName = 'handler'): Promise<ResolverHandler> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'forge-handler-')), 'index.cjs');
  try {
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      plugins: [forgeInterop],
      logLevel: 'silent',
      external: [...builtinModules, ...builtinModules.map((name) => `node:${name}`)],
    });
  } catch (error) {
    throw new Error(`Could not bundle the resolver ${entry}: ${(error as Error).message}\nFix the build error above (npm run typecheck shows it too).`);
  }
  process.setSourceMapsEnabled?.(true); // stack traces point into src/, not the bundle
  let loaded: Record<string, unknown>;
  try {
    loaded = require(outfile) as Record<string, unknown>;
  } finally {
    // Node keeps the loaded module (and its source map) in memory; the file is no longer needed.
    rmSync(dirname(outfile), { recursive: true, force: true });
  }
  if (typeof loaded[exportName] !== 'function') {
    throw new Error(`${entry} does not export a function "${exportName}" (the manifest's index.${exportName}).`);
  }
  return loaded[exportName] as ResolverHandler;
}
