// The check run's Bitbucket traffic, measured through the preview with the real
// handler: starting it, one poll while it runs, the poll that sees it end
// (passed, and failed with its reason), the last check on load; and how often
// the page polls (its schedule, in polls per minute).
import { generateTerraform } from '../../src/core/terraform';
import { newPipelineFile } from '../../src/core/pipeline';
import { resolveChoices } from '../../src/core/validation';
import type { IdentityChoices, RepositoryFacts } from '../../src/core/types';
import { pollsInMinute, MIN_POLL_INTERVAL_MS } from '../../static/settings/src/components/run-check/poll-schedule';
import { startPreview, type Preview } from '../preview-server';
import { pipelineRuns, runsOf } from '../simulator/pipeline-runner';
import { atMost, type Row } from './report';
import { measureInvoke, type CallMeasurement } from './measure-resolver';

interface CheckRuns {
  start: CallMeasurement;
  running: CallMeasurement;
  passed: CallMeasurement;
  failed: CallMeasurement;
  last: CallMeasurement;
}

/** The demo repository with the check pipeline merged, an identity applied for `appliedBranch`, and the variable set. */
async function prepare(preview: Preview, appliedBranch: string): Promise<void> {
  const state = preview.simulator!.state;
  const repo = state.findRepository(preview.repository.workspace.uuid, preview.repository.repository.uuid)!;
  const facts: RepositoryFacts = {
    workspace: { slug: repo.workspace.slug, uuid: repo.workspace.uuid },
    repository: { slug: repo.slug, uuid: repo.uuid, mainBranch: repo.mainBranch },
    environments: repo.environments.map((e) => ({ uuid: e.uuid, name: e.name })),
  };
  const choices: IdentityChoices = { organization: 'example.com', trust: { kind: 'branch', branch: repo.mainBranch } };
  const resolved = resolveChoices(facts, choices);
  if (!resolved.ok) throw new Error('bench: choices');
  state.commitOrThrow(repo, { branch: repo.mainBranch, files: { 'bitbucket-pipelines.yml': newPipelineFile(facts, resolved.value) } });
  const terraform = generateTerraform(facts, { ...choices, trust: { kind: 'branch', branch: appliedBranch } });
  if (!terraform.ok) throw new Error('bench: terraform');
  const applied = await preview.chainguard!.apply(terraform.files.map((f) => f.content).join('\n'));
  if (!applied.ok) throw new Error(applied.error);
  repo.variables.splice(0, repo.variables.length, { uuid: '{bench}', key: 'CHAINGUARD_IDENTITY', value: applied.identityId, secured: false });
  await measureInvoke(preview, 'saveChoices', { choices });
}

async function oneRun(preview: Preview): Promise<{ start: CallMeasurement; running: CallMeasurement; end: CallMeasurement }> {
  const start = await measureInvoke(preview, 'startCheck', {});
  const outcome = start.result as { data: { run: { pipelineUuid: string } } };
  const pipelineUuid = outcome.data.run.pipelineUuid;
  const running = await measureInvoke(preview, 'readCheck', { pipelineUuid });
  // End the run now, then take the poll that sees it end.
  const state = preview.simulator!.state;
  const repo = state.findRepository(preview.repository.workspace.uuid, preview.repository.repository.uuid)!;
  const run = runsOf(state, repo).at(-1)!;
  run.startAt = 0;
  run.endAt = 0;
  const end = await measureInvoke(preview, 'readCheck', { pipelineUuid });
  return { start, running, end };
}

export async function measureCheck(latencyMs: number): Promise<CheckRuns> {
  const preview = await startPreview({ port: 0, latencyMs, pipelineDelayMs: 3_600_000 });
  try {
    pipelineRuns(preview.simulator!.state).delayMs = 3_600_000;
    await prepare(preview, 'main');
    const passed = await oneRun(preview);
    await prepare(preview, 'release');
    const failed = await oneRun(preview);
    const last = await measureInvoke(preview, 'lastCheck', {});
    return { start: passed.start, running: passed.running, passed: passed.end, failed: failed.end, last };
  } finally {
    await preview.close();
  }
}

export function checkRows(runs: CheckRuns): Row[] {
  const first = pollsInMinute(0);
  const later = pollsInMinute(5 * 60_000);
  return [
    { area: 'Check run', measure: 'Bitbucket requests to start it (file ∥ variables ∥ recent runs, then the POST)', value: String(runs.start.requests), target: atMost(runs.start.requests, 5) },
    { area: 'Check run', measure: 'Bitbucket requests per poll while it runs', value: String(runs.running.requests), target: atMost(runs.running.requests, 1) },
    { area: 'Check run', measure: 'Bitbucket requests on the poll that sees it pass', value: String(runs.passed.requests), target: atMost(runs.passed.requests, 3) },
    { area: 'Check run', measure: 'Bitbucket requests on the poll that sees it fail (reason from the JUnit report)', value: String(runs.failed.requests), target: atMost(runs.failed.requests, 4) },
    { area: 'Check run', measure: 'Polls per minute, first minute (one page)', value: String(first), target: atMost(first, 60_000 / MIN_POLL_INTERVAL_MS) },
    { area: 'Check run', measure: 'Polls per minute after 5 minutes (one page)', value: String(later), target: atMost(later, 60_000 / MIN_POLL_INTERVAL_MS) },
    { area: 'Check run', measure: 'Bitbucket requests for the last check (after first paint)', value: String(runs.last.requests), target: atMost(runs.last.requests, 1) },
  ];
}
