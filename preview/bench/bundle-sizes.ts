// Sizes that decide how fast the page and the function start: the JavaScript
// the built page loads before it can run (entry + its static imports, which
// Vite lists as <script type="module"> and <link rel="modulepreload"> in the
// built index.html), the whole UI build, and the resolver bundled for Node.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export function gzipSize(content: string | Uint8Array): number {
  return gzipSync(content, { level: 9 }).length;
}

/** Relative URLs of the scripts index.html makes the browser fetch before the app runs. */
export function firstScreenScripts(indexHtml: string): string[] {
  const urls: string[] = [];
  const tag = /<(script|link)\b[^>]*>/gi;
  for (const match of indexHtml.matchAll(tag)) {
    const text = match[0];
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`, 'i').exec(text)?.[1];
    if (match[1]!.toLowerCase() === 'script' && attr('type') === 'module' && attr('src')) urls.push(attr('src')!);
    if (match[1]!.toLowerCase() === 'link' && attr('rel') === 'modulepreload' && attr('href')) urls.push(attr('href')!);
  }
  return urls;
}

export interface SizeReport {
  files: number;
  bytes: number;
  gzipBytes: number;
}

function sizeOf(paths: string[]): SizeReport {
  let bytes = 0;
  let gzipBytes = 0;
  for (const path of paths) {
    const content = readFileSync(path);
    bytes += content.length;
    gzipBytes += gzipSize(content);
  }
  return { files: paths.length, bytes, gzipBytes };
}

export function firstScreenSize(distDir: string): SizeReport {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const scripts = firstScreenScripts(html).filter((url) => !/^[a-z]+:/i.test(url));
  if (scripts.length === 0) throw new Error(`${distDir}/index.html loads no module script; is it a Vite build?`);
  return sizeOf(scripts.map((url) => join(distDir, url.replace(/^\.?\//, ''))));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

export function wholeBuildSize(distDir: string, extensions = ['.js', '.css']): SizeReport {
  return sizeOf(filesUnder(distDir).filter((file) => extensions.some((ext) => file.endsWith(ext))));
}

/** src/index.ts bundled as Forge would run it: Node platform, only builtins external, minified. */
export async function resolverBundleSize(entry: string): Promise<SizeReport> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    write: false,
    logLevel: 'silent',
    external: [...builtinModules, ...builtinModules.map((name) => `node:${name}`)],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no resolver bundle');
  return { files: 1, bytes: output.contents.length, gzipBytes: gzipSize(output.contents) };
}
