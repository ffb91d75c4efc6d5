// Our own view of a pipeline run, its steps, log and test report: only what
// the check needs, with Bitbucket's state names kept for the words on the page.

/** Where a run or step is, reduced from Bitbucket's `state.name` / `state.result.name`. */
export type RunPhase = 'pending' | 'running' | 'passed' | 'failed' | 'stopped';

export interface PipelineRun {
  uuid: string;
  buildNumber: number | null;
  phase: RunPhase;
  /** Bitbucket's words, e.g. "COMPLETED" / "FAILED", for anything the phase does not say. */
  stateName: string;
  resultName: string | null;
  refName: string | null;
  selectorPattern: string | null;
  createdOn: string | null;
  completedOn: string | null;
}

export interface PipelineStepInfo {
  uuid: string;
  name: string | null;
  phase: RunPhase;
}

/** A step's log: the text (its tail), moved to storage the app cannot reach (307), or none yet. */
export type StepLog =
  | { kind: 'text'; text: string; truncated: boolean }
  | { kind: 'moved'; location: string | null }
  | { kind: 'none' };

export interface StepTestCase {
  name: string;
  /** Upper-case as Bitbucket reports it, e.g. PASSED, SUCCESSFUL, FAILED, ERROR, SKIPPED. */
  status: string;
  /** The failure's message, when the answer carries one. */
  message: string | null;
}

export interface StartPipelineInput {
  branch: string;
  /** The custom pipeline's name under `pipelines.custom`. */
  customPipeline: string;
}

export interface StepTestReport {
  total: number | null;
  failed: number | null;
}
