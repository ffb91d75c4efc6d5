// What the check run use cases return to the page: the run as the page shows
// it, and, once it ended, the verdict in words.
import type { FailureDiagnosis } from '../core/check';
import type { CheckStage } from '../core/pipeline/script';

export type CheckPhase = 'queued' | 'running' | 'passed' | 'failed' | 'stopped';

export interface CheckRunView {
  pipelineUuid: string;
  buildNumber: number | null;
  /** The branch it ran on. */
  branch: string | null;
  phase: CheckPhase;
  createdOn: string | null;
  completedOn: string | null;
  /** The run in Bitbucket's UI, when the build number is known. */
  url: string | null;
}

/** The claims of the check step's token next to what the identity (as this page generates it) requires. */
export interface ClaimComparison {
  carried: { branch: string | null; repository: string; environment: string | null };
  required: { branch: string | null; repository: string; environment: string | null };
  /** The claim Chainguard named in its refusal, and the value it saw, when it said. */
  refused: { claim: string; value: string | null } | null;
}

export interface CheckFailure extends FailureDiagnosis {
  stage: CheckStage | null;
  /** Only for a refused token. */
  claims: ClaimComparison | null;
  /** Where the reason came from: the step's JUnit report, its log, or neither. */
  source: 'test-report' | 'log' | 'none';
  /** Said when the log could not be read (moved to storage the app cannot reach). */
  logNote: string | null;
}

export interface CheckStatus {
  run: CheckRunView;
  /** Passed runs: how many repositories the organization listing returned (null when not reported). */
  repositoryCount: number | null;
  /** Failed runs only. */
  failure: CheckFailure | null;
}

export type StartCheckOutcome =
  | { outcome: 'started'; run: CheckRunView }
  /** A check was already queued or running on this branch: follow that one instead of starting a second. */
  | { outcome: 'already-running'; run: CheckRunView }
  /** Bitbucket refused to start it (Pipelines off, no build minutes, no such pipeline…): the POST's own error. */
  | { outcome: 'refused'; reason: string; advice: string };

export interface LastCheckData {
  /** Null when the check pipeline never ran. */
  run: CheckRunView | null;
}
