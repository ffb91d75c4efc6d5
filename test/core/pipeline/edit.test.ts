// Editing an existing bitbucket-pipelines.yml: only our lines are added, every
// other byte stays (comments, blank lines, anchors, merge keys, indentation,
// CRLF, a missing final newline), and the data changes only where intended.
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  checkPipelineStructure,
  CUSTOM_PIPELINE_NAME,
  listSteps,
  LOGIN_LINE,
  loginLines,
  planPipeline,
} from '../../../src/core/pipeline';
import type { IdentityChoices, PipelineSelection } from '../../../src/core/types';
import {
  assertOnlyAdditions,
  branchChoices,
  envChoices,
  expectError,
  expectOk,
  facts,
  repoChoices,
  schemaErrors,
} from './support';

type Data = Record<string, any>;

const read = (text: string): Data => parse(text, { merge: true, maxAliasCount: -1 }) as Data;

/** The custom pipeline exactly as a brand-new file would carry it (independent of the edit code path). */
function expectedCustomPipeline(choices: IdentityChoices): unknown {
  const fresh = expectOk(planPipeline(null, facts, choices));
  return read(fresh.content).pipelines.custom[CUSTOM_PIPELINE_NAME];
}

/** Lines we may add: those of the check pipeline and of the login lines, any indentation. */
function ourLines(choices: IdentityChoices): Set<string> {
  const pipeline = expectedCustomPipeline(choices);
  const rendered = [
    stringify({ custom: { [CUSTOM_PIPELINE_NAME]: pipeline } }, { lineWidth: 0 }),
    stringify(loginLines({ configureDocker: true }), { lineWidth: 0 }),
    'oidc: true',
  ];
  return new Set(rendered.join('\n').split('\n').map((l) => l.trim()).filter(Boolean));
}

/** Every check an edit must pass; returns the parsed data of both versions. */
function checkEdit(original: string, edited: string, choices: IdentityChoices): { before: Data; after: Data } {
  const added = assertOnlyAdditions(original, edited);
  expect(added.length).toBeGreaterThan(0);
  const allowed = ourLines(choices);
  for (const line of added) {
    // A name collision numbers our pipeline: chainguard-oidc-2.
    const plain = line.trim().replace(new RegExp(`^${CUSTOM_PIPELINE_NAME}-\\d+:$`), `${CUSTOM_PIPELINE_NAME}:`);
    expect(allowed, `unexpected added line ${JSON.stringify(line)}`).toContain(plain);
  }
  expect(edited.endsWith('\n')).toBe(original.endsWith('\n'));
  if (original.includes('\r\n')) {
    const lines = edited.split('\n');
    lines.slice(0, -1).forEach((l) => expect(l.endsWith('\r'), `line without CR: ${JSON.stringify(l)}`).toBe(true));
  } else {
    expect(edited).not.toContain('\r');
  }
  const after = read(edited);
  expect(schemaErrors(after)).toEqual([]);
  const problemsBefore = new Set(checkPipelineStructure(original).map((p) => `${p.where}: ${p.message}`));
  for (const p of checkPipelineStructure(edited)) expect(problemsBefore).toContain(`${p.where}: ${p.message}`);
  return { before: read(original), after };
}

function withCustomAdded(before: Data, choices: IdentityChoices, name = CUSTOM_PIPELINE_NAME): Data {
  const expected = structuredClone(before);
  expected.pipelines.custom = { ...(expected.pipelines.custom ?? {}), [name]: expectedCustomPipeline(choices) };
  return expected;
}

const RICH = `# Build configuration
image: node:20   # runtime

definitions:
  steps:
    - step: &build
        name: Build
        script:
          - npm ci
          - npm test

pipelines:
  default:
    - step: *build

  branches:
    main:
      - step:
          <<: *build
          name: Build main
      - step:
          name: Deploy
          deployment: production
          script:
            - ./deploy.sh   # deploy

    "feature/*":
      - step: *build
  tags:
    "v*":
      - step:
          name: Release
          script:
            - ./release.sh
  # trailing comment of pipelines

# end of file
`;

describe('default change: the manual custom pipeline', () => {
  it('appends custom: chainguard-oidc under pipelines, keeping comments, anchors and merge keys', () => {
    const plan = expectOk(planPipeline(RICH, facts, branchChoices));
    const { before, after } = checkEdit(RICH, plan.content, branchChoices);
    expect(after).toEqual(withCustomAdded(before, branchChoices));
    expect(plan.changes).toMatchObject({ createdFile: false, addedCustomPipeline: CUSTOM_PIPELINE_NAME, oidcAddedTo: [], alreadyOidc: [] });
    expect(plan.content).toContain('image: node:20   # runtime');
    expect(plan.content).toContain('  # trailing comment of pipelines\n\n# end of file\n');
    // Existing builds are untouched: nothing but custom differs.
    expect({ ...after.pipelines, custom: undefined }).toEqual({ ...before.pipelines, custom: undefined });
  });

  it('appends to an existing custom: section', () => {
    const text = `pipelines:\n  custom:\n    smoke:\n      - step:\n          script:\n            - ./smoke.sh\n  default:\n    - step:\n        script:\n          - make\n`;
    const plan = expectOk(planPipeline(text, facts, branchChoices));
    const { before, after } = checkEdit(text, plan.content, branchChoices);
    expect(after).toEqual(withCustomAdded(before, branchChoices));
    expect(Object.keys(after.pipelines.custom)).toEqual(['smoke', CUSTOM_PIPELINE_NAME]);
    // Inserted inside custom:, before default: (which keeps its place).
    expect(plan.content.indexOf(CUSTOM_PIPELINE_NAME)).toBeLessThan(plan.content.indexOf('  default:'));
  });

  it('carries deployment: <environment> with environment trust', () => {
    const plan = expectOk(planPipeline(RICH, facts, envChoices));
    const { after } = checkEdit(RICH, plan.content, envChoices);
    expect(after.pipelines.custom[CUSTOM_PIPELINE_NAME][0].step.deployment).toBe('production');
  });

  const LAYOUT = [
    'pipelines:',
    '  default:',
    '    - step:',
    '        name: Build',
    '        script:',
    '          - npm test',
    '  branches:',
    '    main:',
    '      - step:',
    '          name: Deploy',
    '          deployment: production',
    '          script:',
    '            - ./deploy.sh',
  ];
  const variants = [2, 4, 8].flatMap((indent) =>
    (['\n', '\r\n'] as const).flatMap((eol) => [true, false].map((finalNewline) => ({ indent, eol, finalNewline }))),
  );

  it.each(variants)('keeps %o layout', ({ indent, eol, finalNewline }) => {
    const lines = LAYOUT.map((l) => {
      const spaces = /^ */.exec(l)?.[0].length ?? 0;
      return ' '.repeat((spaces / 2) * indent) + l.trimStart();
    });
    const text = lines.join(eol) + (finalNewline ? eol : '');
    for (const selection of [undefined, { steps: ['default/0', 'branches.main/0'] }]) {
      const plan = expectOk(planPipeline(text, facts, repoChoices, selection));
      const { before, after } = checkEdit(text, plan.content, repoChoices);
      expect(after.pipelines.custom[CUSTOM_PIPELINE_NAME]).toEqual(expectedCustomPipeline(repoChoices));
      // Our block uses the file's own indentation step.
      expect(plan.content).toContain(`${eol}${' '.repeat(indent)}custom:${eol}${' '.repeat(2 * indent)}${CUSTOM_PIPELINE_NAME}:`);
      if (selection) {
        expect(after.pipelines.default[0].step.oidc).toBe(true);
        expect(after.pipelines.default[0].step.script).toEqual([...loginLines({ configureDocker: false }), 'npm test']);
        expect(after.pipelines.branches.main[0].step.script.at(-1)).toBe('./deploy.sh');
        expect(before.pipelines.default[0].step.oidc).toBeUndefined();
      }
    }
  });
});

describe('selected steps', () => {
  it('adds oidc: true and the login lines to a chosen step, nothing else', () => {
    const plan = expectOk(planPipeline(RICH, facts, envChoices, { steps: ['branches.main/1'], addCustomPipeline: false }));
    const { before, after } = checkEdit(RICH, plan.content, envChoices);
    const expected = structuredClone(before);
    const deploy = expected.pipelines.branches.main[1].step;
    deploy.oidc = true;
    deploy.script = [...loginLines({ configureDocker: false }), ...deploy.script];
    expect(after).toEqual(expected);
    expect(plan.changes.oidcAddedTo.map((s) => s.id)).toEqual(['branches.main/1']);
    expect(plan.changes.addedCustomPipeline).toBeNull();
    expect(plan.content).toContain('            - ./deploy.sh   # deploy\n');
  });

  it('edits an anchored step once and reports every place the alias reaches', () => {
    const plan = expectOk(planPipeline(RICH, facts, repoChoices, { steps: ['default/0'], addCustomPipeline: false }));
    const { after } = checkEdit(RICH, plan.content, repoChoices);
    expect(plan.content.match(/oidc: true/g)).toHaveLength(1);
    const [reach] = plan.changes.reachedThroughAliases;
    expect(reach?.anchor).toBe('build');
    expect(reach?.definedAt.path).toEqual(['definitions', 'steps', 0, 'step']);
    expect(reach?.alsoChanges.map((s) => s.id).sort()).toEqual(['branches.feature%2F*/0', 'branches.main/0', 'default/0']);
    // The alias and the merge both pick the change up; unrelated steps do not.
    expect(after.pipelines.branches['feature/*'][0].step.oidc).toBe(true);
    expect(after.pipelines.branches.main[0].step.oidc).toBe(true);
    expect(after.pipelines.branches.main[1].step.oidc).toBeUndefined();
    expect(plan.warnings.join(' ')).toMatch(/&build.*also reaches/);
  });

  it('refuses when the alias carries the change to a step the identity would refuse', () => {
    const text = [
      'definitions:', '  steps:', '    - step: &build', '        name: Build', '        script:', '          - make',
      'pipelines:', '  default:', '    - step: *build', '  branches:', '    "feature/*":', '      - step: *build', '',
    ].join('\n');
    // default/0 alone would be partly trusted (it runs on main), but *build also runs on feature/* branches.
    const message = expectError(planPipeline(text, facts, branchChoices, { steps: ['default/0'] }), 'step-not-trusted');
    expect(message).toMatch(/through the alias \*build.*feature/);
  });

  it('refuses a default step with branch trust when the trusted branch has a pipeline of its own', () => {
    // RICH has branches: main:, so Bitbucket never runs the default pipeline on main.
    const message = expectError(planPipeline(RICH, facts, branchChoices, { steps: ['default/0'] }), 'step-not-trusted');
    expect(message).toMatch(/Branch main runs its own pipeline \(branches: "main"\) instead of the default one/);
  });

  it('warns that runs on other branches fail at the login when a step is only partly trusted', () => {
    const text = 'pipelines:\n  default:\n    - step:\n        script:\n          - make\n';
    const plan = expectOk(planPipeline(text, facts, branchChoices, { steps: ['default/0'] }));
    expect(plan.warnings.join(' ')).toMatch(/only runs on main will be accepted.*fail at the chainctl login/);
  });

  it('refuses a step whose token the identity would refuse', () => {
    expect(expectError(planPipeline(RICH, facts, branchChoices, { steps: ['tags.v*/0'] }), 'step-not-trusted')).toMatch(/tags/);
    // Environment trust needs a deployment to that environment.
    expect(expectError(planPipeline(RICH, facts, envChoices, { steps: ['default/0'] }), 'step-not-trusted')).toMatch(/deployment|environment/);
  });

  it('edits the anchor a merge-key step takes its script from, when it is the only step merging it', () => {
    // branches.main/0 is `<<: *build` plus its own name: the lines go into &build, which default/0 and feature/* alias.
    const plan = expectOk(planPipeline(RICH, facts, repoChoices, { steps: ['branches.main/0'], addCustomPipeline: false }));
    assertOnlyAdditions(RICH, plan.content);
    expect(plan.changes.reachedThroughAliases.map((r) => [r.anchor, r.definedAt.id, r.alsoChanges.map((s) => s.id)])).toEqual([
      ['build', 'definitions.steps/0', ['default/0', 'branches.main/0', 'branches.feature%2F*/0']],
    ]);
  });

  it('refuses flow-style steps with a clear reason, but still adds the custom pipeline by default', () => {
    const text = 'pipelines:\n  default:\n    - step: { name: Build, script: [make] }\n';
    expect(expectError(planPipeline(text, facts, repoChoices, { steps: ['default/0'] }), 'unsupported-structure')).toMatch(/flow style/);
    const plan = expectOk(planPipeline(text, facts, repoChoices));
    checkEdit(text, plan.content, repoChoices);
  });

  it('handles steps in parallel groups and stages', () => {
    const text = [
      'pipelines:',
      '  default:',
      '    - parallel:',
      '        - step:',
      '            name: a',
      '            script:',
      '              - ./a.sh',
      '        - step:',
      '            name: b',
      '            script:',
      '              - ./b.sh',
      '    - stage:',
      '        name: release',
      '        deployment: production',
      '        steps:',
      '          - step:',
      '              name: publish',
      '              script:',
      '                - ./publish.sh',
      '',
    ].join('\n');
    const ids = (listSteps(text) as { ok: true; steps: { id: string }[] }).steps.map((s) => s.id);
    expect(ids).toEqual(['default/0/parallel/0', 'default/0/parallel/1', 'default/1/stage.steps/0']);
    const plan = expectOk(planPipeline(text, facts, envChoices, { steps: ['default/1/stage.steps/0'] }));
    const { after } = checkEdit(text, plan.content, envChoices);
    expect(after.pipelines.default[1].stage.steps[0].step.oidc).toBe(true);
    expect(after.pipelines.default[0].parallel[0].step.oidc).toBeUndefined();
    const both = expectOk(planPipeline(text, facts, repoChoices, { steps: ['default/0/parallel/0', 'default/0/parallel/1'] }));
    expect(read(both.content).pipelines.default[0].parallel.map((p: Data) => p.step.oidc)).toEqual([true, true]);
  });

  it('configures docker for a chosen step with the docker service when an image is chosen', () => {
    const text = 'pipelines:\n  default:\n    - step:\n        services:\n          - docker\n        script:\n          - docker build .\n';
    const choices = { ...repoChoices, image: { name: 'python', tag: 'latest' } };
    const plan = expectOk(planPipeline(text, facts, choices, { steps: ['default/0'], addCustomPipeline: false }));
    expect(read(plan.content).pipelines.default[0].step.script).toEqual([...loginLines({ configureDocker: true }), 'docker build .']);
  });

  it('leaves a step that already has oidc: true alone', () => {
    const text = 'pipelines:\n  default:\n    - step:\n        oidc: true\n        script:\n          - vault login\n';
    const plan = expectOk(planPipeline(text, facts, repoChoices, { steps: ['default/0'], addCustomPipeline: false }));
    expect(plan.unchanged).toBe(true);
    expect(plan.content).toBe(text);
    expect(plan.changes.alreadyOidc.map((s) => s.id)).toEqual(['default/0']);
    expect(plan.warnings.join(' ')).toMatch(/Nothing to change/);
  });

  it('rejects unknown step ids', () => {
    expect(expectError(planPipeline(RICH, facts, repoChoices, { steps: ['default/7'] }), 'unknown-step')).toMatch(/default\/7/);
  });
});

describe('trust in a branch other than main', () => {
  const develop: IdentityChoices = { organization: 'example.com', trust: { kind: 'branch', branch: 'develop' } };

  it('warns that the custom pipeline reaches develop only after a merge, and must be run there', () => {
    const plan = expectOk(planPipeline(RICH, facts, develop));
    checkEdit(RICH, plan.content, develop);
    expect(plan.warnings.join(' ')).toMatch(
      /trusts branch develop, but this change goes to main\. After merging, bring it to develop \(for example, merge main into develop\)\. Then run the custom pipeline "chainguard-oidc" on develop/,
    );
  });

  it('says nothing of the kind with trust in main', () => {
    expect(expectOk(planPipeline(RICH, facts, branchChoices)).warnings.join(' ')).not.toMatch(/bring it to/);
  });
});

describe('no-op and collisions', () => {
  it('planning again on its own output changes nothing and says so', () => {
    const selection: PipelineSelection = { steps: ['branches.main/1'] };
    const first = expectOk(planPipeline(RICH, facts, envChoices, selection));
    const second = expectOk(planPipeline(first.content, facts, envChoices, selection));
    expect(second.unchanged).toBe(true);
    expect(second.content).toBe(first.content);
    expect(second.changes.addedCustomPipeline).toBeNull();
    expect(second.changes.alreadyOidc.map((s) => s.id)).toEqual(['branches.main/1']);
    expect(second.warnings.join(' ')).toMatch(/Nothing to change/);
  });

  it('a different chainguard-oidc pipeline is left alone; ours gets a clear new name', () => {
    const text = `pipelines:\n  custom:\n    ${CUSTOM_PIPELINE_NAME}:\n      - step:\n          script:\n            - echo mine\n`;
    const plan = expectOk(planPipeline(text, facts, branchChoices));
    const { before, after } = checkEdit(text, plan.content, branchChoices);
    expect(plan.changes.addedCustomPipeline).toBe(`${CUSTOM_PIPELINE_NAME}-2`);
    expect(after).toEqual(withCustomAdded(before, branchChoices, `${CUSTOM_PIPELINE_NAME}-2`));
    expect(plan.warnings.join(' ')).toMatch(/already exists/);
    // And that choice is stable.
    expect(expectOk(planPipeline(plan.content, facts, branchChoices)).unchanged).toBe(true);
  });
});

describe('files that cannot be edited', () => {
  it('a file that does not parse: yaml-parse-error with the line', () => {
    const message = expectError(planPipeline('pipelines:\n  default:\n    - step:\n      script: [\n', facts, repoChoices), 'yaml-parse-error');
    expect(message).toMatch(/line \d+/);
    expect(expectError(planPipeline('pipelines:\n  default: *nowhere\n', facts, repoChoices), 'yaml-parse-error')).toMatch(/line 2.*\*nowhere/);
  });

  it('a file without pipelines: root: no-pipelines-root', () => {
    expect(expectError(planPipeline('image: node:20\n', facts, repoChoices), 'no-pipelines-root')).toMatch(/pipelines:/);
    expect(expectError(planPipeline('# only a comment\n', facts, repoChoices), 'no-pipelines-root')).toMatch(/pipelines:/);
  });

  it('an empty file gets the same content as a new one', () => {
    const plan = expectOk(planPipeline('\n', facts, repoChoices));
    expect(plan.content).toBe(expectOk(planPipeline(null, facts, repoChoices)).content);
    expect(plan.changes.createdFile).toBe(false);
  });

  it('invalid choices: invalid-choices naming the field', () => {
    expect(expectError(planPipeline(RICH, facts, { organization: "evil'; rm -rf / #" }), 'invalid-choices')).toMatch(/organization/);
  });

  it('a flow-style pipelines: map is refused, not reformatted', () => {
    const text = 'pipelines: { default: [ { step: { script: [make] } } ] }\n';
    expect(expectError(planPipeline(text, facts, repoChoices), 'unsupported-structure')).toMatch(/flow style/);
  });
});

it('LOGIN_LINE is what the login step runs', () => {
  expect(loginLines({ configureDocker: false })).toContain(LOGIN_LINE);
});
