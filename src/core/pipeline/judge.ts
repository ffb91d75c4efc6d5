// Would the generated identity accept the token of a step? Bitbucket's token
// depends on when the step runs (branchName) and on its deployment environment
// (sub, deploymentEnvironmentUuid). We build sample tokens for the runs a
// trigger allows and let the trust model (core/trust.ts) judge each.
import { findEnvironment } from '../environment-name';
import { oidcAudience, oidcIssuer } from '../oidc';
import { claimMatchFor, verifyToken } from '../trust';
import type { RepositoryFacts, ResolvedChoices, StepToken, Trigger } from '../types';
import { globMatches, isGlob, sampleNames } from './glob';

export type Verdict = 'accepted' | 'partly' | 'refused';

export interface StepJudgement {
  verdict: Verdict;
  reason: string;
}

/** A well-formed step UUID; the real one changes on every run. */
const SAMPLE_STEP_UUID = '{5a4d3c2b-1a09-4f8e-9d7c-6b5a49382716}';
/** Stands for an environment the repository does not have. */
const UNKNOWN_ENVIRONMENT_UUID = '{00000000-0000-4000-8000-000000000000}';
/** A branch other than the trusted one, for triggers that run on any branch. */
const OTHER_BRANCH = 'some-other-branch';

interface Run {
  /** Branch of the run; undefined for tag builds, which have none. */
  branch: string | undefined;
}

/** The branch a trust setting cares about, used as the first sample for "any branch" triggers. */
function interestingBranch(facts: RepositoryFacts, resolved: ResolvedChoices): string {
  return resolved.trust.kind === 'branch' ? resolved.trust.branch : facts.repository.mainBranch;
}

/** Branches the trigger may run on, reduced to samples that can tell trust settings apart. */
function sampleRuns(trigger: Trigger, focus: string, branchPatterns: string[]): Run[] {
  switch (trigger.kind) {
    case 'default':
      // Branches with a pipeline of their own under `branches:` never run the default one.
      return [focus, OTHER_BRANCH].filter((b) => !branchPatterns.some((p) => globMatches(p, b))).map((branch) => ({ branch }));
    case 'custom':
      return [{ branch: focus }, { branch: OTHER_BRANCH }];
    case 'branch':
    case 'pull-request': {
      if (!isGlob(trigger.pattern)) return [{ branch: trigger.pattern }];
      const names = sampleNames(trigger.pattern);
      if (globMatches(trigger.pattern, focus)) names.unshift(focus);
      return [...new Set(names)].map((branch) => ({ branch }));
    }
    case 'tag':
      return [{ branch: undefined }];
  }
}

/**
 * Plain words for when a step runs. `manual`: the step has `trigger: manual`,
 * so it runs only when someone starts it, whatever its pipeline's trigger.
 */
export function describeTrigger(trigger: Trigger, manual = false): string {
  if (manual && trigger.kind !== 'custom') return `Runs only when someone starts it by hand (trigger: manual), in ${pipelineWords(trigger)}`;
  switch (trigger.kind) {
    case 'default':
      return 'Runs on every push to any branch (the default pipeline)';
    case 'custom':
      return `Runs when someone starts the custom pipeline "${trigger.name}" by hand, on any branch they pick`;
    case 'branch':
      return isGlob(trigger.pattern)
        ? `Runs on pushes to branches matching "${trigger.pattern}"`
        : `Runs on pushes to branch ${trigger.pattern}`;
    case 'pull-request':
      return `Runs on pull requests from branches matching "${trigger.pattern}" (the token carries the source branch)`;
    case 'tag':
      return `Runs on tags matching "${trigger.pattern}" (the token carries no branch)`;
  }
}

/** Which pipeline a manual step belongs to. */
function pipelineWords(trigger: Exclude<Trigger, { kind: 'custom' }>): string {
  switch (trigger.kind) {
    case 'default':
      return 'the default pipeline, on any branch';
    case 'branch':
      return isGlob(trigger.pattern) ? `the pipeline for branches matching "${trigger.pattern}"` : `the pipeline for branch ${trigger.pattern}`;
    case 'pull-request':
      return `the pull-request pipeline for branches matching "${trigger.pattern}"`;
    case 'tag':
      return `the pipeline for tags matching "${trigger.pattern}"`;
  }
}

/** The environment a `deployment:` names, by the one name rule (core/environment-name.ts); null if none or ambiguous. */
function environmentUuid(facts: RepositoryFacts, name: string): string | null {
  const found = findEnvironment(facts.environments, name);
  return found.ok ? found.environment.uuid : null;
}

function sampleToken(facts: RepositoryFacts, run: Run, environment: string | null): StepToken {
  const repo = facts.repository.uuid;
  const token: StepToken = {
    iss: oidcIssuer(facts.workspace.slug),
    aud: oidcAudience(facts.workspace.uuid),
    sub: environment ? `${repo}:${environment}:${SAMPLE_STEP_UUID}` : `${repo}:${SAMPLE_STEP_UUID}`,
    repositoryUuid: repo,
    workspaceUuid: facts.workspace.uuid,
    stepUuid: SAMPLE_STEP_UUID,
  };
  if (run.branch !== undefined) token.branchName = run.branch;
  if (environment) token.deploymentEnvironmentUuid = environment;
  return token;
}

function whereAccepted(runs: Run[]): string {
  return runs.map((r) => (r.branch === undefined ? 'tag builds' : r.branch)).join(', ');
}

/**
 * Judges a step that runs on `trigger` with deployment environment `deployment`
 * (a name, or null). Facts must be normalized (braced lowercase UUIDs).
 */
export function judgeStep(
  facts: RepositoryFacts,
  resolved: ResolvedChoices,
  trigger: Trigger,
  deployment: string | null,
  branchPatterns: string[] = [],
  manual = false,
): StepJudgement {
  const match = claimMatchFor(facts, resolved);
  const when = describeTrigger(trigger, manual);
  const focus = interestingBranch(facts, resolved);
  const shadow = trigger.kind === 'default' ? branchPatterns.find((p) => globMatches(p, focus)) : undefined;
  const envUuid = deployment === null ? null : environmentUuid(facts, deployment);
  const envNote =
    deployment !== null && envUuid === null
      ? ` Its deployment "${deployment}" is not one of this repository's deployment environments.`
      : '';
  const narrowed = sampleRuns(trigger, focus, branchPatterns);
  // When no branch is left the step never runs; judge its token as if it did, and say so.
  const runs = narrowed.length > 0 ? narrowed : sampleRuns(trigger, focus, []);
  const shadowNote =
    narrowed.length === 0
      ? ` It never runs, though: every branch matches a pattern under "branches:", which Bitbucket runs instead of the default pipeline.`
      : shadow === undefined
        ? ''
        : ` Branch ${focus} runs its own pipeline (branches: "${shadow}") instead of the default one.`;
  const results = runs.map((run) => ({ run, verdict: verifyToken(match, sampleToken(facts, run, deployment === null ? null : envUuid ?? UNKNOWN_ENVIRONMENT_UUID)) }));
  const accepted = results.filter((r) => r.verdict.accepted);
  const refused = results.filter((r) => !r.verdict.accepted);
  if (refused.length === 0) {
    const why = (accepted[0]?.verdict.reason ?? '').replace(/^accepted: /, '');
    return { verdict: 'accepted', reason: `${when}; its token is accepted (${why}).${envNote}${shadowNote}` };
  }
  // The sample branch is ours, not the admin's: never show its made-up name.
  const firstRefusal = (refused[0]?.verdict.reason ?? 'refused').replaceAll(`"${OTHER_BRANCH}"`, 'another branch');
  if (accepted.length === 0) {
    return { verdict: 'refused', reason: `${when}; its token would be ${firstRefusal}.${envNote}${shadowNote}` };
  }
  if (trigger.kind === 'custom' && resolved.trust.kind === 'branch') {
    return {
      verdict: 'partly',
      reason: `${when}. Run it on branch ${resolved.trust.branch}: runs on any other branch are ${firstRefusal}.${envNote}`,
    };
  }
  return {
    verdict: 'partly',
    reason: `${when}; only runs on ${whereAccepted(accepted.map((r) => r.run))} will be accepted, others are ${firstRefusal}.${envNote}${shadowNote}`,
  };
}
