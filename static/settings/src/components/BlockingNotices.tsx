// What stops the setup before it starts, shown at the top with what to do:
// Pipelines switched off, and a bitbucket-pipelines.yml that cannot be read.
import { PIPELINE_PATH, type SetupData } from '@app/usecases/types';
import { Notice } from './Notice';

export function BlockingNotices({ setup }: { setup: SetupData }) {
  const pipelinesOff = setup.pipelinesEnabled.available && !setup.pipelinesEnabled.value;
  if (!pipelinesOff && !setup.pipelineFileProblem) return null;
  return (
    <div style={{ display: 'grid', gap: 12, marginBottom: 16 }}>
      {pipelinesOff ? (
        <Notice appearance="warning" title="Pipelines is off in this repository">
          <p>
            No step runs, and none gets an OIDC token, until Pipelines is on. Turn it on in Repository settings → Pipelines → Settings → Enable Pipelines, then reload this page.
          </p>
        </Notice>
      ) : null}
      {setup.pipelineFileProblem ? (
        <Notice appearance="error" title={`${PIPELINE_PATH} on the main branch cannot be read`}>
          <p>{setup.pipelineFileProblem}</p>
          <p>No pull request can be prepared until it is fixed. Fix the file on {setup.facts.repository.mainBranch}, then reload this page.</p>
        </Notice>
      ) : null}
    </div>
  );
}
