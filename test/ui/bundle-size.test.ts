// The first screen's JavaScript stays small on both Custom UI pages: each page
// is built (into its own temporary folder, so it never races other builds of
// its dist) and what index.html loads up front is measured; heavy parts must
// be in lazy chunks, and each named part is checked to stay there.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const FIRST_SCREEN_LIMIT_GZIP = 150 * 1024;

interface Page {
  name: string;
  config: string;
  /** A part the first paint does not need, and a string only its code contains (kept by minification). */
  lazyParts: [what: string, marker: string][];
}

const PAGES: Page[] = [
  {
    name: 'settings',
    config: 'static/settings/vite.config.ts',
    lazyParts: [
      ['the yaml library (pipeline planning)', 'Implicit keys need to be on a single line'],
      ['the zip writer (fflate)', 'invalid zip data'],
      ['the highlighter', 'true|false|null|~|yes|no'],
    ],
  },
  {
    // The lazy parts are declared in static/workspace/src/components/lazy-parts.tsx.
    name: 'workspace',
    config: 'static/workspace/vite.config.ts',
    lazyParts: [
      ['the tables (@atlaskit/dynamic-table, with its pagination and tooltips)', '@atlaskit/dynamic-table'],
      ['the inventory table', 'Repositories of the workspace'],
      ['the bulk outcomes', 'Retry failed ('],
      ['the workspace Terraform generator', 'do not fit one for_each'],
      ['the identity-ID parser (terraform output -json)', 'is not a map of repository slug to identity ID'],
      ['the zip writer (fflate)', 'invalid zip data'],
      ['the highlighter', 'true|false|null|~|yes|no'],
    ],
  },
];

/** Scripts index.html makes the browser fetch before the app runs. */
function upFrontScripts(html: string): string[] {
  const modules = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
  return [...modules, ...preloads];
}

// %s, not $name, so the names read as before (`settings page build`, without quotes).
describe.each(PAGES.map((page) => [page.name, page] as const))('%s page build', (_name, page) => {
  let outDir = '';
  let firstScreen: string[] = [];
  let lazyChunks: string[] = [];
  const read = (relative: string) => readFileSync(path.join(outDir, relative.replace(/^\.\//, '')), 'utf8');

  beforeAll(async () => {
    outDir = mkdtempSync(path.join(tmpdir(), `${page.name}-build-`));
    await build({ configFile: path.resolve(process.cwd(), page.config), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    firstScreen = upFrontScripts(read('index.html'));
    const all = readdirSync(path.join(outDir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `./assets/${f}`);
    lazyChunks = all.filter((f) => !firstScreen.includes(f));
  }, 120_000);

  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('uses relative asset URLs (Forge serves the page from a sub-path)', () => {
    expect(firstScreen.length).toBeGreaterThan(0);
    for (const url of firstScreen) expect(url.startsWith('./')).toBe(true);
  });

  it(`loads under ${FIRST_SCREEN_LIMIT_GZIP / 1024} KB of gzipped JavaScript before the form works`, () => {
    const gzipped = firstScreen.reduce((sum, file) => sum + gzipSync(read(file), { level: 9 }).length, 0);
    console.log(`${page.name} first screen: ${firstScreen.length} files, ${(gzipped / 1024).toFixed(1)} KB gzip`);
    expect(gzipped).toBeLessThan(FIRST_SCREEN_LIMIT_GZIP);
  });

  it.each(page.lazyParts)('keeps %s out of the first screen, in a lazy chunk', (_what, marker) => {
    expect(firstScreen.filter((file) => read(file).includes(marker))).toEqual([]);
    expect(lazyChunks.filter((file) => read(file).includes(marker))).toHaveLength(1);
  });
});
