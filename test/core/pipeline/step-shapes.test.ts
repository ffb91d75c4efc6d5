// The two step shapes real repositories use (issue 10, part 2):
// A. a whole pipeline item merged from an anchor, `- <<: *lint`, where
//    `lint: &lint` holds `step: {…}`;
// B. `step: { <<: *build, deployment: … }`, a step taking its script from a
//    merged anchor, accepted when every step that merges it is chosen.
// Each: listed, judged, edited through its anchor, reach reported, every
// original byte kept, data changed only where intended; LF and CRLF.
import { describe, expect, it } from 'vitest';
import { listSteps, loginLines, planPipeline, trustReport } from '../../../src/core/pipeline';
import { parsePipeline } from '../../../src/core/pipeline/parse';
import type { StepRef } from '../../../src/core/types';
import { assertOnlyAdditions, at, branchChoices, expectError, expectOk, facts, repoChoices } from './support';

const ITEM_MERGE = [
  '# shared steps, merged as whole pipeline items',
  'definitions:',
  '  lint: &lint',
  '    step:',
  '      name: Lint',
  '      script:',
  '        - npm run lint   # fast',
  '',
  'pipelines:',
  '  default:',
  '    - <<: *lint',
  '  branches:',
  '    main:',
  '      - <<: *lint',
  '      - step:',
  '          name: Deploy',
  '          deployment: production',
  '          script:',
  '            - ./deploy.sh',
  '    develop:',
  '      - parallel:',
  '          - <<: *lint',
  '          - step:',
  '              name: Unit',
  '              script: [npm test]',
  '',
].join('\n');

const STEP_MERGE = [
  'definitions:',
  '  steps:',
  '    - step: &build',
  '        name: Build',
  '        script:',
  '          - make build',
  '',
  'pipelines:',
  '  branches:',
  '    main:',
  '      - step:',
  '          <<: *build',
  '          deployment: production',
  '    "release/*":',
  '      - step: { <<: *build, deployment: staging }',
  '  custom:',
  '    nightly:',
  '      - step:',
  '          name: Nightly',
  '          script:',
  '            - make nightly',
  '',
].join('\n');

const LOGIN = loginLines({ configureDocker: false });

const variants = [
  ['LF', (text: string) => text],
  ['CRLF', (text: string) => text.replace(/\n/g, '\r\n')],
] as const;

function data(text: string): any {
  const parsed = parsePipeline(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return JSON.parse(JSON.stringify(parsed.value.data));
}

/** Applies the intended change (oidc: true and the login first in the script) to the mapping at `path` of plain data. */
function withLogin(value: any, path: (string | number)[]): void {
  const step = at(value, path) as any;
  step.oidc = true;
  step.script = [...LOGIN, ...step.script];
}

function ids(steps: StepRef[]): string[] {
  return steps.map((s) => s.id);
}

describe.each(variants)('A. pipeline items merged from an anchor (- <<: *lint), %s', (_eol, eol) => {
  const text = eol(ITEM_MERGE);

  it('lists each merged item as a step, at the line that merges it', () => {
    const listed = listSteps(text);
    expect(listed.ok).toBe(true);
    if (!listed.ok) return;
    const byId = new Map(listed.steps.map((s) => [s.id, s]));
    expect([...byId.keys()]).toEqual(['default/0', 'branches.main/0', 'branches.main/1', 'branches.develop/0/parallel/0', 'branches.develop/0/parallel/1']);
    expect(byId.get('default/0')).toMatchObject({ name: 'Lint', line: 11, trigger: { kind: 'default' } });
    expect(byId.get('branches.main/0')).toMatchObject({ name: 'Lint', line: 14, trigger: { kind: 'branch', pattern: 'main' } });
    expect(byId.get('branches.develop/0/parallel/0')).toMatchObject({ name: 'Lint', line: 22 });
  });

  it('judges oidc: true added through the anchor, for every item that merges it', () => {
    const withOidc = text.replace(`      name: Lint`, `      name: Lint${eol('\n')}      oidc: true`);
    const findings = trustReport(withOidc, facts, branchChoices);
    expect(findings.map((f) => [f.step.id, f.verdict])).toEqual([
      ['default/0', 'refused'], // main has its own pipeline, and other branches are not trusted
      ['branches.main/0', 'accepted'],
      ['branches.develop/0/parallel/0', 'refused'],
    ]);
  });

  it('edits the anchored step once, reports the reach, keeps every byte and changes only the merged steps', () => {
    const plan = expectOk(planPipeline(text, facts, repoChoices, { steps: ['branches.main/0'], addCustomPipeline: false }));
    const added = assertOnlyAdditions(text, plan.content);
    expect(added[0]).toBe('      oidc: true');
    expect(added.slice(1).every((l) => l.startsWith('        - '))).toBe(true);
    expect(added).toHaveLength(1 + LOGIN.length);
    // The lines go into the anchored step under definitions, where they are written.
    expect(plan.content.indexOf('oidc: true')).toBeLessThan(plan.content.indexOf('pipelines:'));
    if (text.includes('\r\n')) expect(plan.content.split('\n').slice(0, -1).every((l) => l.endsWith('\r'))).toBe(true);
    expect(ids(plan.changes.oidcAddedTo)).toEqual(['branches.main/0']);
    expect(plan.changes.reachedThroughAliases).toHaveLength(1);
    const reach = plan.changes.reachedThroughAliases[0]!;
    expect(reach.anchor).toBe('lint');
    expect(reach.definedAt).toMatchObject({ path: ['definitions', 'lint', 'step'], line: 5 });
    expect(ids(reach.alsoChanges)).toEqual(['default/0', 'branches.main/0', 'branches.develop/0/parallel/0']);
    expect(plan.warnings.join(' ')).toMatch(/defined once as &lint; the change also reaches "Lint" \(line 11\), "Lint" \(line 22\)/);

    const expected = data(text);
    withLogin(expected, ['definitions', 'lint', 'step']);
    withLogin(expected, ['pipelines', 'default', 0, 'step']);
    withLogin(expected, ['pipelines', 'branches', 'main', 0, 'step']);
    withLogin(expected, ['pipelines', 'branches', 'develop', 0, 'parallel', 0, 'step']);
    expect(data(plan.content)).toEqual(expected);
  });

  it('refuses when a step the anchor also reaches would get a token the identity refuses', () => {
    const message = expectError(planPipeline(text, facts, branchChoices, { steps: ['branches.main/0'] }), 'step-not-trusted');
    expect(message).toMatch(/which the change reaches through the alias \*lint/);
  });

  it('finds the item anchor when the step is chosen where it is written inline', () => {
    const inline = eol(
      ['pipelines:', '  default:', '    - &lint', '      step:', '        script:', '          - make lint', '    - <<: *lint', ''].join('\n'),
    );
    const plan = expectOk(planPipeline(inline, facts, repoChoices, { steps: ['default/0'], addCustomPipeline: false }));
    assertOnlyAdditions(inline, plan.content);
    expect(plan.changes.reachedThroughAliases.map((r) => [r.anchor, r.definedAt.id, ids(r.alsoChanges)])).toEqual([['lint', 'default/0', ['default/1']]]);
    const expected = data(inline);
    withLogin(expected, ['pipelines', 'default', 0, 'step']);
    withLogin(expected, ['pipelines', 'default', 1, 'step']);
    expect(data(plan.content)).toEqual(expected);
  });
});

describe.each(variants)('B. steps that merge their script (step: { <<: *build, … }), %s', (_eol, eol) => {
  const text = eol(STEP_MERGE);

  it('lists and judges both merging steps', () => {
    const listed = listSteps(text);
    expect(listed.ok && ids(listed.steps)).toEqual(['branches.main/0', 'branches.release%2F*/0', 'custom.nightly/0']);
    const withOidc = text.replace('        name: Build', `        name: Build${eol('\n')}        oidc: true`);
    const findings = trustReport(withOidc, facts, branchChoices);
    expect(findings.map((f) => [f.step.id, f.verdict])).toEqual([
      ['branches.main/0', 'accepted'],
      ['branches.release%2F*/0', 'refused'],
    ]);
  });

  it('edits the merged anchor when every step that merges it is chosen and trusted', () => {
    const chosen = ['branches.main/0', 'branches.release%2F*/0'];
    const plan = expectOk(planPipeline(text, facts, repoChoices, { steps: chosen, addCustomPipeline: false }));
    const added = assertOnlyAdditions(text, plan.content);
    expect(added[0]).toBe('        oidc: true');
    expect(added.slice(1).every((l) => l.startsWith('          - '))).toBe(true);
    expect(added).toHaveLength(1 + LOGIN.length);
    expect(ids(plan.changes.oidcAddedTo)).toEqual(chosen);
    const reach = plan.changes.reachedThroughAliases;
    expect(reach.map((r) => [r.anchor, r.definedAt.id, ids(r.alsoChanges)])).toEqual([['build', 'definitions.steps/0', chosen]]);

    const expected = data(text);
    withLogin(expected, ['definitions', 'steps', 0, 'step']);
    withLogin(expected, ['pipelines', 'branches', 'main', 0, 'step']);
    withLogin(expected, ['pipelines', 'branches', 'release/*', 0, 'step']);
    expect(data(plan.content)).toEqual(expected);
  });

  it('asks for the other steps that merge the anchor, naming only steps the picker offers', () => {
    const message = expectError(planPipeline(text, facts, repoChoices, { steps: ['branches.main/0'] }), 'unsupported-structure');
    expect(message).toMatch(/its script comes from &build, which "Build" \(line 15\) also merge\(s\), so editing it changes them too; choose them as well/);
    // Never points at the anchor under definitions, which the picker does not list.
    expect(message).not.toMatch(/definitions|select the anchored step/);
    const listed = listSteps(text);
    const lines = listed.ok ? listed.steps.map((s) => s.line) : [];
    for (const match of message.matchAll(/line (\d+)/g)) expect(lines).toContain(Number(match[1]));
  });

  it('refuses when a chosen merging step is not trusted', () => {
    const message = expectError(
      planPipeline(text, facts, branchChoices, { steps: ['branches.main/0', 'branches.release%2F*/0'] }),
      'step-not-trusted',
    );
    expect(message).toMatch(/release/);
  });

  it('refuses when another step merges the anchor but writes its own script', () => {
    const own = text.replace('step: { <<: *build, deployment: staging }', 'step: { <<: *build, deployment: staging, script: [make other] }');
    const message = expectError(planPipeline(own, facts, repoChoices, { steps: ['branches.main/0'] }), 'unsupported-structure');
    expect(message).toMatch(/writing a script of their own/);
  });
});
