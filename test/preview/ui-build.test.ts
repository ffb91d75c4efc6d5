import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uiBuildIsStale, type UiPaths } from '../../preview/ui-build';

function setMtime(path: string, secondsAgo: number): void {
  const when = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(path, when, when);
}

function layout(): UiPaths & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ui-'));
  mkdirSync(join(dir, 'src', 'components'), { recursive: true });
  mkdirSync(join(dir, 'dist'));
  writeFileSync(join(dir, 'src', 'components', 'Page.tsx'), 'x');
  writeFileSync(join(dir, 'index.html'), 'x');
  return { dir, builtIndex: join(dir, 'dist', 'index.html'), sources: [join(dir, 'src'), join(dir, 'index.html'), join(dir, 'missing.ts')] };
}

describe('uiBuildIsStale', () => {
  it('is stale without a build', () => {
    expect(uiBuildIsStale(layout())).toBe(true);
  });

  it('is fresh when the build is newer than every source, stale when a nested source is newer', () => {
    const paths = layout();
    for (const path of [join(paths.dir, 'src', 'components', 'Page.tsx'), join(paths.dir, 'src', 'components'), join(paths.dir, 'src'), join(paths.dir, 'index.html')]) {
      setMtime(path, 100);
    }
    writeFileSync(paths.builtIndex, '<html>');
    setMtime(paths.builtIndex, 50);
    expect(uiBuildIsStale(paths)).toBe(false);
    setMtime(join(paths.dir, 'src', 'components', 'Page.tsx'), 10);
    expect(uiBuildIsStale(paths)).toBe(true);
  });
});
