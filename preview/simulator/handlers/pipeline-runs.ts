// The pipeline run endpoints the check uses, shaped as Atlassian's spec says:
// POST/GET …/pipelines, GET …/pipelines/{uuid}, …/steps, …/steps/{uuid}/log
// (200 with Range while running, 307 to long-term storage once the step
// completed, as the spec documents), …/test_reports and …/test_reports/test_cases.
import { parseJsonBody, pick, requirePermission, sendError, sendJson, type RepoContext } from '../http';
import { paginate } from '../paging';
import { runPhase, runsOf, startRun, type SimPipelineRun, type SimStep } from '../pipeline-runner';
import { repositorySummaryJson } from '../shapes';
import { sameUuid } from '../state';

/** Where a finished step's log "moves": a host the app does not reach (and need not). */
export const LOG_STORAGE_ORIGIN = 'https://pipelines-log-storage.simulated.invalid';

function runStateJson(run: SimPipelineRun) {
  const phase = runPhase(run);
  if (phase === 'PENDING') return { type: 'pipeline_state_pending', name: 'PENDING' };
  if (phase === 'IN_PROGRESS') return { type: 'pipeline_state_in_progress', name: 'IN_PROGRESS' };
  const result = run.result === 'SUCCESSFUL' ? 'successful' : 'failed';
  return { type: 'pipeline_state_completed', name: 'COMPLETED', result: { type: `pipeline_state_completed_${result}`, name: run.result } };
}

export function runJson(ctx: RepoContext, run: SimPipelineRun) {
  const done = runPhase(run) === 'COMPLETED';
  return {
    type: 'pipeline',
    uuid: run.uuid,
    build_number: run.buildNumber,
    repository: repositorySummaryJson(ctx.origin, ctx.repo),
    target: {
      type: 'pipeline_ref_target',
      ref_type: 'branch',
      ref_name: run.branch,
      commit: { type: 'commit', hash: run.commit },
      selector: { type: 'custom', pattern: run.selectorPattern },
    },
    trigger: { type: 'pipeline_trigger_manual' },
    state: runStateJson(run),
    created_on: run.createdOn,
    ...(done ? { completed_on: run.completedOn } : {}),
  };
}

function stepStateJson(run: SimPipelineRun, step: SimStep) {
  const phase = runPhase(run);
  if (phase === 'PENDING') return { type: 'pipeline_step_state_pending', name: 'PENDING' };
  if (phase === 'IN_PROGRESS') return { type: 'pipeline_step_state_in_progress', name: 'IN_PROGRESS' };
  const result = { SUCCESSFUL: 'successful', FAILED: 'failed', NOT_RUN: 'not_run' }[step.result];
  return { type: 'pipeline_step_state_completed', name: 'COMPLETED', result: { type: `pipeline_step_state_completed_${result}`, name: step.result } };
}

function stepJson(run: SimPipelineRun, step: SimStep) {
  return { type: 'pipeline_step', uuid: step.uuid, name: step.name, state: stepStateJson(run, step) };
}

function runOr404(ctx: RepoContext, uuid: string): SimPipelineRun | undefined {
  const run = runsOf(ctx.state, ctx.repo).find((r) => sameUuid(r.uuid, uuid));
  if (!run) sendError(ctx.res, 404, `Pipeline not found: ${uuid}`);
  return run;
}

function stepOr404(ctx: RepoContext, run: SimPipelineRun, uuid: string): SimStep | undefined {
  const step = run.steps.find((s) => sameUuid(s.uuid, uuid));
  if (!step) sendError(ctx.res, 404, `Step not found: ${uuid}`);
  return step;
}

export function createPipelineRun(ctx: RepoContext): void {
  if (!requirePermission(ctx, 'write', 'run its pipelines')) return;
  const body = parseJsonBody(ctx);
  if (!body.ok) return;
  const refType = pick(body.value, 'target', 'ref_type');
  const refName = pick(body.value, 'target', 'ref_name');
  const selectorType = pick(body.value, 'target', 'selector', 'type');
  const pattern = pick(body.value, 'target', 'selector', 'pattern');
  if (pick(body.value, 'target', 'type') !== 'pipeline_ref_target' || refType !== 'branch' || typeof refName !== 'string') {
    sendError(ctx.res, 400, 'The simulator starts pipelines for a branch: send a pipeline_ref_target with ref_type branch.');
    return;
  }
  if (selectorType !== 'custom' || typeof pattern !== 'string') {
    sendError(ctx.res, 400, 'The simulator starts custom pipelines only: send selector {type: custom, pattern}.');
    return;
  }
  const started = startRun(ctx.state, ctx.repo, refName, pattern);
  if (!started.ok) {
    sendError(ctx.res, started.status, started.message);
    return;
  }
  sendJson(ctx.res, 201, runJson(ctx, started.run), { Location: `${ctx.origin}/2.0/repositories/${ctx.repo.workspace.slug}/${ctx.repo.slug}/pipelines/${started.run.uuid}` });
}

export function listPipelineRuns(ctx: RepoContext): void {
  if (!requirePermission(ctx, 'read', 'list its pipelines')) return;
  let runs = [...runsOf(ctx.state, ctx.repo)];
  const pattern = ctx.query.get('target.selector.pattern');
  if (pattern !== null) runs = runs.filter((r) => r.selectorPattern === pattern);
  const type = ctx.query.get('target.selector.type');
  if (type !== null && type.toUpperCase() !== 'CUSTOM') runs = [];
  const branch = ctx.query.get('target.branch') ?? ctx.query.get('target.ref_name');
  if (branch !== null) runs = runs.filter((r) => r.branch === branch);
  const sort = ctx.query.get('sort');
  // Runs are kept oldest first; "-created_on" (and no sort) gives newest first, as Bitbucket's UI does.
  if (sort !== 'created_on') runs.reverse();
  sendJson(ctx.res, 200, paginate(ctx, runs.map((r) => runJson(ctx, r))));
}

export function getPipelineRun(ctx: RepoContext, uuid: string): void {
  if (!requirePermission(ctx, 'read', 'read its pipelines')) return;
  const run = runOr404(ctx, uuid);
  if (run) sendJson(ctx.res, 200, runJson(ctx, run));
}

export function listPipelineRunSteps(ctx: RepoContext, uuid: string): void {
  if (!requirePermission(ctx, 'read', 'read its pipelines')) return;
  const run = runOr404(ctx, uuid);
  if (run) sendJson(ctx.res, 200, paginate(ctx, run.steps.map((s) => stepJson(run, s))));
}

export function getStepLog(ctx: RepoContext, runUuid: string, stepUuid: string): void {
  if (!requirePermission(ctx, 'read', 'read its pipelines')) return;
  const run = runOr404(ctx, runUuid);
  const step = run && stepOr404(ctx, run, stepUuid);
  if (!run || !step) return;
  const phase = runPhase(run);
  if (phase === 'COMPLETED') {
    ctx.res.writeHead(307, { Location: `${LOG_STORAGE_ORIGIN}/logs/${encodeURIComponent(step.uuid)}`, 'Content-Length': '0' });
    ctx.res.end();
    return;
  }
  // While running, the log so far: its first half, in the simulation.
  const text = phase === 'PENDING' ? '' : step.log.slice(0, Math.ceil(step.log.length / 2));
  const bytes = Buffer.from(text, 'utf8');
  const range = /^bytes=-(\d+)$/.exec(ctx.req.headers.range ?? '');
  if (range) {
    if (bytes.length === 0) {
      sendError(ctx.res, 416, 'Requested range not satisfiable');
      return;
    }
    const start = Math.max(0, bytes.length - Number(range[1]));
    ctx.res.writeHead(206, { 'Content-Type': 'application/octet-stream', 'Content-Range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` });
    ctx.res.end(bytes.subarray(start));
    return;
  }
  ctx.res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
  ctx.res.end(bytes);
}

function finishedStepWithReport(ctx: RepoContext, runUuid: string, stepUuid: string): SimStep['testCases'] | undefined {
  const run = runOr404(ctx, runUuid);
  const step = run && stepOr404(ctx, run, stepUuid);
  if (!run || !step) return undefined;
  if (runPhase(run) !== 'COMPLETED' || step.testCases === null) {
    sendError(ctx.res, 404, 'No test reports exist for this step.');
    return undefined;
  }
  return step.testCases;
}

export function getStepTestReports(ctx: RepoContext, runUuid: string, stepUuid: string): void {
  if (!requirePermission(ctx, 'read', 'read its pipelines')) return;
  const cases = finishedStepWithReport(ctx, runUuid, stepUuid);
  if (!cases) return;
  const failed = cases.filter((c) => c.status === 'FAILED').length;
  sendJson(ctx.res, 200, { total_count: cases.length, success_count: cases.length - failed, failed_count: failed, error_count: 0, skipped_count: 0 });
}

export function listStepTestCases(ctx: RepoContext, runUuid: string, stepUuid: string): void {
  if (!requirePermission(ctx, 'read', 'read its pipelines')) return;
  const cases = finishedStepWithReport(ctx, runUuid, stepUuid);
  if (!cases) return;
  const values = cases.map((c) => ({
    uuid: c.uuid,
    name: c.name,
    fully_qualified_name: `chainguard-check.${c.name}`,
    status: c.status,
    ...(c.message === null ? {} : { reason: { message: c.message } }),
  }));
  sendJson(ctx.res, 200, paginate(ctx, values));
}
