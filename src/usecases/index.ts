// The use cases: orchestration over the Bitbucket client and the pure core.
export { loadSetup, type LoadSetupDeps, type LoadSetupHint } from './load-setup';
export { openPullRequest, type OpenPullRequestDeps } from './open-pull-request';
export { saveIdentity, type SaveIdentityDeps } from './save-identity';
export { pullRequestDescription, PULL_REQUEST_TITLE, COMMIT_TRAILER } from './pull-request-description';
export { isNeedsAuthentication, toUseCaseError } from './errors';
export * from './types';
export { startCheck, readCheck, lastCheck, type CheckContext, type CheckDeps } from './run-check';
export type * from './check-types';
