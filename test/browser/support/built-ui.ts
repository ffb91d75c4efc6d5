// Builds the settings page at most once at a time across test workers: vitest
// runs test files in parallel, and two vite builds into the same dist/ would
// delete each other's files.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { ensureUiBuilt } from '../../../preview/ui-build';
import { REPO_ROOT } from '../../../preview/preview-server';

const LOCK = join(tmpdir(), `ui-build-${createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12)}.lock`);
const STALE_LOCK_MS = 5 * 60_000;

function takeLock(): boolean {
  try {
    mkdirSync(LOCK); // atomic: exactly one caller creates it
    return true;
  } catch {
    try {
      // A lock left by a killed run would block forever.
      if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
    } catch {
      // gone meanwhile: try again
    }
    return false;
  }
}

export async function ensureUiBuiltOnce(): Promise<void> {
  while (!takeLock()) await new Promise((resolve) => setTimeout(resolve, 250));
  try {
    await ensureUiBuilt(REPO_ROOT, () => {});
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
