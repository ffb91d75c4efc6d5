// "Run check": start the custom pipeline chainguard-oidc on the branch where it
// must run, follow it, and say in words why it failed. The page polls
// readCheck; no resolver waits for a run (Forge gives an invocation 25 s).
//
// Requests: startCheck reads the branch's file, the variable and the recent
// runs in one round trip, then POSTs once (never repeated: an unsafe write).
// readCheck costs one GET while the run is going; on the poll that sees it end,
// it reads the steps, the failed step's test cases and, only when those say
// nothing, the tail of its log.
import { BitbucketError, type BitbucketClient, type PipelineRun, type PipelineStepInfo } from '../bitbucket';
import { classifyFailure, readCheckReport, type CheckReport } from '../core/check';
import { parsePipeline } from '../core/pipeline/parse';
import { CUSTOM_PIPELINE_NAME, definesCheckPipeline } from '../core/pipeline/generate';
import type { IdentityChoices } from '../core/types';
import { normalizeUuid } from '../core/uuid';
import type { CheckFailure, CheckPhase, CheckRunView, CheckStatus, ClaimComparison, LastCheckData, StartCheckOutcome } from './check-types';
import { guard } from './errors';
import { readBranchFile } from './read-branch';
import { IDENTITY_VARIABLE, type RepoIds, type UseCaseResult } from './types';

export interface CheckDeps {
  read: BitbucketClient;
}

/** Where the run is shown in Bitbucket; built from the repository's names, which the page knows. */
export interface CheckContext {
  /** "workspace/repo" for links, when known. */
  fullName?: string;
  /** The admin's saved choices: which branch the check runs on, and what the identity trusts. */
  choices: IdentityChoices | null;
  /** The repository's main branch, when remembered; read from Bitbucket when null. */
  mainBranch: string | null;
}

/** The main branch, remembered or read; null for a repository without commits. */
async function mainBranchOf(read: BitbucketClient, ids: RepoIds, context: CheckContext): Promise<string | null> {
  if (context.mainBranch) return context.mainBranch;
  return (await read.getRepository(ids)).mainBranch ?? null;
}

function phaseOf(run: PipelineRun): CheckPhase {
  return run.phase === 'pending' ? 'queued' : run.phase;
}

export function runView(run: PipelineRun, fullName?: string): CheckRunView {
  return {
    pipelineUuid: run.uuid,
    buildNumber: run.buildNumber,
    branch: run.refName,
    phase: phaseOf(run),
    createdOn: run.createdOn,
    completedOn: run.completedOn,
    url: fullName && run.buildNumber !== null ? `https://bitbucket.org/${fullName}/pipelines/results/${run.buildNumber}` : null,
  };
}

/** Whether `text` defines pipelines.custom.chainguard-oidc. */
function hasCheckPipeline(text: string | null): boolean {
  if (text === null) return false;
  const parsed = parsePipeline(text);
  if (!parsed.ok) return false;
  return definesCheckPipeline(parsed.value.data);
}

/**
 * Bitbucket's 400 for the POST names why it would not start: the spec says
 * "the account or repository is not enabled, the yml file does not exist … or
 * the request body contained invalid properties". The wording matched below
 * (enabled / minutes) is UNCONFIRMED against a live answer; anything else is
 * shown as Bitbucket said it.
 */
function refusal(error: BitbucketError): StartCheckOutcome {
  const said = [error.bitbucketMessage, error.bitbucketDetail].filter((t): t is string => !!t).join(' ');
  if (/minute/i.test(said)) {
    return { outcome: 'refused', reason: `Bitbucket did not start the check: ${said}`, advice: 'The workspace has no build minutes left. Add minutes (Workspace settings > Plan details) or wait for the next month, then run the check again.' };
  }
  if (/not enabled|disabled/i.test(said)) {
    return { outcome: 'refused', reason: `Bitbucket did not start the check: ${said}`, advice: 'Pipelines is off for this repository. Turn it on under Repository settings > Pipelines > Settings, then run the check again.' };
  }
  return { outcome: 'refused', reason: `Bitbucket did not start the check: ${said || error.message}`, advice: 'Fix what Bitbucket says, then run the check again.' };
}

export async function startCheck(deps: { read: BitbucketClient; write: BitbucketClient }, ids: RepoIds, context: CheckContext): Promise<UseCaseResult<StartCheckOutcome>> {
  return guard<StartCheckOutcome>(async () => {
    const trust = context.choices?.trust;
    const branch = trust?.kind === 'branch' ? trust.branch : await mainBranchOf(deps.read, ids, context);
    if (branch === null) return notReady('The repository has no main branch yet. Push a first commit, then run the check.');
    const [snapshot, variables, recent] = await Promise.all([
      readBranchFile(deps.read, ids, branch),
      deps.read.listVariables(ids),
      deps.read.recentPipelines(ids, CUSTOM_PIPELINE_NAME, 5),
    ]);
    if (snapshot.tip === null) {
      return notReady(`The branch ${branch}, where the check must run, does not exist. Create it, or choose another branch, then run the check.`);
    }
    if (!hasCheckPipeline(snapshot.file)) {
      return notReady(`bitbucket-pipelines.yml on ${branch} has no custom pipeline ${CUSTOM_PIPELINE_NAME} yet. Merge the pull request first, then run the check.`);
    }
    const identity = variables.find((v) => v.key === IDENTITY_VARIABLE);
    if (!identity || (!identity.secured && identity.value.trim() === '')) {
      return notReady(`${IDENTITY_VARIABLE} is not set. Save the identity ID that terraform apply printed, then run the check.`);
    }
    const going = recent.find((r) => (r.phase === 'pending' || r.phase === 'running') && r.refName === branch);
    if (going) return { ok: true, data: { outcome: 'already-running', run: runView(going, context.fullName) } };
    try {
      const run = await deps.write.startPipeline(ids, { branch, customPipeline: CUSTOM_PIPELINE_NAME });
      return { ok: true, data: { outcome: 'started', run: runView({ ...run, refName: run.refName ?? branch }, context.fullName) } };
    } catch (error) {
      if (error instanceof BitbucketError && error.status === 400) return { ok: true, data: refusal(error) };
      throw error;
    }
  });
}

function notReady(message: string): UseCaseResult<never> {
  return { ok: false, error: { code: 'invalid-input', message } };
}

/** The step to explain: the first failed one, else the last. */
function stepToExplain(steps: PipelineStepInfo[]): PipelineStepInfo | null {
  return steps.find((s) => s.phase === 'failed') ?? steps.at(-1) ?? null;
}

export async function readCheck(deps: CheckDeps, ids: RepoIds, pipelineUuid: string, context: CheckContext): Promise<UseCaseResult<CheckStatus>> {
  return guard<CheckStatus>(async () => {
    const run = await deps.read.getPipeline(ids, pipelineUuid);
    if (run === null) return { ok: false, error: { code: 'not-found', message: 'That check run no longer exists in Bitbucket. Run the check again.' } };
    const view = runView(run, context.fullName);
    if (run.phase === 'pending' || run.phase === 'running' || run.phase === 'stopped') {
      return { ok: true, data: { run: view, repositoryCount: null, failure: null } };
    }
    const steps = await deps.read.listPipelineSteps(ids, pipelineUuid);
    const step = stepToExplain(steps);
    const report = step ? readCheckReport(await deps.read.listStepTestCases(ids, pipelineUuid, step.uuid)) : null;
    if (run.phase === 'passed') {
      return { ok: true, data: { run: view, repositoryCount: report?.repositoryCount ?? null, failure: null } };
    }
    const failure = await explain(deps, ids, pipelineUuid, step, report, run, context);
    return { ok: true, data: { run: view, repositoryCount: null, failure } };
  });
}

async function explain(
  deps: CheckDeps,
  ids: RepoIds,
  pipelineUuid: string,
  step: PipelineStepInfo | null,
  report: CheckReport | null,
  run: PipelineRun,
  context: CheckContext,
): Promise<CheckFailure> {
  let text = report?.failureMessage ?? null;
  let source: CheckFailure['source'] = text !== null ? 'test-report' : 'none';
  let logNote: string | null = null;
  // The report names the stage; its message may be missing. Only then read the log.
  if (text === null && step !== null) {
    const log = await deps.read.readStepLogTail(ids, pipelineUuid, step.uuid);
    if (log.kind === 'text') {
      text = log.text;
      source = 'log';
    } else if (log.kind === 'moved') {
      logNote = "Bitbucket has moved the finished step's log to storage this app cannot reach; open the run in Bitbucket to read it.";
    } else {
      logNote = 'The step left no log.';
    }
  }
  const diagnosis = classifyFailure({ stage: report?.failedStage ?? null, text });
  return {
    ...diagnosis,
    stage: report?.failedStage ?? null,
    claims: diagnosis.kind === 'token-refused' ? compareClaims(ids, run, context, text) : null,
    source,
    logNote,
  };
}

function compareClaims(ids: RepoIds, run: PipelineRun, context: CheckContext, text: string | null): ClaimComparison {
  const trust = context.choices?.trust;
  const refusedMatch = /token has invalid "([^"]+)":\s*([^\n]*)/.exec(text ?? '');
  return {
    carried: { branch: run.refName, repository: bracedRepository(ids), environment: trust?.kind === 'environment' ? trust.environmentUuid : null },
    required: {
      branch: trust === undefined ? context.mainBranch : trust.kind === 'branch' ? trust.branch : null,
      repository: bracedRepository(ids),
      environment: trust?.kind === 'environment' ? trust.environmentUuid : null,
    },
    refused: refusedMatch ? { claim: refusedMatch[1] as string, value: refusedMatch[2]?.trim() || null } : null,
  };
}

function bracedRepository(ids: RepoIds): string {
  return normalizeUuid(ids.repositoryUuid) ?? ids.repositoryUuid;
}

/** The newest run of the check pipeline, for "Last check passed 2 hours ago on main". One request. */
export async function lastCheck(deps: CheckDeps, ids: RepoIds, context: Pick<CheckContext, 'fullName'>): Promise<UseCaseResult<LastCheckData>> {
  return guard<LastCheckData>(async () => {
    const [newest] = await deps.read.recentPipelines(ids, CUSTOM_PIPELINE_NAME, 1);
    return { ok: true, data: { run: newest ? runView(newest, context.fullName) : null } };
  });
}
