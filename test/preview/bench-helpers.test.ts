import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstScreenScripts, firstScreenSize, gzipSize, resolverBundleSize, wholeBuildSize } from '../../preview/bench/bundle-sizes';
import { median, sequentialRoundTrips } from '../../preview/bench/round-trips';

describe('sequentialRoundTrips', () => {
  it('counts overlapping requests as one round trip and chained ones separately', () => {
    expect(sequentialRoundTrips([])).toBe(0);
    // Three in parallel, then two in parallel after them: 2 round trips.
    expect(
      sequentialRoundTrips([
        { startedAt: 0, endedAt: 100 },
        { startedAt: 1, endedAt: 101 },
        { startedAt: 2, endedAt: 99 },
        { startedAt: 102, endedAt: 200 },
        { startedAt: 103, endedAt: 201 },
      ]),
    ).toBe(2);
    // Strict chain: 3.
    expect(
      sequentialRoundTrips([
        { startedAt: 200, endedAt: 300 },
        { startedAt: 0, endedAt: 100 },
        { startedAt: 100, endedAt: 200 },
      ]),
    ).toBe(3);
  });

  it('follows the longest chain, not the number of waves started', () => {
    // A long request overlaps a chain of two short ones: the chain decides.
    expect(
      sequentialRoundTrips([
        { startedAt: 0, endedAt: 250 },
        { startedAt: 0, endedAt: 100 },
        { startedAt: 110, endedAt: 200 },
      ]),
    ).toBe(2);
  });

  it('takes the median', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });
});

describe('bundle sizes', () => {
  const dist = mkdtempSync(join(tmpdir(), 'dist-'));
  mkdirSync(join(dist, 'assets'));
  const html =
    '<html><head><script type="module" crossorigin src="./assets/index-a.js"></script>' +
    '<link rel="modulepreload" crossorigin href="./assets/vendor-b.js"><link rel="stylesheet" href="./assets/index.css"></head></html>';
  writeFileSync(join(dist, 'index.html'), html);
  writeFileSync(join(dist, 'assets', 'index-a.js'), 'export const a = 1;'.repeat(100));
  writeFileSync(join(dist, 'assets', 'vendor-b.js'), 'export const b = 2;'.repeat(50));
  writeFileSync(join(dist, 'assets', 'lazy-c.js'), 'export const c = 3;'.repeat(500));
  writeFileSync(join(dist, 'assets', 'index.css'), 'body{}');

  it('finds the entry and its preloaded static imports, not lazy chunks', () => {
    expect(firstScreenScripts(html)).toEqual(['./assets/index-a.js', './assets/vendor-b.js']);
    const first = firstScreenSize(dist);
    expect(first.files).toBe(2);
    expect(first.bytes).toBe(19 * 100 + 19 * 50);
    expect(first.gzipBytes).toBe(gzipSize('export const a = 1;'.repeat(100)) + gzipSize('export const b = 2;'.repeat(50)));
    const whole = wholeBuildSize(dist);
    expect(whole.files).toBe(4);
    expect(whole.bytes).toBe(19 * 650 + 6);
  });

  it('bundles a Node entry with everything but builtins inlined', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'entry-'));
    // A large literal in the dependency: if it is inlined, the bundle is larger than it.
    writeFileSync(join(dir, 'dep.ts'), `export const greet = (n: string) => n + ${JSON.stringify('hello '.repeat(1000))};`);
    writeFileSync(join(dir, 'entry.ts'), "import { readFileSync } from 'node:fs';\nimport { greet } from './dep';\nexport const handler = () => greet(String(readFileSync));");
    const size = await resolverBundleSize(join(dir, 'entry.ts'));
    expect(size.files).toBe(1);
    expect(size.bytes).toBeGreaterThan(6000);
    expect(size.gzipBytes).toBeLessThan(size.bytes / 10);
  });
});

describe('benchmark table', () => {
  it('marks targets met and missed, and escapes cells', async () => {
    const { atMost, under, renderTable, allTargetsMet, kb } = await import('../../preview/bench/report');
    expect(atMost(2, 2)).toEqual({ text: '≤ 2', met: true });
    expect(atMost(3, 2).met).toBe(false);
    expect(under(50, 50, ' ms')).toEqual({ text: '< 50 ms', met: false });
    expect(kb(131_900)).toBe('131.9 kB');
    const rows = [
      { area: 'Page load', measure: 'round trips', value: '2', target: atMost(2, 2) },
      { area: 'Edit', measure: 'a | b', value: '78 ms', target: under(78, 50, ' ms') },
      { area: 'Sizes', measure: 'whole build', value: '194.5 kB' },
    ];
    expect(renderTable(rows).split('\n')).toEqual([
      '| Area | Measure | Value | Target |',
      '|---|---|---:|---|',
      '| Page load | round trips | 2 | ✓ ≤ 2 |',
      '| Edit | a \\| b | 78 ms | ✗ < 50 ms |',
      '| Sizes | whole build | 194.5 kB |  |',
    ]);
    expect(allTargetsMet(rows)).toBe(false);
    expect(allTargetsMet(rows.slice(0, 1))).toBe(true);
  });
});
