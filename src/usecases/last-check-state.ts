// The "last check" of a repository as the workspace inventory shows it, from
// either place it is learned: the scan reading Bitbucket's newest run of the
// check pipeline, or the repository page following a run it started. Running a
// pipeline does not change a repository's `updated_on`, so a re-scan would not
// notice a check; the repository page records what it sees and the inventory
// row keeps whichever of the two is newer.
import type { LastCheckState } from '../api/workspace-contract';
import type { PipelineRun } from '../bitbucket';
import type { CheckPhase, CheckRunView } from './check-types';

function stateOf(phase: CheckPhase | PipelineRun['phase']): 'passed' | 'failed' | 'running' | 'stopped' {
  return phase === 'queued' || phase === 'pending' ? 'running' : phase;
}

/** The run's page in Bitbucket, under the repository's web link. */
function runPage(repositoryUrl: string | null, buildNumber: number | null): string | null {
  return repositoryUrl && buildNumber !== null ? `${repositoryUrl.replace(/\/+$/, '')}/pipelines/results/${buildNumber}` : null;
}

/** From a run the scan read; `repositoryUrl` is the repository's web link, for the run's page. */
export function lastCheckFromRun(run: PipelineRun | null | undefined, repositoryUrl: string | null): LastCheckState {
  if (!run) return { state: 'none' };
  const at = run.completedOn ?? run.createdOn;
  if (at === null) return { state: 'unknown' };
  return { state: stateOf(run.phase), at, url: runPage(repositoryUrl, run.buildNumber) };
}

/** From the run view the repository page showed; its link, when the view has none, from the row's repository link. */
export function lastCheckFromView(view: CheckRunView, repositoryUrl: string | null): LastCheckState {
  const at = view.completedOn ?? view.createdOn;
  return at === null ? { state: 'unknown' } : { state: stateOf(view.phase), at, url: view.url ?? runPage(repositoryUrl, view.buildNumber) };
}

/** The newer of two: a dated check beats none or unknown; between dated ones, the later wins. */
export function newerCheck(a: LastCheckState, b: LastCheckState | null): LastCheckState {
  if (b === null || !('at' in b)) return a;
  if (!('at' in a)) return b;
  return Date.parse(b.at) > Date.parse(a.at) ? b : a;
}
