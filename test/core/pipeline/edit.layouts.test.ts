// Unusual but valid layouts of an existing bitbucket-pipelines.yml: every one
// either gets only our lines added (in the file's own indentation, with the
// data changed only where intended) or is refused with a reason.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CUSTOM_PIPELINE_NAME, listSteps, planPipeline } from '../../../src/core/pipeline';
import { assertOnlyAdditions, expectError, expectOk, facts, repoChoices, schemaErrors, withoutOurChanges } from './support';

type Data = Record<string, any>;

const read = (text: string): Data => parse(text.replace(/^\uFEFF/, ''), { merge: true, maxAliasCount: -1 }) as Data;

/** Plans with every step chosen and checks the edit added only our lines and changed only our keys. */
function editAll(text: string): { content: string; after: Data } {
  const listed = listSteps(text);
  if (!listed.ok) throw new Error(listed.error.message);
  const plan = expectOk(planPipeline(text, facts, repoChoices, { steps: listed.steps.map((s) => s.id) }));
  assertOnlyAdditions(text, plan.content);
  const after = read(plan.content);
  expect(schemaErrors(after)).toEqual([]);
  expect(withoutOurChanges(structuredClone(after), read(text), plan.changes.oidcAddedTo, CUSTOM_PIPELINE_NAME)).toEqual(read(text));
  return { content: plan.content, after };
}

/** Indentation widths of the lines we added (leading spaces), as a sorted set. */
function addedIndents(original: string, edited: string): number[] {
  const added = assertOnlyAdditions(original, edited);
  return [...new Set(added.map((l) => /^ */.exec(l)?.[0].length ?? 0))].sort((a, b) => a - b);
}

const STEP = 'pipelines:\n  default:\n    - step:\n        script:\n          - echo hi\n';

const LAYOUTS: Record<string, string> = {
  'a tab-indented comment at the end': `${STEP}\t# tab comment\n`,
  'comments after the script list and between keys': `${STEP}          # end of script\n        # between keys\n        caches: [node]\n`,
  'a script whose first item is a block scalar': 'pipelines:\n  default:\n    - step:\n        script:\n          - |\n            echo a\n            echo b\n          - echo c\n',
  'script items at the same indent as script: (indentless)':
    'pipelines:\n  default:\n  - step:\n      script:\n      - echo hi\n  branches:\n    main:\n    - step:\n        script:\n        - echo x\n',
  'document markers --- and ...': `---\n${STEP}...\n`,
  'a %YAML directive': `%YAML 1.2\n---\n${STEP}`,
  'a file ending in a comment without a newline': `${STEP}# the end`,
  'a file ending in a deeper-indented comment': `${STEP}    # nested end\n`,
  'quoted keys': '"pipelines":\n  "custom":\n    a:\n      - step:\n          script:\n            - echo a\n  \'default\':\n    - step:\n        "script":\n          - echo hi\n',
  'custom: first, with an anchor': 'pipelines:\n  custom: &c\n    a:\n      - step:\n          script:\n            - echo a\n  default:\n    - step:\n        script:\n          - echo hi\n',
  'custom: last, followed by commented-out pipelines':
    `${STEP}  custom:\n    a:\n      - step:\n          script:\n            - echo a\n    # b:\n    #   - step: …\n`,
  'custom: merging another mapping': 'definitions:\n  x: &c\n    a:\n      - step:\n          script:\n            - echo a\npipelines:\n  custom:\n    <<: *c\n    b:\n      - step:\n          script:\n            - echo b\n',
  'a comment right after script:': 'pipelines:\n  default:\n    - step:\n        script: # the script\n          # first\n          - echo hi\n',
  'CRLF with a last line lacking its newline': STEP.replace(/\n/g, '\r\n').replace(/\r\n$/, ''),
  'four-space indentation': 'pipelines:\n    default:\n        - step:\n              script:\n                  - echo hi\n',
};

describe('unusual layouts edit cleanly', () => {
  for (const [name, text] of Object.entries(LAYOUTS)) {
    it(name, () => {
      const { after } = editAll(text);
      expect(after.pipelines.custom[CUSTOM_PIPELINE_NAME]).toBeDefined();
    });
  }

  it('a UTF-8 byte order mark stays first and does not skew the indentation of our lines', () => {
    const text = `\uFEFF${STEP}`;
    const { content } = editAll(text);
    expect(content.startsWith('\uFEFFpipelines:')).toBe(true);
    // Our lines follow the file's 2-space steps: nothing indented by an odd number of spaces.
    expect(addedIndents(text, content).filter((n) => n % 2 === 1)).toEqual([]);
    expect(content).toContain('\n  custom:\n    chainguard-oidc:\n      - step:\n');
  });
});

describe('a chosen step that says oidc: false', () => {
  const text = 'pipelines:\n  default:\n    - step:\n        name: Build\n        oidc: false   # off for now\n        script:\n          - echo hi\n';

  it('gets that one word changed to true, the login lines added and a warning', () => {
    const plan = expectOk(planPipeline(text, facts, repoChoices, { steps: ['default/0'], addCustomPipeline: false }));
    const before = text.split('\n');
    const after = plan.content.split('\n');
    // Every line but the oidc one is kept in order; that one differs only in its value.
    const oidcLine = after.find((l) => l.includes('oidc:'));
    expect(oidcLine).toBe('        oidc: true   # off for now');
    expect(after.filter((l) => l.includes('oidc:'))).toHaveLength(1);
    assertOnlyAdditions(text.replace('oidc: false', 'oidc: true'), plan.content);
    expect(before.length).toBeLessThan(after.length);
    const step = read(plan.content).pipelines.default[0].step;
    expect(step.oidc).toBe(true);
    expect(step.script.at(-1)).toBe('echo hi');
    expect(plan.warnings.join(' ')).toMatch(/"oidc: false" \(line 5\) now says "oidc: true"/);
  });

  it('a quoted, tagged or aliased oidc value is still refused with a reason', () => {
    for (const value of ['"no"', '!!bool false', 'off', '0']) {
      const odd = text.replace('oidc: false', `oidc: ${value}`);
      const message = expectError(planPipeline(odd, facts, repoChoices, { steps: ['default/0'] }), 'unsupported-structure');
      expect(message).toMatch(/already sets "oidc"/);
    }
  });
});

describe('layouts that are refused, each with its own reason', () => {
  const refusal = (text: string) => expectError(planPipeline(text, facts, repoChoices), 'unsupported-structure');

  it('custom: empty, flow-style, or an alias', () => {
    expect(refusal(`pipelines:\n  custom:\n${STEP.slice('pipelines:\n'.length)}`)).toMatch(/"custom:" under "pipelines:" is empty/);
    expect(refusal(`pipelines:\n  custom: {}\n${STEP.slice('pipelines:\n'.length)}`)).toMatch(/written in flow style/);
    const aliased = `definitions:\n  c: &c\n    a:\n      - step:\n          script:\n            - echo a\n${STEP}  custom: *c\n`;
    expect(refusal(aliased)).toMatch(/an alias \(\*c\), and adding to it would change every place that uses &c/);
  });

  it('a second YAML document', () => {
    const message = expectError(planPipeline(`${STEP}---\nfoo: 1\n`, facts, repoChoices), 'yaml-parse-error');
    expect(message).toMatch(/line 6.*second YAML document.*"---"/);
    expect(message).not.toMatch(/parseAllDocuments/);
  });
});

describe('anchors that would carry our lines somewhere unannounced are refused', () => {
  const unsafe = (text: string, steps: string[]) => expectError(planPipeline(text, facts, repoChoices, { steps }), 'unsafe-edit');

  it('a script shared with another step through &s / *s (that step would log in without a token)', () => {
    const text = 'pipelines:\n  default:\n    - step:\n        name: a\n        script: &s\n          - echo hi\n    - step:\n        name: b\n        script: *s\n';
    expect(unsafe(text, ['default/0'])).toMatch(/also reach pipelines\.default\.1\.step\.script, which shares a YAML anchor/);
  });

  it('a whole pipeline shared by two branches, only one of them chosen', () => {
    const text = 'pipelines:\n  branches:\n    main: &p\n      - step:\n          script:\n            - echo hi\n    develop: *p\n';
    expect(unsafe(text, ['branches.main/0'])).toMatch(/also reach pipelines\.branches\.develop/);
  });

  it('an anchored custom: or pipelines: that is used elsewhere', () => {
    const custom = `${STEP}  custom: &c\n    a:\n      - step:\n          script:\n            - echo a\nx: *c\n`;
    expect(unsafe(custom, [])).toMatch(/also reach x\.chainguard-oidc/);
    const root = `pipelines: &p\n${STEP.slice('pipelines:\n'.length)}x: *p\n`;
    expect(unsafe(root, [])).toMatch(/also reach x\.custom/);
  });

  it('an anchored custom: used nowhere else is fine', () => {
    editAll(`${STEP}  custom: &c\n    a:\n      - step:\n          script:\n            - echo a\n`);
  });
});

describe('a 10,000-line file', () => {
  // 800 branch pipelines, each with its own step, an alias of a shared step and a parallel group.
  const text = [
    'definitions:', '  steps:', '    - step: &build', '        name: Build', '        script:', '          - npm ci',
    'pipelines:', '  branches:',
    ...Array.from({ length: 800 }, (_, i) => [
      `    'feature/${i}':`, '      - step:', `          name: step ${i}`, '          # why', '          script:', `            - echo ${i}`,
      '      - step: *build', '      - parallel:', '          - step:', '              script:', '                - echo p',
      '',
    ]).flat(),
  ].join('\n');

  // How long it takes is the benchmark's business (npm run bench), not a timed test's.
  it('edits every step in one plan, keeping every line', { timeout: 120_000 }, () => {
    expect(text.split('\n').length).toBeGreaterThan(9_600);
    const { content } = editAll(text);
    expect(content.match(/^ *oidc: true$/gm)).toHaveLength(800 * 2 + 1 + 1); // own + parallel steps, &build once, our check
  });
});
