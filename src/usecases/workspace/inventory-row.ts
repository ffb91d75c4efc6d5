// One inventory row from what the scan read about a repository. Pure: the scan
// does the reading, this decides what the row says, so the rules (which status
// a repository is in) are tested without Bitbucket.
import type {
  IdentityVariableState,
  InventoryRow,
  LastCheckState,
  PipelineFileState,
  RepositoryStatus,
  SetupPullRequestState,
} from '../../api/workspace-contract';
import type { ListedRepository } from '../../bitbucket';
import { parsePipeline } from '../../core/pipeline/parse';
import { definesCheckPipeline } from '../../core/pipeline/generate';
import { collectSteps } from '../../core/pipeline/steps';
import type { StepRef } from '../../core/types';

/** A pipeline file larger than this is not parsed by the scan (it is reported, not read into memory twice). */
export const MAX_SCANNED_FILE_BYTES = 512 * 1024;

export interface PipelineFileFacts {
  state: PipelineFileState;
  oidcSteps: string[];
  /** The file defines the check pipeline (custom: chainguard-oidc), so its last run is worth a request. */
  hasCheckPipeline?: boolean;
}

/** Reads what the inventory shows about a bitbucket-pipelines.yml (null = absent). */
export function pipelineFileFacts(text: string | null): PipelineFileFacts {
  if (text === null) return { state: { state: 'absent' }, oidcSteps: [] };
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_SCANNED_FILE_BYTES) {
    return {
      state: {
        state: 'unparsable',
        reason: `The file is ${Math.round(bytes / 1024)} KB; the scan reads files up to ${MAX_SCANNED_FILE_BYTES / 1024} KB. Open the repository's page to set it up.`,
      },
      oidcSteps: [],
    };
  }
  const parsed = parsePipeline(text);
  if (!parsed.ok) return { state: { state: 'unparsable', reason: parsed.error.message }, oidcSteps: [] };
  const hasCheckPipeline = definesCheckPipeline(parsed.value.data);
  const oidcSteps = collectSteps(parsed.value)
    .filter((site) => site.data.oidc === true)
    .map((site) => stepLabel(site.ref));
  // Lines as an editor counts them: a final newline ends the last line, it does not start another.
  const lines = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  return { state: { state: 'present', lines }, oidcSteps, hasCheckPipeline };
}

function stepLabel(step: StepRef): string {
  const where = (() => {
    switch (step.trigger.kind) {
      case 'default':
        return 'default';
      case 'custom':
        return `custom: ${step.trigger.name}`;
      case 'branch':
        return `branches: ${step.trigger.pattern}`;
      case 'pull-request':
        return `pull-requests: ${step.trigger.pattern}`;
      case 'tag':
        return `tags: ${step.trigger.pattern}`;
    }
  })();
  return `${step.name ?? `Step at line ${step.line}`} (${where})`;
}

export interface RowInput {
  listed: ListedRepository;
  pipelinesEnabled: boolean | null;
  file: PipelineFileFacts | null;
  pullRequest: SetupPullRequestState;
  identity: IdentityVariableState;
  /** Unknown when omitted (the file could not be read). */
  lastCheck?: LastCheckState;
  readAt: string;
  /** Set when part of the repository could not be read. */
  error?: string;
}

/** The status a row is filtered by; the order of the checks is the order a rollout cares about. */
export function repositoryStatus(input: Omit<RowInput, 'readAt' | 'listed' | 'lastCheck'>): RepositoryStatus {
  const { file, pipelinesEnabled, pullRequest, identity } = input;
  if (file === null) return 'unreadable';
  const identitySet = identity.state === 'repository' || identity.state === 'workspace';
  if (file.oidcSteps.length > 0 && identitySet) return 'set-up';
  if (pullRequest.state === 'open') return 'pull-request-open';
  if (pullRequest.state === 'merged') return 'pull-request-merged';
  if (pipelinesEnabled === false) return 'pipelines-off';
  if (file.state.state === 'unparsable') return 'invalid-pipeline';
  return 'needs-setup';
}

export function inventoryRow(input: RowInput): InventoryRow {
  const { listed } = input;
  return {
    repositoryUuid: listed.uuid,
    slug: listed.slug,
    name: listed.name,
    project: listed.project,
    mainBranch: listed.mainBranch ?? '',
    updatedOn: listed.updatedOn,
    url: listed.htmlUrl ?? '',
    status: repositoryStatus(input),
    pipelinesEnabled: input.pipelinesEnabled,
    pipelineFile: input.file?.state ?? { state: 'unknown' },
    oidcSteps: input.file?.oidcSteps ?? [],
    pullRequest: input.pullRequest,
    identity: input.identity,
    lastCheck: input.lastCheck ?? { state: 'unknown' },
    readAt: input.readAt,
    ...(input.error === undefined ? {} : { error: input.error }),
  };
}
