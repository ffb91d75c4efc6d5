// The README once quoted benchmark figures by hand and they went stale (691 ms
// against the bench's 705 ms). Measured figures live only in docs/benchmarks.md,
// which `npm run bench` writes; the README may state targets, not results.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`## ${heading}\n`);
  expect(start, `README has a "${heading}" section`).toBeGreaterThanOrEqual(0);
  const next = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, next < 0 ? undefined : next);
}

describe('README', () => {
  it('quotes no benchmark result: every figure with a unit there is a target (after ≤ or <)', () => {
    const benchmarks = section(readFileSync('README.md', 'utf8'), 'Benchmarks');
    const figures = [...benchmarks.matchAll(/(\S*\s?)(\d[\d,.]*\s?(?:ms|s|kB|KB|KiB|MB))\b/g)];
    expect(figures.length).toBeGreaterThan(0);
    const results = figures.filter(([, before]) => !/[≤<>]\s?$/.test(before ?? '')).map(([, , figure]) => figure);
    expect(results).toEqual([]);
    expect(benchmarks).toContain('docs/benchmarks.md');
  });
});
