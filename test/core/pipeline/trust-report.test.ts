// trustReport: for every oidc: true step, when it runs and whether the
// identity generated for the choices accepts its token.
import { describe, expect, it } from 'vitest';
import { globMatches, inspectPipeline, listSteps, trustReport } from '../../../src/core/pipeline';
import type { IdentityChoices, TrustFinding } from '../../../src/core/types';
import { branchChoices, corpusFiles, envChoices, facts, readCorpus, repoChoices } from './support';

const STEP = (name: string, extra = '') => `      - step:\n          name: ${name}\n          oidc: true\n${extra}          script:\n            - ./run.sh\n`;

const FILE = [
  'definitions:',
  '  steps:',
  '    - step: &tagged',
  '        name: tag-release',
  '        oidc: true',
  '        deployment: production',
  '        script:',
  '          - ./release.sh',
  'pipelines:',
  '  default:',
  '    - step:',
  '        name: every-push',
  '        oidc: true',
  '        script:',
  '          - ./run.sh',
  '  branches:',
  '    main:',
  STEP('main-plain').trimEnd(),
  STEP('main-prod', '          deployment: production\n').trimEnd(),
  '      - parallel:',
  '          - step:',
  '              name: main-parallel',
  '              oidc: true',
  '              script:',
  '                - ./p.sh',
  '      - stage:',
  '          name: staging-stage',
  '          deployment: staging',
  '          steps:',
  '            - step:',
  '                name: main-staged',
  '                oidc: true',
  '                script:',
  '                  - ./s.sh',
  '    develop:',
  STEP('develop').trimEnd(),
  '    "release/*":',
  STEP('release-glob').trimEnd(),
  '    "{main,develop}":',
  STEP('alternation').trimEnd(),
  '    "**":',
  STEP('all-branches').trimEnd(),
  '    "feature/*":',
  STEP('unknown-env', '          deployment: nowhere\n').trimEnd(),
  '  pull-requests:',
  '    "**":',
  STEP('pr-any').trimEnd(),
  '    "feature/*":',
  STEP('pr-feature').trimEnd(),
  '  tags:',
  '    "v*":',
  '      - step: *tagged',
  '    "x*":',
  STEP('tag-plain').trimEnd(),
  '  custom:',
  '    manual:',
  STEP('custom-plain').trimEnd(),
  '    deploy-prod:',
  STEP('custom-prod', '          deployment: production\n').trimEnd(),
  '    not-oidc:',
  '      - step:',
  '          name: no-token',
  '          script:',
  '            - ./x.sh',
  '',
].join('\n');

function verdicts(choices: IdentityChoices): Record<string, TrustFinding['verdict']> {
  return Object.fromEntries(trustReport(FILE, facts, choices).map((f) => [f.step.name, f.verdict]));
}

describe('trustReport', () => {
  it('finds every oidc step, in parallel groups, stages and through aliases, and only those', () => {
    const findings = trustReport(FILE, facts, repoChoices);
    expect(findings.map((f) => f.step.name).sort()).toEqual(
      [
        'all-branches', 'alternation', 'custom-plain', 'custom-prod', 'develop', 'every-push', 'main-parallel',
        'main-plain', 'main-prod', 'main-staged', 'pr-any', 'pr-feature', 'release-glob', 'tag-plain', 'tag-release', 'unknown-env',
      ].sort(),
    );
    const tagged = findings.find((f) => f.step.name === 'tag-release');
    expect(tagged?.step.trigger).toEqual({ kind: 'tag', pattern: 'v*' });
    expect(tagged?.step.path).toEqual(['pipelines', 'tags', 'v*', 0, 'step']);
    expect(findings.find((f) => f.step.name === 'main-staged')?.step.id).toBe('branches.main/3/stage.steps/0');
  });

  it('branch trust (main): runs on main are accepted, other branches and tags refused, any-branch triggers partly', () => {
    expect(verdicts(branchChoices)).toEqual({
      'every-push': 'partly',
      'main-plain': 'accepted',
      'main-prod': 'accepted',
      'main-parallel': 'accepted',
      'main-staged': 'accepted',
      develop: 'refused',
      'release-glob': 'refused',
      alternation: 'partly',
      'all-branches': 'partly',
      'unknown-env': 'refused',
      'pr-any': 'partly',
      'pr-feature': 'refused',
      'tag-release': 'refused',
      'tag-plain': 'refused',
      'custom-plain': 'partly',
      'custom-prod': 'partly',
    });
  });

  it('environment trust (production): only steps deploying to production are accepted, on any branch or tag', () => {
    expect(verdicts(envChoices)).toEqual({
      'every-push': 'refused',
      'main-plain': 'refused',
      'main-prod': 'accepted',
      'main-parallel': 'refused',
      'main-staged': 'refused',
      develop: 'refused',
      'release-glob': 'refused',
      alternation: 'refused',
      'all-branches': 'refused',
      'unknown-env': 'refused',
      'pr-any': 'refused',
      'pr-feature': 'refused',
      'tag-release': 'accepted',
      'tag-plain': 'refused',
      'custom-plain': 'refused',
      'custom-prod': 'accepted',
    });
  });

  it('repository trust: every step of the repository is accepted', () => {
    const all = Object.values(verdicts(repoChoices));
    expect(all).toHaveLength(16);
    expect(new Set(all)).toEqual(new Set(['accepted']));
  });

  it('the default pipeline only runs on branches without a pipeline of their own', () => {
    const text = (branches: string) =>
      `pipelines:\n  default:\n${STEP('every-push').replace(/^ {2}/gm, '')}  branches:\n${branches}`;
    const develop = `    develop:\n${STEP('develop')}`;
    const main = `    main:\n${STEP('main')}`;
    const byName = (t: string, c: IdentityChoices) => Object.fromEntries(trustReport(t, facts, c).map((f) => [f.step.name, f]));
    // Only develop has its own pipeline: a push to main still runs the default one.
    expect(byName(text(develop), branchChoices)['every-push']?.verdict).toBe('partly');
    // main has its own pipeline: the default one never runs on main, so branch trust in main never accepts it.
    const shadowed = byName(text(main), branchChoices)['every-push'];
    expect(shadowed?.verdict).toBe('refused');
    expect(shadowed?.reason).toMatch(/Branch main runs its own pipeline \(branches: "main"\)/);
    // A glob shadows too.
    expect(byName(text(`    "{main,develop}":\n${STEP('x')}`), branchChoices)['every-push']?.verdict).toBe('refused');
    // "**" takes every branch: the step never runs, which the reason says; the token itself would still be accepted.
    const never = byName(text(`    "**":\n${STEP('all')}`), repoChoices)['every-push'];
    expect(never?.verdict).toBe('accepted');
    expect(never?.reason).toMatch(/never runs/);
  });

  it('a custom pipeline with branch trust says on which branch to run it', () => {
    const reason = trustReport(FILE, facts, { organization: 'example.com', trust: { kind: 'branch', branch: 'release/v2' } }).find(
      (f) => f.step.name === 'custom-plain',
    )?.reason;
    expect(reason).toMatch(/by hand, on any branch they pick\. Run it on branch release\/v2: runs on any other branch are refused/);
    expect(reason).not.toMatch(/some-other-branch/);
  });

  it('never shows the made-up sample branch in a reason', () => {
    for (const trust of [undefined, { kind: 'branch' as const, branch: 'release/v2' }, { kind: 'repository' as const }]) {
      for (const finding of trustReport(FILE, facts, { organization: 'example.com', ...(trust ? { trust } : {}) })) {
        expect(finding.reason).not.toMatch(/some-other-branch/);
      }
    }
  });

  it('another trusted branch changes the verdicts', () => {
    const v = verdicts({ organization: 'example.com', trust: { kind: 'branch', branch: 'release/v2' } });
    // release/* now includes the trusted branch, but also other release branches.
    expect(v['release-glob']).toBe('partly');
    expect(v['main-plain']).toBe('refused');
    expect(v['all-branches']).toBe('partly');
  });

  it('explains in plain words', () => {
    const byName = Object.fromEntries(trustReport(FILE, facts, branchChoices).map((f) => [f.step.name, f]));
    // FILE has branches: "**", so the default pipeline never runs at all.
    expect(byName['every-push']?.reason).toMatch(/^Runs on every push to any branch.*only runs on main will be accepted.*never runs/);
    expect(byName['tag-plain']?.reason).toMatch(/tags matching "x\*".*refused.*branch/);
    expect(byName['pr-any']?.reason).toMatch(/pull requests.*source branch/);
    expect(byName['unknown-env']?.reason).toMatch(/"nowhere" is not one of this repository's deployment environments/);
    expect(byName['develop']?.accepted).toBe(false);
    expect(byName['alternation']?.accepted).toBe(true);
  });

  it('returns nothing for files that do not parse or choices that are invalid', () => {
    expect(trustReport('pipelines: [', facts, repoChoices)).toEqual([]);
    expect(trustReport(FILE, facts, { organization: 'Bad Org!' })).toEqual([]);
  });
});

describe('Bitbucket globs', () => {
  it.each([
    ['*', 'main', true],
    ['*', 'feature/x', false],
    ['**', 'feature/x', true],
    ['feature/*', 'feature/x', true],
    ['feature/*', 'feature/x/y', false],
    ['feature/**', 'feature/x/y', true],
    ['{main,develop}', 'develop', true],
    ['{main,develop}', 'master', false],
    ['release-?', 'release-1', true],
    ['v1.0', 'v1x0', false],
    ['a+b', 'a+b', true],
  ])('%s matches %s: %s', (glob, name, expected) => {
    expect(globMatches(glob, name)).toBe(expected);
  });
});

describe('inspectPipeline', () => {
  it('gives what listSteps and trustReport give, from one parse, for every corpus file', () => {
    for (const name of corpusFiles()) {
      const text = readCorpus(name);
      const listed = listSteps(text);
      const inspected = inspectPipeline(text, facts, branchChoices);
      if (!listed.ok) {
        expect(inspected, name).toEqual(listed);
        continue;
      }
      expect(inspected, name).toEqual({ ok: true, steps: listed.steps, findings: trustReport(text, facts, branchChoices) });
    }
  });
});
