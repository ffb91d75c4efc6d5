// The name of the custom pipeline the pull request adds. The core's constant
// lives beside the yaml library, which the first screen does not load; a test
// (test/ui/setup-checklist.test.ts) keeps this copy equal to it.
export const CHECK_PIPELINE_NAME = 'chainguard-oidc';
