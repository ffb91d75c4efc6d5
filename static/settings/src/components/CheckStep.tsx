// Section 5: run the check. Until the page can start the run itself, it says
// where to run the custom pipeline in Bitbucket and on which branch. `check`
// is the slot for the "Run check" feature: its state, and what it renders.
import type { ReactNode } from 'react';
import type { Trust, PipelineSelection } from '@app/core/types';
import type { SetupData } from '@app/usecases/types';
import { CHECK_PIPELINE_NAME } from '../lib/check-pipeline';
import { checkBranch, mainHasChange } from '../lib/setup-checklist';

export interface CheckStepProps {
  setup: SetupData;
  /** The validated trust, or null while the choices are invalid. */
  trust: Trust | null;
  selection: PipelineSelection;
  /** What the "Run check" feature shows (button, run status); null until it exists. */
  check?: ReactNode;
}

export function CheckStep({ setup, trust, selection, check = null }: CheckStepProps) {
  const branch = checkBranch(setup, trust);
  const merged = mainHasChange(setup, selection);
  const otherBranch = branch !== setup.facts.repository.mainBranch;
  return (
    <div>
      {selection.addCustomPipeline === false ? (
        <p>
          Run a pipeline that has one of the chosen steps on branch <code>{branch}</code> and check that its <code>chainctl auth login</code> line succeeds.
        </p>
      ) : (
        <ol>
          <li>
            In Bitbucket, open <strong>Pipelines</strong> and choose <strong>Run pipeline</strong>.
          </li>
          <li>
            Choose branch <code>{branch}</code>
            {trust?.kind === 'branch' ? ', the branch the identity trusts' : ''}, and the pipeline <code>custom: {CHECK_PIPELINE_NAME}</code>.
          </li>
          <li>Run it. It logs in as the identity and lists the organization's repositories; if it fails, its log says which claim Chainguard refused.</li>
        </ol>
      )}
      {merged ? null : <p>The pipeline exists once the pull request of step 4 is merged.</p>}
      {otherBranch ? <p>Branch {branch} needs the change too: merge {setup.facts.repository.mainBranch} into it after step 4.</p> : null}
      {check}
    </div>
  );
}
