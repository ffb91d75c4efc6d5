// Hostile bitbucket-pipelines.yml files: each class is refused with its own
// code and a message naming the limit, by every entry point of the core that
// reads a file (listing, planning, the trust report, the structure check).
// Time and memory are measured by the bench (preview/bench/hostile.ts), not here.
import { describe, expect, it } from 'vitest';
import { checkPipelineStructure, globMatches, listSteps, planPipeline, PIPELINE_LIMITS, trustReport } from '../../../src/core/pipeline';
import { parsePipeline } from '../../../src/core/pipeline/parse';
import { HOSTILE_CASES, braceBomb, deepNesting, honestFile, manyAliases, manyKeys } from '../../../preview/bench/hostile-files';
import { branchChoices, facts } from './support';

const refused = HOSTILE_CASES.filter((c) => c.code !== null);

describe('hostile files', () => {
  it.each(refused.map((c) => [c.name, c] as const))('%s: refused with its own code by listing and planning', (_name, hostile) => {
    const text = hostile.text();
    const listed = listSteps(text);
    expect(listed.ok).toBe(false);
    if (listed.ok) return;
    expect(listed.error.code).toBe(hostile.code);
    expect(listed.error.message).toMatch(hostile.says as RegExp);
    // Says what to do, not only what is wrong.
    expect(listed.error.message).toMatch(/by hand|Flatten|Shorten|Write some|Move long scripts/);
    const plan = planPipeline(text, facts, branchChoices, { steps: ['default/0'] });
    expect(plan).toEqual({ ok: false, error: listed.error });
    expect(trustReport(text, facts, branchChoices)).toEqual([]);
    expect(checkPipelineStructure(text)).toEqual([{ where: '(file)', message: listed.error.message }]);
  });

  it('gives each class a code of its own', () => {
    const codes = refused.map((c) => c.code);
    expect(new Set(codes)).toEqual(
      new Set(['alias-expansion-too-large', 'pattern-too-long', 'too-many-nodes', 'too-many-aliases', 'nests-too-deeply', 'file-too-large']),
    );
  });

  it('says the file nests too deeply, never "Maximum call stack size exceeded"', () => {
    for (const style of ['flow', 'block-seq', 'block-map'] as const) {
      for (const depth of [PIPELINE_LIMITS.maxDepth + 1, 200, style === 'block-map' ? 700 : 10_000]) {
        const outcome = parsePipeline(deepNesting(depth, style));
        expect(outcome.ok).toBe(false);
        if (outcome.ok) continue;
        expect(outcome.error.code).toBe('nests-too-deeply');
        expect(outcome.error.message).toMatch(/nests too deeply: at line \d+ it is [\d,]+ or more levels deep, and this app reads at most 64 levels/);
        expect(outcome.error.message).not.toMatch(/call stack/);
      }
    }
  });

  it('counts flow brackets spread over lines, and quoted brackets not at all', () => {
    const lines = `pipelines:\n  default:\n    - step:\n        script: [a]\nx: [\n${'    [\n'.repeat(10_000)}${']'.repeat(10_001)}\n`;
    const outcome = parsePipeline(lines);
    expect(outcome.ok ? null : outcome.error.code).toBe('nests-too-deeply');
    const quoted = `pipelines:\n  default:\n    - step:\n        script:\n          - echo "${'['.repeat(500)}"\n          - echo '${'{'.repeat(500)}'\n`;
    expect(parsePipeline(quoted).ok).toBe(true);
  });

  it('reads files right at the depth, node and alias limits', () => {
    // Just inside each limit, the file is read; one more is refused.
    expect(parsePipeline(deepNesting(PIPELINE_LIMITS.maxDepth - 3, 'flow')).ok).toBe(true);
    expect(parsePipeline(manyKeys(PIPELINE_LIMITS.maxNodes - 100)).ok).toBe(true);
    expect(parsePipeline(manyKeys(PIPELINE_LIMITS.maxNodes + 1)).ok).toBe(false);
    expect(parsePipeline(manyAliases(PIPELINE_LIMITS.maxAliases)).ok).toBe(true);
    const over = parsePipeline(manyAliases(PIPELINE_LIMITS.maxAliases + 1));
    expect(over.ok ? null : over.error.code).toBe('too-many-aliases');
  });

  it('reads an honest file just under the byte limit, and refuses one byte over it', () => {
    const honest = honestFile();
    expect(new TextEncoder().encode(honest).length).toBeLessThanOrEqual(PIPELINE_LIMITS.maxBytes);
    const listed = listSteps(honest);
    expect(listed.ok && listed.steps.length).toBeGreaterThan(500);
    const over = honest + '#'.repeat(PIPELINE_LIMITS.maxBytes - honest.length + 1);
    const outcome = listSteps(over);
    expect(outcome.ok ? null : outcome.error.code).toBe('file-too-large');
    // Multi-byte characters count as bytes, not as UTF-16 units.
    const wide = honest + `# ${'é'.repeat(Math.ceil((PIPELINE_LIMITS.maxBytes - honest.length) / 2) + 1)}\n`;
    expect(wide.length).toBeLessThan(PIPELINE_LIMITS.maxBytes);
    const wideOutcome = listSteps(wide);
    expect(wideOutcome.ok ? null : wideOutcome.error.code).toBe('file-too-large');
  });

  it('keeps repeated keys an error, found without comparing every pair', () => {
    const outcome = parsePipeline('pipelines:\n  default:\n    - step:\n        script: [a]\n  default:\n    - step:\n        script: [b]\n');
    expect(outcome.ok ? null : outcome.error).toEqual({
      code: 'yaml-parse-error',
      message: expect.stringMatching(/line 5: the key "default" appears twice in the same mapping/),
    });
  });

  it('keeps the alias guard on: a modest chain is read, a multiplying one is refused', () => {
    const modest = ['pipelines:', '  default:', '    - step: &s', '        script: [a]', ...Array.from({ length: 40 }, () => '    - step: *s'), ''].join('\n');
    const listed = listSteps(modest);
    expect(listed.ok && listed.steps.length).toBe(41);
  });
});

describe('brace bombs are matched, not expanded', () => {
  it('lists, judges and plans the step under twenty {a,b} groups', () => {
    const text = braceBomb();
    const listed = listSteps(text);
    expect(listed.ok).toBe(true);
    if (!listed.ok) return;
    expect(listed.steps).toHaveLength(1);
    const step = listed.steps[0]!;
    expect(step.trigger).toEqual({ kind: 'branch', pattern: '{a,b}'.repeat(20) });
    // The identity trusts main; the bomb's branches are never main.
    const plan = planPipeline(text, facts, branchChoices, { steps: [step.id] });
    expect(plan.ok ? null : plan.error.code).toBe('step-not-trusted');
    expect(plan.ok ? '' : plan.error.message).toMatch(/Runs on pushes to branches matching/);
  });

  it('matches like Bitbucket: * within a segment, ** across /, nested groups, literal leftovers', () => {
    const bomb = '{a,b}'.repeat(20);
    expect(globMatches(bomb, 'ab'.repeat(10))).toBe(true);
    expect(globMatches(bomb, 'ab'.repeat(10) + 'c')).toBe(false);
    expect(globMatches(bomb, 'c' + 'ab'.repeat(9) + 'a')).toBe(false);
    expect(globMatches('release**', 'release/1/2')).toBe(true);
    expect(globMatches('release*', 'release/1')).toBe(false);
    expect(globMatches('{feature,fix}/{a,{b,c}}-*', 'fix/c-1')).toBe(true);
    expect(globMatches('{feature,fix}/{a,{b,c}}-*', 'fix/d-1')).toBe(false);
    expect(globMatches('v{1', 'v{1')).toBe(true);
    expect(globMatches('[abc]', '[abc]')).toBe(true);
    expect(globMatches('[abc]', 'a')).toBe(false);
    expect(globMatches('!main', '!main')).toBe(true);
    expect(globMatches('feature/?', 'feature//')).toBe(false);
  });
});
