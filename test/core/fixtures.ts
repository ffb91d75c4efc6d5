// Sample repository and step tokens shaped like Atlassian's sample token
// (notes/bitbucket.md §1.3-1.4). UUIDs are made up.
import type { RepositoryFacts, StepToken } from '../../src/core/types';

export const WORKSPACE_UUID = '{922e118c-f34f-4226-a897-0e0afbec553d}';
export const REPO_UUID = '{1de489be-ce6a-42a0-a8c8-eadbf1174ac7}';
export const OTHER_REPO_UUID = '{2ae489be-ce6a-42a0-a8c8-eadbf1174ac8}';
export const PROD_ENV_UUID = '{bd715740-c970-486b-b68a-b421ec2a1f8b}';
export const STAGING_ENV_UUID = '{0c715740-c970-486b-b68a-b421ec2a1f8c}';
export const STEP_UUID = '{759de0c6-eaee-4eaa-b7a6-c507eec759a7}';

export const facts: RepositoryFacts = {
  workspace: { slug: 'bbcitest', uuid: WORKSPACE_UUID },
  repository: { slug: 'web-app', uuid: REPO_UUID, mainBranch: 'main' },
  environments: [
    { uuid: PROD_ENV_UUID, name: 'Production' },
    { uuid: STAGING_ENV_UUID, name: 'Staging' },
  ],
};

export const ISSUER = 'https://api.bitbucket.org/2.0/workspaces/bbcitest/pipelines-config/identity/oidc';
export const AUDIENCE = 'ari:cloud:bitbucket::workspace/922e118c-f34f-4226-a897-0e0afbec553d';

/** A normal step token of the sample repository on `branch`. */
export function stepToken(branch = 'main', overrides: Partial<StepToken> = {}): StepToken {
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: `${REPO_UUID}:${STEP_UUID}`,
    branchName: branch,
    repositoryUuid: REPO_UUID,
    workspaceUuid: WORKSPACE_UUID,
    stepUuid: STEP_UUID,
    ...overrides,
  };
}

/** A deployment step token of the sample repository. */
export function deploymentToken(envUuid = PROD_ENV_UUID, branch = 'main', overrides: Partial<StepToken> = {}): StepToken {
  return stepToken(branch, {
    sub: `${REPO_UUID}:${envUuid}:${STEP_UUID}`,
    deploymentEnvironmentUuid: envUuid,
    ...overrides,
  });
}
