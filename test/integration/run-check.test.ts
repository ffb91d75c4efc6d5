// The check run end to end against the simulator's pipeline runner and the
// Chainguard sandbox: Terraform from the core applied in the sandbox, the
// pipeline file from the core on the branch, then startCheck / readCheck with
// the real client over HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { ChainguardSandbox } from '../../preview/chainguard/sandbox';
import { pipelineRuns } from '../../preview/simulator/pipeline-runner';
import { demoSeed, type SimRepository } from '../../preview/simulator';
import { newPipelineFile } from '../../src/core/pipeline';
import { generateTerraform } from '../../src/core/terraform';
import type { IdentityChoices, RepositoryFacts } from '../../src/core/types';
import { resolveChoices } from '../../src/core/validation';
import { lastCheck, readCheck, startCheck, type CheckContext } from '../../src/usecases/run-check';
import { startHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h.close();
});

function factsOf(repo: SimRepository): RepositoryFacts {
  return {
    workspace: { slug: repo.workspace.slug, uuid: repo.workspace.uuid },
    repository: { slug: repo.slug, uuid: repo.uuid, mainBranch: repo.mainBranch },
    environments: repo.environments.map((e) => ({ uuid: e.uuid, name: e.name })),
  };
}

/** Demo repository with the check pipeline on main, an identity applied for `appliedFor` and the variable set. */
async function scene(options: { appliedFor?: IdentityChoices; identity?: string } = {}) {
  h = await startHarness(demoSeed);
  const repo = h.state.repositories[0] as SimRepository;
  const sandbox = new ChainguardSandbox();
  pipelineRuns(h.state).chainguard = sandbox;
  const facts = factsOf(repo);
  const choices: IdentityChoices = { organization: 'acme.example', trust: { kind: 'branch', branch: 'main' } };
  const resolved = resolveChoices(facts, choices);
  if (!resolved.ok) throw new Error('choices');
  h.state.commitOrThrow(repo, { branch: 'main', files: { 'bitbucket-pipelines.yml': newPipelineFile(facts, resolved.value) } });
  const terraform = generateTerraform(facts, options.appliedFor ?? choices);
  if (!terraform.ok) throw new Error('terraform');
  const applied = await sandbox.apply(terraform.files.map((f) => f.content).join('\n'));
  if (!applied.ok) throw new Error(applied.error);
  repo.variables.push({ uuid: '{v}', key: 'CHAINGUARD_IDENTITY', value: options.identity ?? applied.identityId, secured: false });
  const context: CheckContext = { choices, mainBranch: 'main', fullName: 'acme/web-app' };
  return { repo, context, sandbox };
}

describe('run check', () => {
  it('passes and reports how many repositories the listing returned', async () => {
    const { repo, context } = await scene();
    const started = await startCheck(h.deps(), h.ids(repo), context);
    if (!started.ok || started.data.outcome === 'refused') throw new Error(JSON.stringify(started));
    expect(started.data.outcome).toBe('started');
    expect(started.data.run.url).toBe('https://bitbucket.org/acme/web-app/pipelines/results/1');
    const status = await readCheck(h.deps(), h.ids(repo), started.data.run.pipelineUuid, context);
    expect(status).toMatchObject({ ok: true, data: { run: { phase: 'passed', branch: 'main' }, repositoryCount: 3, failure: null } });
    const last = await lastCheck(h.deps(), h.ids(repo), context);
    expect(last).toMatchObject({ ok: true, data: { run: { phase: 'passed' } } });
  });

  it('fails with the refused claim when the identity was applied for another branch', async () => {
    const { repo, context } = await scene({ appliedFor: { organization: 'acme.example', trust: { kind: 'branch', branch: 'release' } } });
    const started = await startCheck(h.deps(), h.ids(repo), context);
    if (!started.ok || started.data.outcome === 'refused') throw new Error(JSON.stringify(started));
    const status = await readCheck(h.deps(), h.ids(repo), started.data.run.pipelineUuid, context);
    if (!status.ok) throw new Error(status.error.message);
    expect(status.data.run.phase).toBe('failed');
    expect(status.data.failure).toMatchObject({ kind: 'token-refused', stage: 'exchange', source: 'test-report', refusedClaim: 'branchName' });
    expect(status.data.failure?.claims).toMatchObject({ carried: { branch: 'main' }, refused: { claim: 'branchName', value: 'main' } });
  });

  it('fails as a refused token for an identity ID the sandbox does not know', async () => {
    const { repo, context } = await scene({ identity: `${'0'.repeat(40)}/${'1'.repeat(16)}` });
    const started = await startCheck(h.deps(), h.ids(repo), context);
    if (!started.ok || started.data.outcome === 'refused') throw new Error(JSON.stringify(started));
    const status = await readCheck(h.deps(), h.ids(repo), started.data.run.pipelineUuid, context);
    expect(status.ok && status.data.failure?.kind).toBe('token-refused');
  });

  it('costs one request per poll while the run is going, and does not start a second run', async () => {
    const { repo, context } = await scene();
    pipelineRuns(h.state).delayMs = 60_000;
    const started = await startCheck(h.deps(), h.ids(repo), context);
    if (!started.ok || started.data.outcome === 'refused') throw new Error(JSON.stringify(started));
    const before = h.sim.requests.length;
    const status = await readCheck(h.deps(), h.ids(repo), started.data.run.pipelineUuid, context);
    expect(h.sim.requests.length - before).toBe(1);
    expect(status.ok && status.data.run.phase).toMatch(/queued|running/);
    const again = await startCheck(h.deps(), h.ids(repo), context);
    expect(again.ok && again.data.outcome).toBe('already-running');
    expect(h.sim.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/pipelines'))).toHaveLength(1);
  });

  it('says what to do when the pipeline is not on the branch yet, or Pipelines is off', async () => {
    const { repo, context } = await scene();
    const noPipeline = await startCheck(h.deps(), h.ids(repo), { ...context, choices: { organization: 'acme.example', trust: { kind: 'branch', branch: 'nope' } } });
    expect(noPipeline.ok ? '' : noPipeline.error.message).toMatch(/does not exist/);
    repo.pipelinesEnabled = false;
    const off = await startCheck(h.deps(), h.ids(repo), context);
    expect(off.ok && off.data.outcome === 'refused' ? off.data.advice : '').toMatch(/Pipelines is off/);
  });

  it('without a JUnit report, reads the log and handles its 307 explicitly', async () => {
    const { repo, context } = await scene();
    const login = 'chainctl auth login --identity-token "$BITBUCKET_STEP_OIDC_TOKEN" --identity "$CHAINGUARD_IDENTITY"';
    h.state.commitOrThrow(repo, {
      branch: 'main',
      files: { 'bitbucket-pipelines.yml': `pipelines:\n  custom:\n    chainguard-oidc:\n      - step:\n          script:\n            - '${login.replace(/'/g, "''")}'\n` },
    });
    const started = await startCheck(h.deps(), h.ids(repo), context);
    if (!started.ok || started.data.outcome === 'refused') throw new Error(JSON.stringify(started));
    const status = await readCheck(h.deps(), h.ids(repo), started.data.run.pipelineUuid, context);
    if (!status.ok) throw new Error(status.error.message);
    expect(status.data.failure).toMatchObject({ source: 'none', logNote: expect.stringContaining('moved') });
    expect(h.sim.requests.some((r) => r.status === 307 && r.url.endsWith('/log'))).toBe(true);
  });
});
