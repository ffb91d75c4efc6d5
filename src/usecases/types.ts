// Inputs and outputs of the use cases. The resolvers (src/resolvers) and the
// UI (static/settings) depend on these names: extend rather than rename.
import type {
  IdentityChoices,
  OidcSettings,
  PlanErrorCode,
  PipelineChanges,
  PipelineSelection,
  RepositoryFacts,
  StepRef,
  TrustFinding,
} from '../core/types';

import type { ErrorCode } from '../shared/error-codes';
import type { PullRequestRef, RepoIds } from '../shared/repository-refs';

export type { ErrorCode, PullRequestRef, RepoIds };

export interface UseCaseError {
  code: ErrorCode;
  /** What happened and what to do, in plain words. */
  message: string;
  /** HTTP status from Bitbucket, when there was one. */
  status?: number;
  /** For invalid-input: which field and why. */
  fields?: { field: string; message: string }[];
  /** For invalid-pipeline: the core's own code (e.g. file-too-large, nests-too-deeply). */
  pipelineCode?: PlanErrorCode;
}

export type UseCaseResult<T> = { ok: true; data: T } | { ok: false; error: UseCaseError };

/** An optional value that may be unavailable without failing the page. */
export type Degradable<T> = { available: true; value: T } | { available: false; reason: string };

export const SETUP_BRANCH = 'chainguard-oidc-setup';
export const PIPELINE_PATH = 'bitbucket-pipelines.yml';
export const IDENTITY_VARIABLE = 'CHAINGUARD_IDENTITY';

export interface SetupData {
  facts: RepositoryFacts;
  oidc: OidcSettings;
  /** Tip of the main branch the file was read at. */
  mainBranchCommit: string;
  /** bitbucket-pipelines.yml on the main branch; null when absent, or when over the size limit (never sent to the page; see pipelineFileProblem). */
  pipelineFile: string | null;
  /**
   * Set when the file exists but cannot be read as a pipeline (YAML error, no
   * pipelines:, over a stated limit, or not UTF-8, when pipelineFile is then null):
   * what is wrong and what to do. The page shows it as a blocking notice, since no
   * pull request can be planned from such a file.
   */
  pipelineFileProblem?: string;
  /** The core's code for pipelineFileProblem (e.g. yaml-parse-error, file-too-large, nests-too-deeply). */
  pipelineFileProblemCode?: PlanErrorCode;
  /** Steps of the existing file (empty when absent or unparsable). */
  steps: StepRef[];
  /** Existing steps that already have oidc: true, with the trust check for the current choices (if any). */
  oidcSteps: TrustFinding[];
  pipelinesEnabled: Degradable<boolean>;
  /** Set when deployment environments could not be read (403/404): facts.environments is then empty. */
  environmentsUnavailable?: string;
  openPullRequest: Degradable<PullRequestRef | null>;
  /** CHAINGUARD_IDENTITY repository variable: its value, or null when not set. */
  identityVariable: Degradable<string | null>;
}

export interface OpenPullRequestInput {
  choices: IdentityChoices;
  /**
   * The steps to change; 'suggested' (the workspace page's bulk pull requests)
   * picks the steps that pull from cgr.dev in the main branch's file as read
   * for the plan, so the choice and the plan see the same version of it.
   */
  selection?: PipelineSelection | 'suggested';
}

export type OpenPullRequestOutcome =
  | 'created' // new branch + new pull request
  | 'updated' // our open pull request got a new commit
  | 'unchanged' // our open pull request already holds exactly this change
  | 'edited-by-person' // someone pushed to our branch: left untouched
  | 'no-change'; // nothing to change: no branch, no pull request

export interface OpenPullRequestData {
  outcome: OpenPullRequestOutcome;
  pullRequest: PullRequestRef | null;
  /** Plain words for the UI. */
  message: string;
  changes: PipelineChanges | null;
}

export interface SaveIdentityData {
  key: typeof IDENTITY_VARIABLE;
  value: string;
  created: boolean;
}
