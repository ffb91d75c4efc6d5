// src/index.ts bundled the way a deployment bundles it (one file, Node
// platform), then loaded and called. This catches CommonJS/ESM interop mistakes
// (e.g. a default import of @forge/resolver) that vitest's own loader hides.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

type Handler = (event: { call: { functionKey: string; payload?: unknown }; context: unknown }) => Promise<unknown>;

const outDir = mkdtempSync(path.join(tmpdir(), 'handler-bundle-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

async function bundle(format: 'cjs' | 'esm'): Promise<Handler> {
  const outfile = path.join(outDir, format === 'cjs' ? 'index.cjs' : 'index.mjs');
  await build({
    entryPoints: [path.resolve(process.cwd(), 'src/index.ts')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format,
    outfile,
    logLevel: 'silent',
  });
  const loaded = (format === 'cjs' ? createRequire(import.meta.url)(outfile) : await import(pathToFileURL(outfile).href)) as {
    handler: Handler;
  };
  return loaded.handler;
}

describe.each(['cjs', 'esm'] as const)('the bundled handler (%s)', (format) => {
  it('defines every resolver key and answers with typed results', async () => {
    const handler = await bundle(format);
    for (const functionKey of ['loadPage', 'saveChoices', 'openPullRequest', 'saveIdentity']) {
      // No repository in the context: each answers invalid-input before touching Bitbucket or storage.
      const result = await handler({ call: { functionKey, payload: {} }, context: {} });
      expect(result, functionKey).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    await expect(handler({ call: { functionKey: 'deleteEverything' }, context: {} })).rejects.toThrow(/^No such function "deleteEverything"/);
    await expect(handler({ call: { functionKey: 'constructor' }, context: { secret: 'x' } })).rejects.toThrow(/^No such function "constructor"/);
  }, 60_000); // bundling takes a few seconds, more on a busy machine
});
