// Whether "Run check" can run, and if not, why in words. The check runs the
// custom pipeline chainguard-oidc on the trusted branch (branch trust) or the
// main branch, and needs CHAINGUARD_IDENTITY. The page knows the main branch's
// file; for another branch the server checks when asked.
import type { IdentityChoices } from '@app/core/types';
import type { SetupData } from '@app/usecases/types';

export type CheckReadiness = { ready: true; branch: string } | { ready: false; branch: string; reason: string };

const CUSTOM_SECTION = /^[ \t]*custom[ \t]*:/m;
const CHECK_PIPELINE = /^[ \t]+["']?chainguard-oidc["']?[ \t]*:/m;

/** A cheap look at the text (the full parse runs in the worker and on the server): enough to enable a button. */
export function hasCheckPipeline(file: string | null): boolean {
  return file !== null && CUSTOM_SECTION.test(file) && CHECK_PIPELINE.test(file);
}

export function checkReadiness(setup: SetupData, choices: IdentityChoices, options: { addCustomPipeline?: boolean } = {}): CheckReadiness {
  const trust = choices.trust;
  const branch = trust?.kind === 'branch' ? trust.branch : setup.facts.repository.mainBranch;
  if (options.addCustomPipeline === false) {
    return { ready: false, branch, reason: 'The check runs the custom pipeline chainguard-oidc, which you chose not to add: run a pipeline with one of the chosen steps in Bitbucket instead.' };
  }
  if (setup.pipelinesEnabled.available && !setup.pipelinesEnabled.value) {
    return { ready: false, branch, reason: 'Pipelines is off in this repository: turn it on (Repository settings → Pipelines → Settings) first.' };
  }
  const variable = setup.identityVariable;
  if (variable.available && (variable.value === null || variable.value.trim() === '')) {
    return { ready: false, branch, reason: 'Save the identity ID first: the check needs CHAINGUARD_IDENTITY.' };
  }
  if (branch === setup.facts.repository.mainBranch && !hasCheckPipeline(setup.pipelineFile)) {
    return {
      ready: false,
      branch,
      reason: `The custom pipeline chainguard-oidc is not on ${branch} yet: merge the pull request, then reload this page.`,
    };
  }
  return { ready: true, branch };
}
