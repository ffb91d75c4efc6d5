// The first screen's JavaScript stays small: the page is built (into a temporary
// folder, so it never races other builds of static/settings/dist) and what
// index.html loads up front is measured; heavy parts must be in lazy chunks.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const FIRST_SCREEN_LIMIT_GZIP = 150 * 1024;
const outDir = mkdtempSync(path.join(tmpdir(), 'settings-build-'));

/** Scripts index.html makes the browser fetch before the app runs. */
function upFrontScripts(html: string): string[] {
  const modules = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
  return [...modules, ...preloads];
}

function read(relative: string): string {
  return readFileSync(path.join(outDir, relative.replace(/^\.\//, '')), 'utf8');
}

let html = '';
let firstScreen: string[] = [];
let lazyChunks: string[] = [];

beforeAll(async () => {
  await build({ configFile: path.resolve(process.cwd(), 'static/settings/vite.config.ts'), logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  html = read('index.html');
  firstScreen = upFrontScripts(html);
  const all = readdirSync(path.join(outDir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `./assets/${f}`);
  lazyChunks = all.filter((f) => !firstScreen.includes(f));
}, 120_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('settings page build', () => {
  it('uses relative asset URLs (Forge serves the page from a sub-path)', () => {
    expect(firstScreen.length).toBeGreaterThan(0);
    for (const url of firstScreen) expect(url.startsWith('./')).toBe(true);
  });

  it(`loads under ${FIRST_SCREEN_LIMIT_GZIP / 1024} KB of gzipped JavaScript before the form works`, () => {
    const gzipped = firstScreen.reduce((sum, file) => sum + gzipSync(read(file), { level: 9 }).length, 0);
    console.log(`first screen: ${firstScreen.length} files, ${(gzipped / 1024).toFixed(1)} KB gzip`);
    expect(gzipped).toBeLessThan(FIRST_SCREEN_LIMIT_GZIP);
  });

  it.each([
    ['the yaml library (pipeline planning)', 'Implicit keys need to be on a single line'],
    ['the zip writer (fflate)', 'invalid zip data'],
    ['the highlighter', 'true|false|null|~|yes|no'],
  ])('keeps %s out of the first screen, in a lazy chunk', (_what, marker) => {
    expect(firstScreen.filter((file) => read(file).includes(marker))).toEqual([]);
    expect(lazyChunks.filter((file) => read(file).includes(marker))).toHaveLength(1);
  });
});
