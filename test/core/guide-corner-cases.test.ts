// Corner cases the settings page's guide (issue 8) found in the output:
// a suggested step gets `configure-docker`, an organization name with a space
// never reaches an image reference, a new file's pull request says it is new
// and names its steps, manual steps say they run when someone starts them,
// and a role broader than pulling is warned about in the pull request too.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFIGURE_DOCKER_LINE, listSteps, planPipeline, suggestedSelection, trustReport } from '../../src/core/pipeline';
import { BUILT_IN_ROLES, roleWarning } from '../../src/core/roles';
import { generateTerraform } from '../../src/core/terraform';
import type { IdentityChoices, RepositoryFacts } from '../../src/core/types';
import { resolveChoices } from '../../src/core/validation';
import { escapeMarkdown, pullRequestDescription } from '../../src/usecases/pull-request-description';

const facts: RepositoryFacts = {
  workspace: { slug: 'acme', uuid: '{3f2a8c1e-6b4d-4e7a-9c21-5d8e0f1a2b3c}' },
  repository: { slug: 'web-app', uuid: '{9a7b6c5d-4e3f-4a2b-8c1d-0e9f8a7b6c5d}', mainBranch: 'main' },
  environments: [{ uuid: '{aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa}', name: 'Production' }],
};
const choices: IdentityChoices = { organization: 'acme.example', trust: { kind: 'branch', branch: 'main' } };

const FILE = `image: atlassian/default-image:4
pipelines:
  branches:
    main:
      - step:
          name: Build from Chainguard
          image: cgr.dev/acme.example/python:latest
          script:
            - python -V
      - step:
          name: Plain build
          script:
            - make
      - step:
          name: Deploy by hand
          trigger: manual
          script:
            - ./deploy.sh
`;

/** The lines of one step's script in the planned file, found by its name. */
function scriptOf(content: string, name: string): string {
  const start = content.indexOf(`name: ${name}`);
  const next = content.indexOf('- step:', start);
  return content.slice(start, next === -1 ? undefined : next);
}

describe('a suggested step (it pulls from cgr.dev)', () => {
  const listed = listSteps(FILE);
  if (!listed.ok) throw new Error(listed.error.message);
  const suggested = listed.steps.find((s) => s.name === 'Build from Chainguard')!;
  const plain = listed.steps.find((s) => s.name === 'Plain build')!;

  it('is marked suggested, the plain one is not', () => {
    expect(suggested.suggested).toBe(true);
    expect(plain.suggested).toBeUndefined();
  });

  it('gets chainctl auth configure-docker even with no image chosen; a plain step gets only the login', () => {
    const plan = planPipeline(FILE, facts, choices, { steps: [suggested.id, plain.id], addCustomPipeline: false });
    if (!plan.ok) throw new Error(plan.error.message);
    expect(scriptOf(plan.content, 'Build from Chainguard')).toContain(CONFIGURE_DOCKER_LINE);
    expect(scriptOf(plan.content, 'Plain build')).not.toContain(CONFIGURE_DOCKER_LINE);
    expect(scriptOf(plan.content, 'Plain build')).toContain('chainctl auth login');
  });
});

describe('an organization name with a space', () => {
  it('is a valid Chainguard name on its own, and the Terraform is generated', () => {
    expect(resolveChoices(facts, { organization: 'acme example' }).ok).toBe(true);
    expect(generateTerraform(facts, { organization: 'acme example' }).ok).toBe(true);
  });

  it('gets a clear error on the image field when an image is asked for, and no plan with a broken reference', () => {
    const result = resolveChoices(facts, { organization: 'acme example', image: { name: 'python', tag: 'latest' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const error = result.errors.find((e) => e.field === 'image.name');
    expect(error?.message).toContain('"acme example" has a space');
    expect(error?.message).toContain('Leave Image name empty');
    expect(planPipeline(null, facts, { organization: 'acme example', image: { name: 'python', tag: 'latest' } }).ok).toBe(false);
  });

  it('never produces an image reference with whitespace, whatever the name and image (property)', () => {
    const orgWithSpace = fc
      .tuple(fc.stringMatching(/^[a-z0-9._-]{1,10}$/), fc.constantFrom(' ', '  '), fc.stringMatching(/^[a-z0-9._-]{1,10}$/))
      .map(([a, space, b]) => `${a}${space}${b}`);
    const image = fc.option(fc.record({ name: fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,10}$/), tag: fc.constantFrom('', 'latest', '3.12') }), { nil: undefined });
    fc.assert(
      fc.property(orgWithSpace, image, fc.boolean(), (organization, img, existing) => {
        const chosen: IdentityChoices = { organization, ...(img ? { image: img } : {}) };
        const plan = planPipeline(existing ? FILE : null, facts, chosen, { steps: [], addCustomPipeline: true });
        if (!plan.ok) return;
        for (const line of plan.content.split('\n')) {
          const ref = /cgr\.dev\/([^'"\s:]*[\s][^'"]*)/.exec(line);
          expect(ref, line).toBeNull();
        }
        expect(plan.content).not.toMatch(/docker pull '[^']*\s[^']*'/);
      }),
      { numRuns: 60 },
    );
  });
});

describe('a new file\'s pull request description', () => {
  const resolved = resolveChoices(facts, choices);
  if (!resolved.ok) throw new Error('fixture');
  const plan = planPipeline(null, facts, choices);
  if (!plan.ok) throw new Error(plan.error.message);
  const text = pullRequestDescription({ facts, choices: resolved.value, changes: plan.changes, warnings: plan.warnings });

  it('says the file is new and names its steps by their names and where they run', () => {
    expect(text).toContain('Creates `bitbucket-pipelines.yml`: the repository had none, so the whole file is new.');
    expect(plan.changes.oidcAddedTo.length).toBeGreaterThan(0);
    for (const step of plan.changes.oidcAddedTo) expect(text).toContain(`"${step.name!.replace(/[.:-]/g, (c) => (c === ':' ? ':' : `\\${c}`))}"`);
    expect(text).toContain('(custom: chainguard\\-oidc, line');
  });

  it('claims no edit of existing steps, shows no internal step ids, and does not say the rest is kept', () => {
    expect(text).not.toMatch(/existing steps/);
    expect(text).not.toMatch(/Everything else in the file/);
    for (const step of plan.changes.oidcAddedTo) {
      expect(text).not.toContain(step.id);
      expect(text).not.toContain(step.id.replace(/\./g, '\\.'));
    }
  });

  it('an empty existing file is "written", still whole and new', () => {
    const empty = planPipeline('\n', facts, choices);
    if (!empty.ok) throw new Error(empty.error.message);
    const emptyText = pullRequestDescription({ facts, choices: resolved.value, changes: empty.changes });
    expect(emptyText).toContain('which was empty: the whole file is new');
    expect(emptyText).not.toMatch(/existing steps|Everything else in the file/);
  });
});

describe('a step with trigger: manual', () => {
  it('says it runs when someone starts it, not on pushes', () => {
    const withOidc = FILE.replace('name: Deploy by hand\n', 'name: Deploy by hand\n          oidc: true\n');
    const [finding] = trustReport(withOidc, facts, choices);
    expect(finding?.step.manual).toBe(true);
    expect(finding?.reason).toMatch(/^Runs only when someone starts it by hand \(trigger: manual\), in the pipeline for branch main/);
    expect(finding?.reason).not.toMatch(/Runs on pushes/);
  });
});

describe('the suggested selection (bulk pull requests)', () => {
  it('chooses the steps that pull from cgr.dev, plus the check pipeline; nothing for an absent or unreadable file', () => {
    const listed = listSteps(FILE);
    if (!listed.ok) throw new Error(listed.error.message);
    const cgr = listed.steps.filter((s) => s.name === 'Build from Chainguard').map((s) => s.id);
    expect(suggestedSelection(FILE)).toEqual({ steps: cgr, addCustomPipeline: true });
    expect(suggestedSelection(null)).toBeUndefined();
    expect(suggestedSelection('pipelines: [')).toBeUndefined();
  });
});

describe('a stage with trigger: manual', () => {
  const STAGED = `pipelines:
  branches:
    main:
      - step:
          name: Build
          script: [make]
      - stage:
          name: Release
          trigger: manual
          deployment: Production
          steps:
            - step:
                name: Publish
                oidc: true
                script: [./publish.sh]
      - stage:
          name: Verify
          steps:
            - step:
                name: Smoke test
                script: [./smoke.sh]
`;

  it('makes each of its steps manual, and only its own', () => {
    const listed = listSteps(STAGED);
    if (!listed.ok) throw new Error(listed.error.message);
    const manual = Object.fromEntries(listed.steps.map((s) => [s.name, s.manual === true]));
    expect(manual).toEqual({ Build: false, Publish: true, 'Smoke test': false });
  });

  it('says its step runs when someone starts it', () => {
    const [finding] = trustReport(STAGED, facts, choices);
    expect(finding?.step.name).toBe('Publish');
    expect(finding?.reason).toMatch(/^Runs only when someone starts it by hand \(trigger: manual\)/);
  });
});

describe('role warnings', () => {
  it('none for roles that only read or pull; one saying what it allows for every other role', () => {
    const quiet = ['registry.pull', 'apk.pull', 'viewer', 'console_viewer', 'libraries.java.pull', 'libraries.python.pull', 'libraries.javascript.pull'];
    for (const role of BUILT_IN_ROLES) {
      const warning = roleWarning(role.name, 'branch');
      if (quiet.includes(role.name)) expect(warning, role.name).toBeNull();
      else expect(warning?.strength, role.name).toBe('warning');
    }
    expect(roleWarning('editor', 'branch')?.text).toContain('push and pull images, libraries and APKs');
  });

  it('a strong one for owner or editor with any step, repeated in the pull request description', () => {
    for (const role of ['owner', 'editor']) {
      expect(roleWarning(role, 'repository')?.strength).toBe('strong');
      const chosen: IdentityChoices = { organization: 'acme.example', role, trust: { kind: 'repository' } };
      const resolved = resolveChoices(facts, chosen);
      const plan = planPipeline(null, facts, chosen);
      if (!resolved.ok || !plan.ok) throw new Error('fixture');
      const text = pullRequestDescription({ facts, choices: resolved.value, changes: plan.changes });
      expect(text).toContain(`**Any step of this repository would act as ${role}.**`);
      // Our own sentence, in full: the 120-character cap is for names from the repository.
      const warning = roleWarning(role, 'repository')!;
      expect(warning.text.length).toBeGreaterThan(120);
      expect(text).toContain(escapeMarkdown(warning.text, Infinity));
    }
    expect(roleWarning('registry.push', 'repository')?.strength).toBe('warning');
  });
});
