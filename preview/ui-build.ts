// Builds the Custom UI pages (the same `npm run build`: the repository page and
// the workspace page) when an output is missing or older than anything it is
// built from, so `npm start` always shows current code.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The Custom UI pages, each a folder under static/ with its own vite.config.ts and dist/. */
export const UI_PAGES = ['settings', 'workspace'] as const;
export type UiPage = (typeof UI_PAGES)[number];

export interface UiPaths {
  /** static/<page>/dist/index.html */
  builtIndex: string;
  /** Files and folders the build reads (walked recursively). */
  sources: string[];
}

export function uiPaths(repoRoot: string, page: UiPage = 'settings'): UiPaths {
  const folder = join(repoRoot, 'static', page);
  return {
    builtIndex: join(folder, 'dist', 'index.html'),
    sources: [
      join(folder, 'src'),
      join(folder, 'index.html'),
      join(folder, 'vite.config.ts'),
      // The workspace page shares the repository page's components.
      ...(page === 'workspace' ? [join(repoRoot, 'static', 'settings', 'src')] : []),
      // The page imports shared contracts and pure core code from src/.
      join(repoRoot, 'src', 'api'),
      join(repoRoot, 'src', 'core'),
      join(repoRoot, 'package-lock.json'),
    ],
  };
}

/** Where snapshotUiBuild puts the workspace page's build, beside the repository page's. */
export function workspaceDistBeside(distDir: string): string {
  return join(dirname(distDir), 'workspace-dist');
}

function newestMtime(path: string): number {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0; // a source that does not exist cannot be newer
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function uiBuildIsStale(paths: UiPaths): boolean {
  let built: number;
  try {
    built = statSync(paths.builtIndex).mtimeMs;
  } catch {
    return true;
  }
  return paths.sources.some((source) => newestMtime(source) > built);
}

/** Runs vite build with the project's config; resolves when it succeeds. Quiet keeps its output unless it fails. */
export function buildUi(repoRoot: string, quiet = false, page: UiPage = 'settings', signal?: AbortSignal): Promise<void> {
  const vite = resolve(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', join('static', page, 'vite.config.ts')], {
      cwd: repoRoot,
      stdio: ['ignore', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'],
      // npm start stopped mid-build stops the build too (no vite left running).
      ...(signal ? { signal } : {}),
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolvePromise()
        : reject(new Error(`The ${page} page's build failed (vite exited with ${code}); run \`npm run build\` to see why.\n${output.slice(-4000)}`)),
    );
  });
}

const STALE_LOCK_MS = 5 * 60_000;

/** mkdir is atomic: exactly one process (npm start, a test worker, the bench) builds at a time. */
function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    try {
      // A lock left by a killed process would block forever.
      if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
    } catch {
      // removed meanwhile: try again
    }
    return false;
  }
}

/**
 * Builds when stale. Two vite builds into the same dist/ would delete each
 * other's files (vitest runs test files in parallel), so builds take a lock.
 */
export function ensureUiBuilt(repoRoot: string, log: (line: string) => void = console.log, signal?: AbortSignal): Promise<void> {
  return underBuildLock(repoRoot, () => buildIfStale(repoRoot, log, signal));
}

/**
 * Builds when stale, then copies the builds to a new temporary folder and
 * returns the repository page's (the workspace page's is beside it, see
 * workspaceDistBeside): tests and the benchmark serve that copy, so a rebuild
 * started meanwhile (someone editing the UI) cannot delete the files a page is loading.
 */
export function snapshotUiBuild(repoRoot: string): Promise<string> {
  return underBuildLock(repoRoot, async () => {
    await buildIfStale(repoRoot, null);
    const copy = join(mkdtempSync(join(tmpdir(), 'ui-dist-')), 'dist');
    cpSync(join(repoRoot, 'static', 'settings', 'dist'), copy, { recursive: true });
    cpSync(join(repoRoot, 'static', 'workspace', 'dist'), workspaceDistBeside(copy), { recursive: true });
    return copy;
  });
}

async function buildIfStale(repoRoot: string, log: ((line: string) => void) | null, signal?: AbortSignal): Promise<void> {
  for (const page of UI_PAGES) {
    if (!uiBuildIsStale(uiPaths(repoRoot, page))) continue;
    log?.(`Building the ${page} page (static/${page}/dist is missing or older than its sources)...`);
    await buildUi(repoRoot, log === null, page, signal);
  }
}

async function underBuildLock<T>(repoRoot: string, work: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), `ui-build-${createHash('sha256').update(resolve(repoRoot)).digest('hex').slice(0, 12)}.lock`);
  while (!takeLock(lock)) await new Promise((wake) => setTimeout(wake, 250));
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
