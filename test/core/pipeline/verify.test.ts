// The re-parse check refuses splices whose meaning differs from the intended
// change, so a layout the splicer misjudges becomes a refusal, not a broken file.
import { describe, expect, it } from 'vitest';
import { parsePipeline, type ParsedPipeline } from '../../../src/core/pipeline/parse';
import { sameData } from '../../../src/core/pipeline/data';
import { verifyEdits } from '../../../src/core/pipeline/verify';
import { applyInsertions } from '../../../src/core/pipeline/text';
import type { Edit } from '../../../src/core/pipeline/edit';
import { isMap } from 'yaml';

const TEXT = 'pipelines:\n  default:\n    - step:\n        script:\n          - make\n';

function parsed(): ParsedPipeline {
  const p = parsePipeline(TEXT);
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

/** The intended change: oidc: true on the step. */
function addOidc(at: number, line: string): Edit {
  return {
    splices: [{ at, text: line }],
    apply: (doc) => {
      const step = doc.getIn(['pipelines', 'default', 0, 'step'], true);
      if (isMap(step)) step.set('oidc', true);
    },
  };
}

const problemOf = (v: ReturnType<typeof verifyEdits>): string => (v.ok ? 'accepted' : v.problem);

describe('verifyEdits', () => {
  const stepKeys = TEXT.indexOf('        script:');

  it('accepts a splice that means exactly the intended change', () => {
    const edit = addOidc(stepKeys, '        oidc: true\n');
    const verified = verifyEdits(parsed(), [edit], applyInsertions(TEXT, edit.splices));
    expect(verified.ok).toBe(true);
    if (verified.ok) expect((verified.data as any).pipelines.default[0].step.oidc).toBe(true);
  });

  it('refuses a splice that lands at the wrong depth', () => {
    const edit = addOidc(stepKeys, '    oidc: true\n'); // becomes a sibling of "- step:", not a step key
    expect(problemOf(verifyEdits(parsed(), [edit], applyInsertions(TEXT, edit.splices)))).toMatch(/parse|more than the intended/);
  });

  it('refuses a splice that changes other data', () => {
    const edit = addOidc(stepKeys, '        oidc: true\n        name: extra\n');
    expect(problemOf(verifyEdits(parsed(), [edit], applyInsertions(TEXT, edit.splices)))).toMatch(/more than the intended keys/);
  });

  it('refuses a splice that breaks the YAML', () => {
    const edit = addOidc(stepKeys, '        oidc: [true\n');
    expect(problemOf(verifyEdits(parsed(), [edit], applyInsertions(TEXT, edit.splices)))).toMatch(/does not parse/);
  });
});

describe('sameData', () => {
  it('ignores mapping key order but not list order or types', () => {
    expect(sameData({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameData({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameData({ a: true }, { a: 'true' })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameData(new Date(0), new Date(0))).toBe(true);
    expect(sameData(Number.NaN, Number.NaN)).toBe(true);
  });
});
