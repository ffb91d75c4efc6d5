// Section 4: the pipeline file the pull request will hold, the steps to give
// OIDC, whether each OIDC step's token will be accepted, and the pull request.
import { Notice } from './Notice';
import Spinner from '@atlaskit/spinner';
import { Stack } from '@atlaskit/primitives/compiled';
import type { IdentityChoices, PipelineSelection, PlanResult, TrustFinding } from '@app/core/types';
import type { SetupData } from '@app/usecases/types';
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
}

export function PipelineSection({ setup, plan, choices, selection, onSelectionChange }: PipelineSectionProps) {
  if (plan.status === 'idle') return <p>The pipeline change appears here once the choices above are valid.</p>;
  const pipelinesOff = setup.pipelinesEnabled.available && !setup.pipelinesEnabled.value;
  return (
    <Stack space="space.200">
      {pipelinesOff ? (
        <Notice appearance="warning" title="Pipelines is off in this repository">
          <p>The pull request can be merged, but no step runs (and none gets an OIDC token) until Pipelines is on: Repository settings → Pipelines → Settings → Enable Pipelines.</p>
        </Notice>
      ) : null}
      <StepPicker
        hasExistingFile={setup.pipelineFile !== null || setup.pipelineRefused !== undefined}
        steps={setup.steps}
        alreadyOidc={setup.oidcSteps.map((finding) => finding.step.id)}
        selected={selection.steps}
        onChange={(steps) => onSelectionChange({ steps })}
        addCustomPipeline={selection.addCustomPipeline !== false}
        onAddCustomPipelineChange={(addCustomPipeline) => onSelectionChange({ addCustomPipeline })}
      />
      <PlanView setup={setup} plan={plan} />
      {plan.status === 'ready' && plan.plan.ok ? <Findings findings={plan.findings} /> : null}
      <PullRequestAction
        existing={setup.openPullRequest}
        choices={choices}
        selection={selection}
        canOpen={plan.status === 'ready' && plan.plan.ok && !plan.plan.unchanged}
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

function Findings({ findings }: { findings: TrustFinding[] }) {
  if (findings.length === 0) return <p>No step of the planned file has oidc: true.</p>;
  return (
    <div>
      <strong>Will each OIDC step's token be accepted by this identity?</strong>
      <ul aria-label="Token checks">
        {findings.map((finding) => (
          <TrustVerdict key={finding.step.id} finding={finding} />
        ))}
      </ul>
    </div>
  );
}
