// Runs a custom pipeline the way Bitbucket would as far as the check can tell:
// it reads bitbucket-pipelines.yml at the branch tip, walks the custom
// pipeline's steps, gives each `oidc: true` step a token with the claims
// Bitbucket issues, and lets the Chainguard sandbox (preview/chainguard)
// decide the login. It does not run shell: the check step's stages (variable,
// download, token exchange, listing) are played from what its script contains,
// and a JUnit report is kept when the script writes one, as Bitbucket would.
// A run is queued, then running, then ends `delayMs` after it was created.
import { randomUUID } from 'node:crypto';
import { parse } from 'yaml';
import type { SimRepository, SimulatorState } from './state';

/** The claims of a Bitbucket step token (notes/bitbucket.md §1.3). */
export interface StepTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  repositoryUuid: string;
  workspaceUuid: string;
  pipelineUuid: string;
  stepUuid: string;
  branchName: string;
  deploymentEnvironmentUuid?: string;
}

/** What the pipeline runner asks of Chainguard; the sandbox answers in chainctl's words. */
export interface ChainguardBackend {
  /** Exchanges the step token for the identity: ok, or the text chainctl prints. */
  exchange(identityId: string, token: StepTokenClaims): { ok: true; output: string } | { ok: false; output: string };
  /** Lists the organization's repositories as that identity. */
  listRepositories(identityId: string, organization: string): { ok: true; ids: string[] } | { ok: false; output: string };
}

export interface SimTestCase {
  uuid: string;
  name: string;
  status: 'PASSED' | 'FAILED';
  message: string | null;
}

export interface SimStep {
  uuid: string;
  name: string;
  result: 'SUCCESSFUL' | 'FAILED' | 'NOT_RUN';
  log: string;
  testCases: SimTestCase[] | null;
  token: StepTokenClaims | null;
}

export interface SimPipelineRun {
  uuid: string;
  buildNumber: number;
  branch: string;
  commit: string;
  selectorPattern: string;
  createdOn: string;
  /** Wall-clock ms: queued before startAt, running until endAt. */
  startAt: number;
  endAt: number;
  completedOn: string;
  steps: SimStep[];
  result: 'SUCCESSFUL' | 'FAILED';
}

export type RunPhase = 'PENDING' | 'IN_PROGRESS' | 'COMPLETED';

export function runPhase(run: SimPipelineRun, now = Date.now()): RunPhase {
  if (now < run.startAt) return 'PENDING';
  if (now < run.endAt) return 'IN_PROGRESS';
  return 'COMPLETED';
}

/** Per-repository runs and settings, kept beside the simulator state. */
export interface PipelineRunsState {
  runs: Map<string, SimPipelineRun[]>;
  /** How long a run takes from creation to its end; ~0 in tests. */
  delayMs: number;
  chainguard: ChainguardBackend | null;
}

const RUNS = new WeakMap<SimulatorState, PipelineRunsState>();

export function pipelineRuns(state: SimulatorState): PipelineRunsState {
  let runs = RUNS.get(state);
  if (!runs) {
    runs = { runs: new Map(), delayMs: 0, chainguard: null };
    RUNS.set(state, runs);
  }
  return runs;
}

export function runsOf(state: SimulatorState, repo: SimRepository): SimPipelineRun[] {
  const all = pipelineRuns(state).runs;
  let list = all.get(repo.uuid);
  if (!list) {
    list = [];
    all.set(repo.uuid, list);
  }
  return list;
}

export type StartOutcome = { ok: true; run: SimPipelineRun } | { ok: false; status: 400; message: string };

function braced(): string {
  return `{${randomUUID()}}`;
}

const STAGES = ['identity variable', 'chainctl download and checksum', 'token exchange', 'listing repositories'] as const;
const IDENTITY_NOT_SET =
  'CHAINGUARD_IDENTITY is not set: add it under Repository settings > Repository variables with the identity ID that terraform apply printed.';

/** The steps of a pipeline list (plain steps, parallel groups, stages), in order. */
function stepsOf(items: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  for (const item of Array.isArray(items) ? items : []) {
    const entry = item as Record<string, unknown>;
    if (entry.step && typeof entry.step === 'object') found.push(entry.step as Record<string, unknown>);
    const parallel = entry.parallel as unknown;
    const group = Array.isArray(parallel) ? parallel : (parallel as { steps?: unknown } | undefined)?.steps;
    if (group) found.push(...stepsOf(group));
    const stage = entry.stage as { steps?: unknown } | undefined;
    if (stage?.steps) found.push(...stepsOf(stage.steps));
  }
  return found;
}

export function startRun(state: SimulatorState, repo: SimRepository, branch: string, pattern: string): StartOutcome {
  if (!repo.pipelinesEnabled) return { ok: false, status: 400, message: 'Pipelines is not enabled for this repository.' };
  const tip = repo.branches.get(branch);
  if (tip === undefined) return { ok: false, status: 400, message: `The branch ${branch} does not exist.` };
  const text = repo.commits.get(tip)?.files.get('bitbucket-pipelines.yml');
  if (text === undefined) return { ok: false, status: 400, message: 'The bitbucket-pipelines.yml file does not exist in the repository for the given revision.' };
  let custom: unknown;
  try {
    custom = (parse(text) as { pipelines?: { custom?: Record<string, unknown> } } | null)?.pipelines?.custom?.[pattern];
  } catch {
    return { ok: false, status: 400, message: 'The bitbucket-pipelines.yml file is not valid YAML.' };
  }
  if (custom === undefined) return { ok: false, status: 400, message: `The custom pipeline ${pattern} does not exist in bitbucket-pipelines.yml.` };

  const runs = runsOf(state, repo);
  const settings = pipelineRuns(state);
  const uuid = braced();
  const createdMs = Date.now();
  const steps: SimStep[] = [];
  let failed = false;
  for (const [index, step] of stepsOf(custom).entries()) {
    if (failed) {
      steps.push({ uuid: braced(), name: String(step.name ?? `Step ${index + 1}`), result: 'NOT_RUN', log: '', testCases: null, token: null });
      continue;
    }
    const played = playStep(state, repo, { step, uuid, branch }, settings.chainguard);
    steps.push(played);
    failed = played.result === 'FAILED';
  }
  const run: SimPipelineRun = {
    uuid,
    buildNumber: runs.length + 1,
    branch,
    commit: tip,
    selectorPattern: pattern,
    createdOn: new Date(createdMs).toISOString(),
    startAt: createdMs + settings.delayMs / 4,
    endAt: createdMs + settings.delayMs,
    completedOn: new Date(createdMs + settings.delayMs).toISOString(),
    steps,
    result: failed ? 'FAILED' : 'SUCCESSFUL',
  };
  runs.push(run);
  return { ok: true, run };
}

/**
 * A run that already happened (for seeds): finished `result` at `completedMs`,
 * with one step of that result and no token or log worth reading.
 */
export function recordFinishedRun(
  state: SimulatorState,
  repo: SimRepository,
  run: { branch: string; pattern: string; result: 'SUCCESSFUL' | 'FAILED'; completedMs: number },
): SimPipelineRun {
  const runs = runsOf(state, repo);
  const tip = repo.branches.get(run.branch) ?? '';
  const finished: SimPipelineRun = {
    uuid: braced(),
    buildNumber: runs.length + 1,
    branch: run.branch,
    commit: tip,
    selectorPattern: run.pattern,
    createdOn: new Date(run.completedMs - 60_000).toISOString(),
    startAt: run.completedMs - 50_000,
    endAt: run.completedMs,
    completedOn: new Date(run.completedMs).toISOString(),
    steps: [{ uuid: braced(), name: 'Chainguard OIDC check', result: run.result, log: '', testCases: null, token: null }],
    result: run.result,
  };
  runs.push(finished);
  return finished;
}

function tokenFor(repo: SimRepository, pipelineUuid: string, stepUuid: string, branch: string, environment: string | null): StepTokenClaims {
  const env = environment === null ? undefined : repo.environments.find((e) => e.name.toLowerCase() === environment.toLowerCase());
  return {
    iss: `https://api.bitbucket.org/2.0/workspaces/${repo.workspace.slug}/pipelines-config/identity/oidc`,
    aud: `ari:cloud:bitbucket::workspace/${repo.workspace.uuid.replace(/^\{|\}$/g, '')}`,
    sub: env ? `${repo.uuid}:${env.uuid}:${stepUuid}` : `${repo.uuid}:${stepUuid}`,
    repositoryUuid: repo.uuid,
    workspaceUuid: repo.workspace.uuid,
    pipelineUuid,
    stepUuid,
    branchName: branch,
    ...(env ? { deploymentEnvironmentUuid: env.uuid } : {}),
  };
}

function playStep(
  state: SimulatorState,
  repo: SimRepository,
  where: { step: Record<string, unknown>; uuid: string; branch: string },
  chainguard: ChainguardBackend | null,
): SimStep {
  const { step } = where;
  const stepUuid = braced();
  const name = String(step.name ?? 'Step');
  const script = (Array.isArray(step.script) ? step.script : []).map(String);
  const writesReport = script.some((l) => l.includes('cg_case'));
  const logsIn = script.some((l) => l.includes('chainctl auth login'));
  const environment = typeof step.deployment === 'string' ? step.deployment : null;
  const token = step.oidc === true ? tokenFor(repo, where.uuid, stepUuid, where.branch, environment) : null;
  const log: string[] = ['+ umask 000', `Simulated step "${name}" on ${where.branch}.`];
  const cases: SimTestCase[] = [];
  const pass = (stage: string, caseName = stage) => cases.push({ uuid: braced(), name: caseName, status: 'PASSED', message: null });
  const fail = (stage: string, message: string): SimStep => {
    cases.push({ uuid: braced(), name: stage, status: 'FAILED', message });
    log.push(message);
    return { uuid: stepUuid, name, result: 'FAILED', log: `${log.join('\n')}\n`, testCases: writesReport ? cases : null, token };
  };
  if (!logsIn) {
    log.push('Nothing to check in this step.');
    return { uuid: stepUuid, name, result: 'SUCCESSFUL', log: `${log.join('\n')}\n`, testCases: null, token };
  }
  const identity = repo.variables.find((v) => v.key === 'CHAINGUARD_IDENTITY')?.value.trim() ?? '';
  if (identity === '') return fail(STAGES[0], IDENTITY_NOT_SET);
  pass(STAGES[0]);
  log.push('chainctl_linux_x86_64: OK', 'GitVersion:    0.2.313 (simulated)');
  pass(STAGES[1]);
  if (token === null) {
    return fail(STAGES[2], 'Error: exchanging token with "https://issuer.enforce.dev": the step has no OIDC token: add "oidc: true" to it.');
  }
  if (chainguard === null) return fail(STAGES[2], 'Error: exchanging token with "https://issuer.enforce.dev": no Chainguard sandbox is connected to this simulator.');
  const exchanged = chainguard.exchange(identity, token);
  if (!exchanged.ok) return fail(STAGES[2], exchanged.output);
  log.push(exchanged.output);
  pass(STAGES[2]);
  const org = /chainctl images repos list --parent '((?:[^']|'\\'')*)'/.exec(script.join('\n'))?.[1]?.replace(/'\\''/g, "'");
  if (org !== undefined) {
    const listed = chainguard.listRepositories(identity, org);
    if (!listed.ok) return fail(STAGES[3], listed.output);
    log.push(...listed.ids, `The organization listing returned ${listed.ids.length} repositories.`);
    pass(STAGES[3], `${STAGES[3]}: ${listed.ids.length} found`);
  }
  void state;
  return { uuid: stepUuid, name, result: 'SUCCESSFUL', log: `${log.join('\n')}\n`, testCases: writesReport ? cases : null, token };
}
