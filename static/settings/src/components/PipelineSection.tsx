// Section 4: the pipeline file the pull request will hold, the steps to give
// OIDC, whether each OIDC step's token will be accepted, and the pull request.
// The verdicts are shown here only, recomputed from the current choices; their
// line numbers, like the step picker's, refer to the main branch's file.
import { Notice } from './Notice';
import Spinner from '@atlaskit/spinner';
import { Stack } from '@atlaskit/primitives/compiled';
import type { IdentityChoices, PipelineSelection, PlanResult, StepRef, TrustFinding } from '@app/core/types';
import type { Degradable, OpenPullRequestData, PullRequestRef, SetupData } from '@app/usecases/types';
import type { PipelinePlanState } from '../lib/use-pipeline-plan';
import { CodeView } from './CodeView';
import { PipelineDiff } from './PipelineDiff';
import { PullRequestAction } from './PullRequestAction';
import { StepPicker } from './StepPicker';
import { stepLabel, TrustVerdict } from './TrustVerdict';

export interface PipelineSectionProps {
  setup: SetupData;
  plan: PipelinePlanState;
  choices: IdentityChoices;
  selection: PipelineSelection;
  onSelectionChange: (change: { steps?: string[]; addCustomPipeline?: boolean }) => void;
  /** The open pull request as the page knows it now. */
  pullRequest: Degradable<PullRequestRef | null>;
  onPullRequestOutcome?: (data: OpenPullRequestData) => void;
}

export function PipelineSection({ setup, plan, choices, selection, onSelectionChange, pullRequest, onPullRequestOutcome }: PipelineSectionProps) {
  if (setup.pipelineFileProblem) return <p>No pull request can be prepared while bitbucket-pipelines.yml cannot be read (see the notice at the top).</p>;
  if (plan.status === 'idle') return <p>The pipeline change appears here once the choices in step 1 are valid.</p>;
  return (
    <Stack space="space.200">
      <p>
        The pull request adds <code>oidc: true</code> and the Chainguard login to bitbucket-pipelines.yml. You can open it now; merge it once steps 2 and 3 are done, so
        that the identity exists when the pipeline first uses it.
      </p>
      <StepPicker
        hasExistingFile={setup.pipelineFile !== null}
        steps={setup.steps}
        alreadyOidc={setup.oidcSteps.map((finding) => finding.step.id)}
        selected={selection.steps}
        onChange={(steps) => onSelectionChange({ steps })}
        addCustomPipeline={selection.addCustomPipeline !== false}
        onAddCustomPipelineChange={(addCustomPipeline) => onSelectionChange({ addCustomPipeline })}
      />
      <PlanView setup={setup} plan={plan} />
      {plan.status === 'ready' && plan.plan.ok ? <Findings findings={plan.findings} setup={setup} /> : null}
      <PullRequestAction
        existing={pullRequest}
        choices={choices}
        selection={selection}
        canOpen={plan.status === 'ready' && plan.plan.ok && !plan.plan.unchanged}
        onOutcome={onPullRequestOutcome}
      />
    </Stack>
  );
}

function PlanView({ setup, plan }: { setup: SetupData; plan: PipelinePlanState }) {
  if (plan.status === 'loading' || plan.status === 'idle') {
    return (
      <div role="status" style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <Spinner size="small" label="Preparing the pipeline preview" />
        <span>Preparing the pipeline preview…</span>
      </div>
    );
  }
  if (plan.status === 'failed') {
    return (
      <Notice appearance="error" title="No pipeline preview">
        <p>{plan.message}</p>
      </Notice>
    );
  }
  const result = plan.plan;
  if (!result.ok) {
    return (
      <Notice appearance="error" title="The pipeline cannot be changed this way">
        <p>{result.error.message}</p>
      </Notice>
    );
  }
  return (
    <Stack space="space.100">
      <ChangeSummary result={result} />
      {setup.pipelineFile === null ? (
        <>
          <p>The repository has no bitbucket-pipelines.yml yet; the pull request adds this one:</p>
          <CodeView text={result.content} language="yaml" label="New bitbucket-pipelines.yml" />
        </>
      ) : result.unchanged ? null : (
        <PipelineDiff before={setup.pipelineFile} after={result.content} />
      )}
    </Stack>
  );
}

function ChangeSummary({ result }: { result: Extract<PlanResult, { ok: true }> }) {
  const { changes, warnings } = result;
  const items: string[] = [];
  if (result.unchanged) items.push('bitbucket-pipelines.yml already holds this change: there is nothing to commit.');
  if (changes.addedCustomPipeline) items.push(`Adds the manual custom pipeline "${changes.addedCustomPipeline}".`);
  if (changes.oidcAddedTo.length > 0) items.push(`Adds oidc: true and the login lines to ${changes.oidcAddedTo.map(stepLabel).join(', ')}.`);
  if (changes.alreadyOidc.length > 0) items.push(`Leaves ${changes.alreadyOidc.map(stepLabel).join(', ')} alone: already oidc: true.`);
  for (const reach of changes.reachedThroughAliases) {
    items.push(`The edit inside anchor &${reach.anchor} (${stepLabel(reach.definedAt)}) also changes ${reach.alsoChanges.map(stepLabel).join(', ')}.`);
  }
  return (
    <div>
      {items.length > 0 ? (
        <ul aria-label="What changes">
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      ) : null}
      {warnings.length > 0 ? (
        <Notice appearance="warning" title="Check before merging">
          <ul>
            {warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
    </div>
  );
}

/** One verdict per `oidc: true` step of the file after the pull request, for the current choices. */
function Findings({ findings, setup }: { findings: TrustFinding[]; setup: SetupData }) {
  if (findings.length === 0) return <p>No step of the planned file has oidc: true.</p>;
  return (
    <div>
      <strong>Will each OIDC step's token be accepted by this identity?</strong>
      <p style={{ margin: '4px 0' }}>{lineNote(setup)}</p>
      <ul aria-label="Token checks">
        {findings.map((finding) => (
          <TrustVerdict key={finding.step.id} finding={finding} label={labelOnMain(finding.step, setup)} />
        ))}
      </ul>
    </div>
  );
}

/** Which version of the file the line numbers refer to. */
export function lineNote(setup: SetupData): string {
  if (setup.pipelineFile === null) return 'Line numbers refer to the new bitbucket-pipelines.yml shown above.';
  return `Line numbers refer to bitbucket-pipelines.yml on ${setup.facts.repository.mainBranch} as it is now (commit ${setup.mainBranchCommit.slice(0, 7)}); steps the pull request adds are marked as new.`;
}

/**
 * The planned file has more lines than the main branch's; a step that exists
 * there keeps its main-branch line, so the picker, the summary and the
 * verdicts all agree. A step only the pull request adds says so.
 */
export function labelOnMain(step: StepRef, setup: SetupData): string {
  if (setup.pipelineFile === null) return stepLabel(step);
  const onMain = setup.steps.find((existing) => existing.id === step.id);
  if (onMain) return stepLabel({ ...step, line: onMain.line });
  const name = step.name ? `"${step.name}"` : 'unnamed step';
  return `${name} (new, ${step.trigger.kind === 'custom' ? `custom ${step.trigger.name}` : 'added by the pull request'})`;
}
