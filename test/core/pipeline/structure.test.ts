// checkPipelineStructure catches what Atlassian's schema lets through, and
// listSteps offers the steps (with cgr.dev users marked as suggested).
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkPipelineStructure, listSteps, loginLines, planPipeline } from '../../../src/core/pipeline';
import { expectOk, facts, readCorpus, repoChoices, schemaErrors } from './support';

const login = loginLines({ configureDocker: false })
  .map((l) => `          - ${JSON.stringify(l)}`)
  .join('\n');

function problems(text: string): string[] {
  return checkPipelineStructure(text).map((p) => `${p.where}: ${p.message}`);
}

describe('checkPipelineStructure', () => {
  it('accepts a step that gets a token and logs in properly', () => {
    const text = `pipelines:\n  default:\n    - step:\n        oidc: true\n        script:\n${login}\n`;
    expect(problems(text)).toEqual([]);
  });

  it('catches a misspelled oidc key that the schema accepts', () => {
    const text = 'pipelines:\n  default:\n    - step:\n        oidcc: true\n        script:\n          - make\n';
    expect(schemaErrors(parse(text))).toEqual([]);
    expect(problems(text)).toEqual(['pipelines.default.0.step.oidcc: "oidcc" looks like a misspelling of "oidc"; Bitbucket ignores it.']);
    for (const typo of ['odic', 'OIDC', 'oidc_', 'oid']) {
      expect(problems(text.replace('oidcc', typo)).join(' ')).toMatch(/misspelling/);
    }
    expect(problems(text.replace('oidcc', 'oidc-role')).join(' ')).not.toMatch(/misspelling/);
  });

  it('catches oidc outside a step and oidc that is not the boolean true', () => {
    const outside = 'options:\n  oidc: true\npipelines:\n  default:\n    - step:\n        script:\n          - make\n';
    expect(problems(outside)).toEqual(['options.oidc: "oidc" belongs on a step; here Bitbucket does not issue a token.']);
    const quoted = `pipelines:\n  default:\n    - step:\n        oidc: "true"\n        script:\n${login}\n`;
    expect(problems(quoted).join(' ')).toMatch(/must be the boolean true/);
  });

  it('catches an oidc step without the login, and a login without oidc', () => {
    const noLogin = 'pipelines:\n  default:\n    - step:\n        oidc: true\n        script:\n          - make\n';
    expect(problems(noLogin)).toEqual(['default/0: This oidc step has no chainctl login line.']);
    const noOidc = `pipelines:\n  default:\n    - step:\n        script:\n${login}\n`;
    expect(problems(noOidc).join(' ')).toMatch(/BITBUCKET_STEP_OIDC_TOKEN but the step has no "oidc: true"/);
  });

  it('catches a login before chainctl is installed and docker without the docker service', () => {
    const lines = loginLines({ configureDocker: true });
    const reordered = [lines[lines.length - 2], ...lines.slice(0, -2), lines[lines.length - 1]] as string[];
    const text = `pipelines:\n  default:\n    - step:\n        oidc: true\n        script:\n${reordered.map((l) => `          - ${JSON.stringify(l)}`).join('\n')}\n`;
    const found = problems(text).join(' ');
    expect(found).toMatch(/used before it is installed/);
    expect(found).toMatch(/without first checking that CHAINGUARD_IDENTITY is set/);
    expect(found).toMatch(/services: \[docker\]/);
  });

  it('reports a file that does not parse as one problem', () => {
    expect(problems('a: [')).toHaveLength(1);
  });
});

describe('listSteps', () => {
  it('lists every step with trigger, path and line, and suggests steps that use cgr.dev', () => {
    const text = [
      'pipelines:',
      '  branches:',
      '    main:',
      '      - step:',
      '          name: pull',
      '          script:',
      '            - docker pull cgr.dev/example.com/python:latest',
      '  custom:',
      '    nightly:',
      '      - variables:',
      '          - name: X',
      '      - step:',
      '          script:',
      '            - make',
      '      - final:',
      '          name: cleanup',
      '          script:',
      '            - rm -rf out',
      '',
    ].join('\n');
    const result = listSteps(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.steps).toEqual([
      { id: 'branches.main/0', path: ['pipelines', 'branches', 'main', 0, 'step'], trigger: { kind: 'branch', pattern: 'main' }, line: 4, name: 'pull', suggested: true },
      { id: 'custom.nightly/1', path: ['pipelines', 'custom', 'nightly', 1, 'step'], trigger: { kind: 'custom', name: 'nightly' }, line: 12 },
      { id: 'custom.nightly/2/final', path: ['pipelines', 'custom', 'nightly', 2, 'final'], trigger: { kind: 'custom', name: 'nightly' }, line: 15, name: 'cleanup' },
    ]);
  });

  it('gives unique ids even for keys with dots and slashes', () => {
    const result = listSteps(readCorpus('01-4Science-dspace-angular.yml'));
    if (!result.ok) throw new Error(result.error.message);
    const ids = result.steps.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(20);
  });

  it('says why when the file cannot be read', () => {
    const result = listSteps('image: x\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('no-pipelines-root');
  });

  it('selecting a listed step edits exactly that step', () => {
    const text = readCorpus('19-0ryant-taudit-contexts-fixture.yml');
    const result = listSteps(text);
    if (!result.ok) throw new Error(result.error.message);
    const pr = result.steps.find((s) => s.trigger.kind === 'custom');
    expect(pr).toBeDefined();
    const plan = expectOk(planPipeline(text, facts, repoChoices, { steps: [pr?.id as string], addCustomPipeline: false }));
    expect(plan.changes.oidcAddedTo.map((s) => s.id)).toEqual([pr?.id]);
    expect(parse(plan.content).pipelines.custom.smoke[0].step.oidc).toBe(true);
  });
});
